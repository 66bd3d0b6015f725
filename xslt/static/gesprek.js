/* gesprek.js - progressive enhancement only: every page works without it.
 *
 * Loaded with <script src="/static/gesprek.js" defer> (CSP script-src 'self',
 * no inline script).  All texts come from the page (data-* attributes filled
 * from the message catalogs), so this file holds no language.
 *
 *  - A form with data-confirm asks before it is sent: finalizing and signing
 *    cannot be undone.  A checked radio button with its own data-confirm
 *    (the verdict of a signature) names what is about to be signed.
 *  - Textareas grow with what is typed, so a long note stays readable
 *    without scrolling inside a small box.
 *  - Print buttons (data-print) are shown and call window.print().
 */
(function () {
  'use strict';

  /* Extra pixels over scrollHeight so the last line is never cut off. */
  var GROW_SLACK_PX = 2;
  /* A textarea never grows past this share of the window height. */
  var GROW_MAX_VIEWPORT = 0.7;

  function confirmText(form) {
    var chosen = form.querySelector('input[type=radio][data-confirm]:checked');

    if (chosen) {
      return chosen.getAttribute('data-confirm');
    }
    return form.getAttribute('data-confirm');
  }

  function onSubmit(event) {
    var form = event.target;
    var text;

    if (!form || form.nodeName !== 'FORM' || !form.hasAttribute('data-confirm')) {
      return;
    }
    text = confirmText(form);
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  }

  function grow(area) {
    var max = Math.round(window.innerHeight * GROW_MAX_VIEWPORT);

    /* CSSOM, not a style attribute: allowed under style-src 'self'. */
    area.style.height = 'auto';
    area.style.height = Math.min(area.scrollHeight + GROW_SLACK_PX, max) + 'px';
  }

  function onInput(event) {
    if (event.target && event.target.nodeName === 'TEXTAREA') {
      grow(event.target);
    }
  }

  function growAll() {
    var areas = document.querySelectorAll('textarea');
    var i;

    for (i = 0; i < areas.length; i++) {
      if (areas[i].value) {
        grow(areas[i]);
      }
    }
  }

  /* Print buttons (layout.xsl print-button): hidden without this script,
   * which is what makes them work. */
  function printButtons() {
    var buttons = document.querySelectorAll('button[data-print]');
    var i;

    for (i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function () {
        window.print();
      });
    }
  }

  document.addEventListener('submit', onSubmit);
  document.addEventListener('input', onInput);
  /* A <details> opened later shows its textareas: size them then. */
  document.addEventListener('toggle', function (event) {
    if (event.target && event.target.open) {
      growAll();
    }
  }, true);
  growAll();
  printButtons();
}());
