<?xml version="1.0" encoding="UTF-8"?>
<!--
  reports_people.xsl - GET /reports/people: the people behind one number of
  the overview (reports.xsl), a page of them at a time, each with a link to
  their dossier.
  Input: /page/reports_people[@scope, @goal (collective goal's title)] with
    filter/@{cycle, department, recursive, query}, cycle/@{id, name},
    people/@{metric, type, state, value, label, scale, template (a rating's:
    its scale's id, 0 the cycle's, and the form whose final scale it is),
    page, page_rows, more,
    total (the overview's number behind the list, every page together),
    next (the cursor of the page after), prev (of the page before; empty:
    the first page)}
    for a competence's level (issue 16) also @{competence, name_nl, name_en,
      label_nl, label_en}
    people/person/@{id, login, name, department, manager, dossier, count},
    people/@remind = 1 when the list can be reminded (reports_remind.c);
    people/@readable = 0 for an HR administrator, who opens no dossier (issue 17);
  or, when the link was not valid, /page/form[@name = 'people'].
  POST /reports/people/remind renders the same page with people/remind
  instead of people/person: @error (mail | metric | many | again_max, with
  @limit), or
  the confirmation: @{count (the whole list), sendable (of them),
  shown (named below), again_minutes, last_at, last_by},
  recipient/@{id, name, lang}, skipped/@{id, name, lang, reason} (the
  first @shown of the list),
  preview/@subject with preview/body, and /page/confirm (layout.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="rp" select="/page/reports_people"/>
  <xsl:variable name="p" select="$rp/people"/>
  <xsl:variable name="with-count" select="starts-with($p/@metric, 'conversations.')
      or starts-with($p/@metric, 'results.') or starts-with($p/@metric, 'rating.')
      or starts-with($p/@metric, 'competence.')"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('reports.people.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <p class="back-link">
      <a href="/reports?{$rp/filter/@query}"><xsl:value-of select="i:t('reports.people.back')"/></a>
    </p>
    <div class="page-head">
      <h1><xsl:value-of select="i:t('reports.people.title')"/></h1>
      <xsl:if test="$p">
        <p class="lead">
          <xsl:call-template name="pp-metric"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="$rp/cycle/@name"/>
        </p>
      </xsl:if>
    </div>
    <xsl:choose>
      <xsl:when test="/page/form[@name = 'people']">
        <div class="alert alert-error" role="alert"><p><xsl:value-of select="i:t('reports.people.refused')"/></p></div>
      </xsl:when>
      <xsl:when test="$p/remind">
        <xsl:call-template name="pp-remind"/>
      </xsl:when>
      <xsl:when test="$p/person">
        <xsl:call-template name="pp-remind-button"/>
        <xsl:call-template name="pp-table"/>
        <xsl:call-template name="pp-pages"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('reports.people.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What the number counts, in words. -->
  <xsl:template name="pp-metric">
    <xsl:choose>
      <xsl:when test="$p/@metric = 'dossiers'"><xsl:value-of select="i:t('reports.dossiers.count')"/></xsl:when>
      <xsl:when test="$p/@metric = 'no_dossier'"><xsl:value-of select="i:t('reports.dossiers.without')"/></xsl:when>
      <xsl:when test="starts-with($p/@metric, 'conversations.')">
        <xsl:value-of select="i:t(concat('conversation.type.', $p/@type))"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="i:t(concat('reports.state.', $p/@state))"/>
      </xsl:when>
      <xsl:when test="starts-with($p/@metric, 'results.')">
        <xsl:value-of select="i:t('reports.results.title')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="i:t(concat('reports.results.', $p/@state))"/>
      </xsl:when>
      <xsl:when test="starts-with($p/@metric, 'rating.')">
        <xsl:value-of select="i:t('reports.ratings.title')"/>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="string($p/@label) != ''"><xsl:value-of select="$p/@label"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$p/@value"/></xsl:otherwise>
        </xsl:choose>
        <!-- a form's own final scale (issue 16): which form's -->
        <xsl:if test="string($p/@template) != ''">
          <xsl:value-of select="concat(' (', i:t('reports.ratings.scale.form'), ' ', $p/@template, ')')"/>
        </xsl:if>
      </xsl:when>
      <xsl:when test="starts-with($p/@metric, 'competence.')">
        <xsl:choose>
          <xsl:when test="/page/@lang = 'en' and $p/@name_en != ''"><xsl:value-of select="$p/@name_en"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$p/@name_nl"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="/page/@lang = 'en' and $p/@label_en != ''"><xsl:value-of select="$p/@label_en"/></xsl:when>
          <xsl:when test="$p/@label_nl != ''"><xsl:value-of select="$p/@label_nl"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat(i:t('reports.dist.level'), ' ', $p/@value)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="i:t('reports.collective.title')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="$rp/@goal"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pp-table">
    <div class="table-wrap">
      <table class="list stack">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="i:t('reports.people.name')"/></th>
            <th scope="col"><xsl:value-of select="i:t('reports.people.login')"/></th>
            <th scope="col"><xsl:value-of select="i:t('reports.people.department')"/></th>
            <th scope="col"><xsl:value-of select="i:t('reports.people.manager')"/></th>
            <xsl:if test="$with-count">
              <th scope="col" class="num"><xsl:value-of select="i:t('reports.people.count')"/></th>
            </xsl:if>
            <th scope="col"><xsl:value-of select="i:t('reports.people.dossier')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$p/person">
            <tr>
              <th scope="row"><xsl:value-of select="@name"/></th>
              <td class="muted" data-label="{i:t('reports.people.login')}"><xsl:value-of select="@login"/></td>
              <td data-label="{i:t('reports.people.department')}"><xsl:value-of select="@department"/></td>
              <td data-label="{i:t('reports.people.manager')}"><xsl:value-of select="@manager"/></td>
              <xsl:if test="$with-count">
                <td class="num" data-label="{i:t('reports.people.count')}"><xsl:value-of select="@count"/></td>
              </xsl:if>
              <td data-label="{i:t('reports.people.dossier')}">
                <xsl:choose>
                  <!-- readable="0": an HR administrator, who reads no dossier (issue 17) -->
                  <xsl:when test="string(@dossier) != '' and $p/@readable = '0'">
                    <span class="muted"><xsl:value-of select="i:t('reports.people.not_readable')"/></span>
                  </xsl:when>
                  <xsl:when test="string(@dossier) != ''">
                    <a href="/dossiers/{@dossier}">
                      <xsl:value-of select="i:t('reports.people.open')"/>
                      <span class="visually-hidden">
                        <xsl:text>: </xsl:text>
                        <xsl:value-of select="@name"/>
                      </span>
                    </a>
                  </xsl:when>
                  <xsl:otherwise>
                    <span class="muted"><xsl:value-of select="i:t('reports.people.no_dossier')"/></span>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- "Herinnering sturen aan deze N personen": the list as a whole, every
       page of it, offered on its first page (the server reads it again and
       counts it on the confirmation page). -->
  <xsl:template name="pp-remind-button">
    <xsl:variable name="n" select="count($p/person)"/>
    <xsl:if test="$p/@remind = '1' and not($p/@page &gt; 1)">
      <form method="post" action="/reports/people/remind" class="remind-form">
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="cycle" value="{$rp/filter/@cycle}"/>
        <xsl:if test="string($rp/filter/@department) != ''">
          <input type="hidden" name="department" value="{$rp/filter/@department}"/>
        </xsl:if>
        <xsl:if test="$rp/filter/@recursive = '1'">
          <input type="hidden" name="recursive" value="1"/>
        </xsl:if>
        <input type="hidden" name="metric" value="{$p/@metric}"/>
        <button type="submit" class="button" id="remind-button">
          <xsl:choose>
            <xsl:when test="$p/@more = '1'"><xsl:value-of select="i:t('reports.remind.button.all')"/></xsl:when>
            <xsl:when test="$n = 1"><xsl:value-of select="i:t('reports.remind.button.one')"/></xsl:when>
            <xsl:otherwise>
              <xsl:variable name="t" select="i:t('reports.remind.button.many')"/>
              <xsl:value-of select="concat(substring-before($t, '{n}'), $n, substring-after($t, '{n}'))"/>
            </xsl:otherwise>
          </xsl:choose>
        </button>
      </form>
    </xsl:if>
  </xsl:template>

  <!-- The reminder's confirmation page, or why it was refused. -->
  <xsl:template name="pp-remind">
    <xsl:variable name="r" select="$p/remind"/>
    <xsl:choose>
      <xsl:when test="$r/@error">
        <div class="alert alert-error" role="alert" id="remind-error">
          <p>
            <xsl:variable name="t" select="i:t(concat('reports.remind.error.', $r/@error))"/>
            <xsl:choose>
              <xsl:when test="contains($t, '{max}')">
                <xsl:value-of select="concat(substring-before($t, '{max}'), $r/@limit, substring-after($t, '{max}'))"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
            </xsl:choose>
          </p>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <section class="panel remind-panel" id="remind" aria-labelledby="remind-title">
          <h2 id="remind-title"><xsl:value-of select="i:t('reports.remind.title')"/></h2>
          <xsl:if test="$r/@last_at">
            <div class="alert alert-error" role="alert" id="remind-again">
              <p>
                <xsl:variable name="t" select="i:t('reports.remind.again')"/>
                <xsl:variable name="t2" select="concat(substring-before($t, '{at}'), translate($r/@last_at, 'T', ' '), substring-after($t, '{at}'))"/>
                <xsl:variable name="t3" select="concat(substring-before($t2, '{by}'), $r/@last_by, substring-after($t2, '{by}'))"/>
                <xsl:value-of select="concat(substring-before($t3, '{minutes}'), $r/@again_minutes, substring-after($t3, '{minutes}'))"/>
              </p>
            </div>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="$r/recipient">
              <h3><xsl:value-of select="i:t('reports.remind.to')"/></h3>
              <ul class="remind-to">
                <xsl:for-each select="$r/recipient">
                  <li data-id="{@id}"><xsl:value-of select="@name"/></li>
                </xsl:for-each>
              </ul>
              <xsl:if test="$r/@sendable &gt; count($r/recipient)">
                <p id="remind-to-more">
                  <xsl:variable name="t" select="i:t('reports.remind.to.more')"/>
                  <xsl:value-of select="concat(substring-before($t, '{n}'), $r/@sendable - count($r/recipient), substring-after($t, '{n}'))"/>
                </p>
              </xsl:if>
            </xsl:when>
            <xsl:when test="$r/@sendable &gt; 0">
              <p id="remind-to-more">
                <xsl:variable name="t" select="i:t('reports.remind.to.later')"/>
                <xsl:value-of select="concat(substring-before($t, '{n}'), $r/@sendable, substring-after($t, '{n}'))"/>
              </p>
            </xsl:when>
            <xsl:otherwise>
              <p class="empty" id="remind-nobody"><xsl:value-of select="i:t('reports.remind.nobody')"/></p>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:if test="$r/skipped">
            <h3><xsl:value-of select="i:t('reports.remind.skipped')"/></h3>
            <ul class="remind-skipped">
              <xsl:for-each select="$r/skipped">
                <li data-id="{@id}" data-reason="{@reason}">
                  <xsl:value-of select="@name"/>
                  <xsl:text>: </xsl:text>
                  <xsl:value-of select="i:t(concat('reports.remind.reason.', @reason))"/>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="$r/@count - $r/@sendable &gt; count($r/skipped)">
            <p id="remind-skipped-more">
              <xsl:variable name="t" select="i:t('reports.remind.skipped.more')"/>
              <xsl:value-of select="concat(substring-before($t, '{n}'), $r/@count - $r/@sendable - count($r/skipped), substring-after($t, '{n}'))"/>
            </p>
          </xsl:if>
          <xsl:if test="$r/preview">
            <h3><xsl:value-of select="i:t('reports.remind.preview')"/></h3>
            <p class="muted"><xsl:value-of select="i:t('reports.remind.preview.note')"/></p>
            <dl class="facts remind-preview">
              <div>
                <dt><xsl:value-of select="i:t('reports.remind.preview.subject')"/></dt>
                <dd><xsl:value-of select="$r/preview/@subject"/></dd>
              </div>
              <div>
                <dt><xsl:value-of select="i:t('reports.remind.preview.body')"/></dt>
                <dd class="text"><xsl:call-template name="pp-lines"><xsl:with-param name="text" select="string($r/preview/body)"/></xsl:call-template></dd>
              </div>
            </dl>
          </xsl:if>
        </section>
        <xsl:apply-templates select="/page/confirm" mode="layout"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The mail's lines as they read, each without the blanks around it
       (the signature separator, two hyphens and a blank, ends in one). -->
  <xsl:template name="pp-lines">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&#10;')">
        <xsl:value-of select="normalize-space(substring-before($text, '&#10;'))"/>
        <xsl:text>&#10;</xsl:text>
        <xsl:call-template name="pp-lines"><xsl:with-param name="text" select="substring-after($text, '&#10;')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($text)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Which page this is, and the links to the pages beside it: each
       starts at its cursor (people/@next, @prev; reports.c), which says
       where in the list by name it begins; @prev empty: the first page. -->
  <xsl:template name="pp-pages">
    <xsl:variable name="base" select="concat('/reports/people?', $rp/filter/@query, '&amp;metric=', $p/@metric)"/>
    <xsl:variable name="from" select="($p/@page - 1) * $p/@page_rows + 1"/>
    <nav aria-label="{i:t('reports.people.pages')}" class="people-pages">
      <p>
        <xsl:value-of select="concat(i:t('reports.people.page'), ' ', $p/@page, ' · ',
            i:t('reports.people.range'), ' ', $from, '–', $from + count($p/person) - 1)"/>
        <xsl:if test="$p/@total">
          <xsl:variable name="t" select="i:t('reports.people.total')"/>
          <xsl:text> · </xsl:text>
          <span id="people-total"><xsl:value-of select="concat(substring-before($t, '{n}'), $p/@total, substring-after($t, '{n}'))"/></span>
        </xsl:if>
      </p>
      <xsl:if test="$p/@prev or $p/@next">
        <p>
          <xsl:choose>
            <xsl:when test="$p/@prev and string($p/@prev) = ''">
              <a href="{$base}" rel="prev"><xsl:value-of select="i:t('reports.people.previous')"/></a>
              <xsl:text> </xsl:text>
            </xsl:when>
            <xsl:when test="$p/@prev">
              <a href="{$base}&amp;page={$p/@page - 1}&amp;after={$p/@prev}" rel="prev"><xsl:value-of select="i:t('reports.people.previous')"/></a>
              <xsl:text> </xsl:text>
            </xsl:when>
          </xsl:choose>
          <xsl:if test="$p/@next">
            <a href="{$base}&amp;page={$p/@page + 1}&amp;after={$p/@next}" rel="next"><xsl:value-of select="i:t('reports.people.next')"/></a>
          </xsl:if>
        </p>
      </xsl:if>
    </nav>
  </xsl:template>

</xsl:stylesheet>
