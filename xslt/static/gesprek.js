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
 *  - Shortly before the session's idle limit (data-idle on #idle-notice,
 *    from the page XML) a notice offers to stay logged in: a GET of
 *    /session/alive touches the session.  Once the limit has passed the
 *    notice says so; a form sent then is kept by the server and comes back
 *    after login.
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

  /* Warn this long before the idle limit (seconds)... */
  var IDLE_WARN_BEFORE_S = 120;
  /* ... but never before this share of it has passed (a short limit). */
  var IDLE_WARN_MIN_SHARE = 0.5;
  /* The server writes seen_at at most once a minute: the session may end
   * up to this long before idle seconds after this page's load. */
  var IDLE_SEEN_SLACK_S = 60;

  function idleWatch() {
    var notice = document.getElementById('idle-notice');
    var keep = document.getElementById('idle-keep');
    var text = document.getElementById('idle-text');
    var idle, warnTimer, endTimer;

    if (!notice || !keep || !text || !window.fetch) {
      return;
    }
    idle = parseInt(notice.getAttribute('data-idle'), 10);
    if (!(idle > 0)) {
      return;
    }

    function ended() {
      text.textContent = notice.getAttribute('data-expired');
      keep.hidden = true;
      notice.hidden = false;
    }

    function arm() {
      var warnAt = Math.max(idle - IDLE_WARN_BEFORE_S - IDLE_SEEN_SLACK_S,
        idle * IDLE_WARN_MIN_SHARE);

      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
      warnTimer = window.setTimeout(function () {
        notice.hidden = false;
      }, warnAt * 1000);
      /* Ended for sure: seen_at is never later than this page's load. */
      endTimer = window.setTimeout(ended, idle * 1000);
    }

    keep.addEventListener('click', function () {
      /* Accept XML: a session that has ended answers 403, not the login page. */
      window.fetch('/session/alive', {
        credentials: 'same-origin',
        headers: { Accept: 'application/xml' },
        cache: 'no-store'
      }).then(function (response) {
        if (response.ok) {
          notice.hidden = true;
          arm();
        } else {
          ended();
        }
      }, ended);
    });
    arm();
  }

  idleWatch();

  printButtons();
}());
