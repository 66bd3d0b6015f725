<?xml version="1.0" encoding="UTF-8"?>
<!--
  reports.xsl - GET /reports (HR; a manager sees their own team): the
  progress of one cycle, for one department or all, with every number a
  link to the people behind it (GET /reports/people), and the export form.
  Input: /page/reports[@scope = 'all' | 'team'] with
    cycles/cycle                             the filter's cycles
    department_tree                          the department filter, small
      in any organisation: level[@parent]/department/@{id, name} (the top
      level, parent 0, and the level under each department of chain/),
      chain/department (the chosen one's ancestors, top first, and itself),
      search[@q]/department (the matches of ?dq=); @more on a list that
      holds only its first ones
    filter/@{cycle, department, recursive, query, team}
    teams/team                               issue 17: the teams to choose from
    cycle/@{id, name, status}
    conversations/type/@{name, planned, held, signing, closed, overdue, total}
    by_department/department/@{id, name, subtree} with type/@{...} as above:
      for HR each department under the chosen one (or at the top) with its
      sub-departments summed in (@subtree), and the chosen one's own; for a
      manager per department of the employees (id 0: without a department)
    results/@{total, achieved, not_achieved, in_progress, share}
    ratings/scale/@{id, key, template, version}   each scale the overall
      ratings are on: id 0 the cycle's own, else a form's final scale
      (issue 16); ratings/rating/@{scale, value, label, count} per level of
      each, label in the page's language (absent: no such level)
    distribution                             per department: the ratings'
      and competences' distributions (reports_dist.xsl)
    collective/goal/@{id, title, status, department, deadline, bonus, dossiers}
    dossiers/@count, without_dossier/@count
  and, after a refused GET, /page/form[@name = 'filter' or 'export'].
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="i exsl">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>
  <xsl:include href="charts.xsl"/>
  <xsl:include href="reports_dist.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="r" select="/page/reports"/>
  <xsl:variable name="filter-form" select="/page/form[@name = 'filter']"/>
  <xsl:variable name="export-form" select="/page/form[@name = 'export']"/>
  <xsl:variable name="people" select="concat('/reports/people?', $r/filter/@query, '&amp;metric=')"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('reports.title')"/>
    <xsl:if test="$r/cycle">
      <xsl:text> – </xsl:text>
      <xsl:value-of select="$r/cycle/@name"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <h1><xsl:value-of select="i:t('reports.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t(concat('reports.intro.', $r/@scope))"/></p>
      <xsl:call-template name="print-button"/>
    </div>
    <xsl:choose>
      <xsl:when test="not($r/cycles/cycle)">
        <p class="empty"><xsl:value-of select="i:t('reports.empty')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="rp-teams"/>
        <xsl:call-template name="rp-filter-form"/>
        <xsl:if test="$r/cycle">
          <xsl:call-template name="rp-conversations"/>
          <xsl:call-template name="rp-departments"/>
          <xsl:call-template name="rp-results"/>
          <xsl:call-template name="rp-ratings"/>
          <xsl:call-template name="rp-distribution"/>
          <xsl:call-template name="rp-collective"/>
          <xsl:call-template name="rp-dossiers"/>
          <!-- an export is a copy that outlives a deputy's period: only
               the manager's own scope offers it -->
          <xsl:if test="not($r/filter/@team)">
            <xsl:call-template name="rp-export-form"/>
          </xsl:if>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ filter -->

  <!-- issue 17: the teams of the managers the viewer stands in for (all
       their reports, today), each a scope of its own: teams/team (@own,
       or @id and @manager; @current on the one shown). -->
  <xsl:template name="rp-teams">
    <xsl:if test="$r/teams/team">
      <nav class="section report-teams" aria-labelledby="teams-title">
        <h2 id="teams-title"><xsl:value-of select="i:t('reports.teams.title')"/></h2>
        <ul>
          <xsl:for-each select="$r/teams/team">
            <li>
              <a>
                <xsl:attribute name="href">
                  <xsl:choose>
                    <xsl:when test="@own = '1'">/reports</xsl:when>
                    <xsl:otherwise>/reports?team=<xsl:value-of select="@id"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
                <xsl:if test="@current = '1'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
                <xsl:choose>
                  <xsl:when test="@own = '1'"><xsl:value-of select="i:t('reports.teams.own')"/></xsl:when>
                  <xsl:otherwise>
                    <xsl:value-of select="i:t('reports.teams.of')"/>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="@manager"/>
                    <xsl:text> (</xsl:text>
                    <xsl:value-of select="i:t('reports.teams.deputy')"/>
                    <xsl:text>)</xsl:text>
                  </xsl:otherwise>
                </xsl:choose>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The borrowed team a form keeps (none for the own scope). -->
  <xsl:template name="rp-team-input">
    <xsl:if test="$r/filter/@team">
      <input type="hidden" name="team" value="{$r/filter/@team}"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="rp-filter-form">
    <section class="section" aria-labelledby="filter-title">
      <h2 id="filter-title"><xsl:value-of select="i:t('reports.filter.title')"/></h2>
      <xsl:if test="$filter-form/@error = '1'">
        <div class="alert alert-error" role="alert"><p><xsl:value-of select="i:t('reports.filter.refused')"/></p></div>
      </xsl:if>
      <form method="get" action="/reports" class="form form-compact">
        <xsl:call-template name="rp-team-input"/>
        <xsl:call-template name="rp-cycle-select"/>
        <xsl:call-template name="rp-department-field">
          <xsl:with-param name="form" select="$filter-form"/>
          <xsl:with-param name="prefix" select="'filter'"/>
          <xsl:with-param name="default" select="string($r/filter/@department)"/>
        </xsl:call-template>
        <xsl:call-template name="f-checkbox">
          <xsl:with-param name="form" select="$filter-form"/>
          <xsl:with-param name="prefix" select="'filter'"/>
          <xsl:with-param name="name" select="'recursive'"/>
          <xsl:with-param name="label" select="i:t('reports.filter.recursive')"/>
          <xsl:with-param name="default" select="$r/filter/@recursive = '1'"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="button button-primary"><xsl:value-of select="i:t('reports.filter.show')"/></button>
        </div>
      </form>
      <xsl:call-template name="rp-department-picker"/>
    </section>
  </xsl:template>

  <xsl:template name="rp-cycle-select">
    <xsl:variable name="error" select="string($filter-form/field[@name = 'cycle']/@error)"/>
    <xsl:variable name="current">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$filter-form"/>
        <xsl:with-param name="name" select="'cycle'"/>
        <xsl:with-param name="default" select="string($r/cycle/@id)"/>
      </xsl:call-template>
    </xsl:variable>
    <div class="field">
      <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <xsl:call-template name="f-label">
        <xsl:with-param name="id" select="'filter-cycle'"/>
        <xsl:with-param name="label" select="i:t('reports.filter.cycle')"/>
        <xsl:with-param name="error" select="$error"/>
      </xsl:call-template>
      <select id="filter-cycle" name="cycle">
        <xsl:call-template name="f-aria">
          <xsl:with-param name="id" select="'filter-cycle'"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <xsl:for-each select="$r/cycles/cycle">
          <option value="{@id}">
            <xsl:if test="string(@id) = string($current)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@name"/>
            <xsl:text> (</xsl:text>
            <xsl:value-of select="i:t(concat('status.', @status))"/>
            <xsl:text>)</xsl:text>
          </option>
        </xsl:for-each>
      </select>
    </div>
  </xsl:template>

  <!-- The chosen department as a hidden field, its name said in words:
       the picker below chooses it (a select of every department grew
       the page with each one). -->
  <xsl:template name="rp-department-field">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="default" select="''"/>
    <xsl:variable name="id" select="concat($prefix, '-department')"/>
    <xsl:variable name="error" select="string($form/field[@name = 'department']/@error)"/>
    <xsl:variable name="current">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'department'"/>
        <xsl:with-param name="default" select="$default"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="chosen" select="$rp-tree/chain/department[string(@id) = string($current)]"/>
    <div class="field">
      <xsl:choose>
        <!-- A refused value: the typed value in a field to correct or
             empty, the problem next to it. -->
        <xsl:when test="$error != ''">
          <xsl:attribute name="class">field field-invalid</xsl:attribute>
          <xsl:call-template name="f-label">
            <xsl:with-param name="id" select="$id"/>
            <xsl:with-param name="label" select="i:t('reports.filter.department')"/>
            <xsl:with-param name="error" select="$error"/>
          </xsl:call-template>
          <input type="text" id="{$id}" name="department" value="{$current}">
            <xsl:call-template name="f-aria">
              <xsl:with-param name="id" select="$id"/>
              <xsl:with-param name="error" select="$error"/>
            </xsl:call-template>
          </input>
        </xsl:when>
        <xsl:otherwise>
          <input type="hidden" name="department" value="{$current}"/>
          <p id="{$id}">
            <xsl:value-of select="i:t('reports.filter.department')"/>
            <xsl:text>: </xsl:text>
            <strong>
              <xsl:choose>
                <xsl:when test="$chosen"><xsl:value-of select="$chosen/@name"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="i:t('reports.filter.all_departments')"/></xsl:otherwise>
              </xsl:choose>
            </strong>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:variable name="rp-tree" select="$r/department_tree"/>
  <xsl:variable name="rp-chosen" select="string($r/filter/@department)"/>
  <!-- The start of a link that chooses a department (cycle kept). -->
  <xsl:variable name="rp-choose">
    <xsl:text>/reports?</xsl:text>
    <xsl:if test="$r/filter/@cycle"><xsl:value-of select="concat('cycle=', $r/filter/@cycle, '&amp;')"/></xsl:if>
    <xsl:if test="$r/filter/@team"><xsl:value-of select="concat('team=', $r/filter/@team, '&amp;')"/></xsl:if>
  </xsl:variable>

  <!-- A link choosing department $d with its sub-departments. -->
  <xsl:template name="rp-choose-link">
    <xsl:param name="d"/>
    <a href="{$rp-choose}department={$d/@id}&amp;recursive=1">
      <xsl:if test="string($d/@id) = $rp-chosen"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
      <xsl:value-of select="$d/@name"/>
    </a>
  </xsl:template>

  <!-- The department picker, without script: a search (GET ?dq=) whose
       matches are links, and the tree as links, open along the way to
       the chosen department: a click opens the next level. -->
  <xsl:template name="rp-department-picker">
    <div class="dept-picker">
      <h3 id="dept-picker-title"><xsl:value-of select="i:t('reports.tree.title')"/></h3>
      <form method="get" action="/reports" role="search" class="form form-compact">
        <xsl:call-template name="rp-team-input"/>
        <xsl:if test="$r/filter/@cycle"><input type="hidden" name="cycle" value="{$r/filter/@cycle}"/></xsl:if>
        <xsl:if test="$rp-chosen != ''"><input type="hidden" name="department" value="{$rp-chosen}"/></xsl:if>
        <xsl:if test="$r/filter/@recursive = '1'"><input type="hidden" name="recursive" value="1"/></xsl:if>
        <div class="field">
          <label for="dept-search"><xsl:value-of select="i:t('reports.tree.search')"/></label>
          <input type="search" id="dept-search" name="dq" value="{$rp-tree/search/@q}"/>
        </div>
        <div class="form-actions">
          <button type="submit" class="button"><xsl:value-of select="i:t('reports.tree.search_button')"/></button>
        </div>
      </form>
      <xsl:if test="$rp-tree/search">
        <h4 id="dept-matches-title"><xsl:value-of select="i:t('reports.tree.matches')"/></h4>
        <xsl:choose>
          <xsl:when test="$rp-tree/search/department">
            <ul class="dept-matches" aria-labelledby="dept-matches-title">
              <xsl:for-each select="$rp-tree/search/department">
                <li><xsl:call-template name="rp-choose-link"><xsl:with-param name="d" select="."/></xsl:call-template></li>
              </xsl:for-each>
            </ul>
            <xsl:if test="$rp-tree/search/@more = '1'">
              <p class="field-help"><xsl:value-of select="i:t('reports.tree.more_matches')"/></p>
            </xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty"><xsl:value-of select="i:t('reports.tree.none')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <nav aria-labelledby="dept-picker-title">
        <ul class="tree dept-tree">
          <li>
            <a href="{substring($rp-choose, 1, string-length($rp-choose) - 1)}">
              <xsl:if test="$rp-chosen = ''"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
              <xsl:value-of select="i:t('reports.tree.whole')"/>
            </a>
          </li>
          <xsl:call-template name="rp-tree-level"><xsl:with-param name="parent" select="'0'"/></xsl:call-template>
        </ul>
      </nav>
    </div>
  </xsl:template>

  <!-- The departments under $parent, each opened when a level under it
       was read (it is on the way to the chosen one). -->
  <xsl:template name="rp-tree-level">
    <xsl:param name="parent"/>
    <xsl:variable name="level" select="$rp-tree/level[string(@parent) = string($parent)]"/>
    <xsl:for-each select="$level/department">
      <xsl:variable name="id" select="string(@id)"/>
      <li>
        <xsl:call-template name="rp-choose-link"><xsl:with-param name="d" select="."/></xsl:call-template>
        <xsl:if test="$rp-tree/level[string(@parent) = $id]/department">
          <ul>
            <xsl:call-template name="rp-tree-level"><xsl:with-param name="parent" select="$id"/></xsl:call-template>
          </ul>
        </xsl:if>
      </li>
    </xsl:for-each>
    <xsl:if test="$level/@more = '1'">
      <li class="field-help"><xsl:value-of select="i:t('reports.tree.more')"/></li>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ numbers -->

  <!-- A number as a link to the people behind it; $what names it for
       screen readers (the table headers do the same for the eye). -->
  <xsl:template name="rp-number">
    <xsl:param name="value"/>
    <xsl:param name="metric"/>
    <xsl:param name="what"/>
    <a href="{$people}{$metric}">
      <xsl:value-of select="$value"/>
      <span class="visually-hidden">
        <xsl:text> </xsl:text>
        <xsl:value-of select="$what"/>
      </span>
    </a>
  </xsl:template>

  <xsl:template name="rp-conversations">
    <section class="section" aria-labelledby="conversations-title">
      <h2 id="conversations-title"><xsl:value-of select="i:t('reports.conversations.title')"/></h2>
      <p class="section-intro"><xsl:value-of select="i:t('reports.conversations.note')"/></p>
      <div class="table-wrap">
        <table class="list stack">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('reports.conversations.type')"/></th>
              <xsl:call-template name="rp-state-head"><xsl:with-param name="state" select="'planned'"/></xsl:call-template>
              <xsl:call-template name="rp-state-head"><xsl:with-param name="state" select="'held'"/></xsl:call-template>
              <xsl:call-template name="rp-state-head"><xsl:with-param name="state" select="'signing'"/></xsl:call-template>
              <xsl:call-template name="rp-state-head"><xsl:with-param name="state" select="'closed'"/></xsl:call-template>
              <xsl:call-template name="rp-state-head"><xsl:with-param name="state" select="'overdue'"/></xsl:call-template>
              <xsl:call-template name="rp-state-head"><xsl:with-param name="state" select="'total'"/></xsl:call-template>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$r/conversations/type">
              <!-- the row's name, looked up once for its six cells -->
              <xsl:variable name="type" select="i:t(concat('conversation.type.', @name))"/>
              <tr>
                <th scope="row"><xsl:value-of select="$type"/></th>
                <xsl:call-template name="rp-state-cell"><xsl:with-param name="state" select="'planned'"/><xsl:with-param name="value" select="@planned"/><xsl:with-param name="type" select="$type"/></xsl:call-template>
                <xsl:call-template name="rp-state-cell"><xsl:with-param name="state" select="'held'"/><xsl:with-param name="value" select="@held"/><xsl:with-param name="type" select="$type"/></xsl:call-template>
                <xsl:call-template name="rp-state-cell"><xsl:with-param name="state" select="'signing'"/><xsl:with-param name="value" select="@signing"/><xsl:with-param name="type" select="$type"/></xsl:call-template>
                <xsl:call-template name="rp-state-cell"><xsl:with-param name="state" select="'closed'"/><xsl:with-param name="value" select="@closed"/><xsl:with-param name="type" select="$type"/></xsl:call-template>
                <xsl:call-template name="rp-state-cell"><xsl:with-param name="state" select="'overdue'"/><xsl:with-param name="value" select="@overdue"/><xsl:with-param name="type" select="$type"/></xsl:call-template>
                <xsl:call-template name="rp-state-cell"><xsl:with-param name="state" select="'total'"/><xsl:with-param name="value" select="@total"/><xsl:with-param name="type" select="$type"/></xsl:call-template>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="rp-state-head">
    <xsl:param name="state"/>
    <th scope="col" class="num"><xsl:value-of select="i:t(concat('reports.state.', $state))"/></th>
  </xsl:template>

  <!-- context: conversations/type; $type its name in words.  The number's
       link inlined (rp-number): eighteen cells. -->
  <xsl:template name="rp-state-cell">
    <xsl:param name="state"/>
    <xsl:param name="value"/>
    <xsl:param name="type"/>
    <xsl:variable name="label" select="i:t(concat('reports.state.', $state))"/>
    <td class="num" data-label="{$label}">
      <a href="{$people}conversations.{@name}.{$state}">
        <xsl:value-of select="$value"/>
        <span class="visually-hidden">
          <xsl:value-of select="concat(' ', $type, ': ', $label)"/>
        </span>
      </a>
    </td>
  </xsl:template>

  <xsl:template name="rp-results">
    <xsl:variable name="res" select="$r/results"/>
    <section class="section" aria-labelledby="results-title">
      <h2 id="results-title"><xsl:value-of select="i:t('reports.results.title')"/></h2>
      <p class="section-intro"><xsl:value-of select="i:t('reports.results.note')"/></p>
      <xsl:choose>
        <xsl:when test="$res/@total &gt; 0">
          <p class="lead">
            <strong><xsl:value-of select="$res/@share"/>%</strong>
            <xsl:text> </xsl:text>
            <xsl:value-of select="i:t('reports.results.share')"/>
          </p>
          <xsl:call-template name="rp-results-chart"/>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('reports.results.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <div class="table-wrap">
        <table class="list" id="table-results">
          <tbody>
            <xsl:call-template name="rp-result-row"><xsl:with-param name="state" select="'total'"/><xsl:with-param name="value" select="$res/@total"/></xsl:call-template>
            <xsl:call-template name="rp-result-row"><xsl:with-param name="state" select="'achieved'"/><xsl:with-param name="value" select="$res/@achieved"/></xsl:call-template>
            <xsl:call-template name="rp-result-row"><xsl:with-param name="state" select="'not_achieved'"/><xsl:with-param name="value" select="$res/@not_achieved"/></xsl:call-template>
            <xsl:call-template name="rp-result-row"><xsl:with-param name="state" select="'in_progress'"/><xsl:with-param name="value" select="$res/@in_progress"/></xsl:call-template>
          </tbody>
        </table>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="rp-result-row">
    <xsl:param name="state"/>
    <xsl:param name="value"/>
    <tr>
      <th scope="row"><xsl:value-of select="i:t(concat('reports.results.', $state))"/></th>
      <td class="num">
        <xsl:call-template name="rp-number">
          <xsl:with-param name="value" select="$value"/>
          <xsl:with-param name="metric" select="concat('results.', $state)"/>
          <xsl:with-param name="what" select="concat(i:t('reports.results.title'), ': ', i:t(concat('reports.results.', $state)))"/>
        </xsl:call-template>
      </td>
    </tr>
  </xsl:template>

  <!-- The overall ratings, a block per scale they are on (issue 16): the
       cycle's own and each final scale of its forms; one scale, one block
       without a heading, as before. -->
  <xsl:template name="rp-ratings">
    <xsl:variable name="scales" select="$r/ratings/scale"/>
    <xsl:variable name="rating-title" select="i:t('reports.ratings.title')"/>
    <section class="section" aria-labelledby="ratings-title">
      <h2 id="ratings-title"><xsl:value-of select="$rating-title"/></h2>
      <p class="section-intro"><xsl:value-of select="i:t('reports.ratings.note')"/></p>
      <xsl:if test="count($scales) &gt; 1">
        <p class="section-intro"><xsl:value-of select="i:t('reports.ratings.scales')"/></p>
      </xsl:if>
      <xsl:for-each select="$scales">
        <xsl:variable name="sid" select="string(@id)"/>
        <xsl:variable name="suffix">
          <xsl:if test="position() &gt; 1"><xsl:value-of select="concat('-', position())"/></xsl:if>
        </xsl:variable>
        <xsl:variable name="sname"><xsl:call-template name="rp-scale-name"/></xsl:variable>
        <xsl:variable name="ratings" select="$r/ratings/rating[@scale = $sid]"/>
        <!-- the metric of its people lists but the value, once per scale
             (rp-rating-metric) -->
        <xsl:variable name="metric" select="concat('rating.', substring(concat($sid, '.'), 1 div not($sid = '0')))"/>
        <xsl:if test="count($scales) &gt; 1">
          <h3 id="ratings-scale{$suffix}"><xsl:value-of select="$sname"/></h3>
        </xsl:if>
        <xsl:call-template name="rp-ratings-chart">
          <xsl:with-param name="ratings" select="$ratings"/>
          <xsl:with-param name="suffix" select="$suffix"/>
          <xsl:with-param name="sname" select="$sname"/>
          <xsl:with-param name="named" select="count($scales) &gt; 1"/>
        </xsl:call-template>
        <div class="table-wrap">
          <table class="list ratings-scale" id="table-ratings{$suffix}" data-scale="{$sid}">
            <xsl:if test="count($scales) &gt; 1">
              <caption class="visually-hidden"><xsl:value-of select="$sname"/></caption>
            </xsl:if>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('reports.ratings.label')"/></th>
                <th scope="col" class="num"><xsl:value-of select="i:t('reports.ratings.count')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$ratings">
                <!-- rp-rating-label as i:either, the metric made per
                     scale: a result-tree variable per row costs several
                     evaluations more, a function of XPath's a few
                     thousand instructions -->
                <xsl:variable name="label" select="i:either(@label, @value)"/>
                <tr>
                  <th scope="row"><xsl:value-of select="$label"/></th>
                  <!-- rp-number inlined -->
                  <td class="num">
                    <a href="{$people}{$metric}{@value}">
                      <xsl:value-of select="@count"/>
                      <span class="visually-hidden">
                        <xsl:value-of select="concat(' ', $rating-title, ': ', $label)"/>
                      </span>
                    </a>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- context: ratings/scale; the cycle's own, or the form whose final
       scale it is. -->
  <xsl:template name="rp-scale-name">
    <xsl:choose>
      <xsl:when test="@id = '0'"><xsl:value-of select="i:t('reports.ratings.scale.cycle')"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat(i:t('reports.ratings.scale.form'), ' ', @template, ' (', i:t('reports.ratings.scale.version'), ' ', @version, ')')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- context: a rating; its level's label, the value where the scale has
       no such level (a scale changed since).  Where a row needs it, as
       i:either(@label, @value) (xml/xpathfn.c). -->
  <xsl:template name="rp-rating-label">
    <xsl:choose>
      <xsl:when test="string(@label) != ''"><xsl:value-of select="@label"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- context: a rating; the metric of its people list: rating.VALUE on the
       cycle's scale, rating.SCALE.VALUE on a form's.  Where a table needs
       it, its start once per scale, concat('rating.',
       substring(concat($sid, '.'), 1 div not($sid = '0'))) (substring(x,
       1 div c) is x where c holds, "" where not: XPath 1.0's if), and
       @value per row. -->
  <xsl:template name="rp-rating-metric">
    <xsl:choose>
      <xsl:when test="@scale = '0'"><xsl:value-of select="concat('rating.', @value)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('rating.', @scale, '.', @value)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="rp-collective">
    <section class="section" aria-labelledby="collective-title">
      <h2 id="collective-title"><xsl:value-of select="i:t('reports.collective.title')"/></h2>
      <xsl:choose>
        <xsl:when test="$r/collective/goal">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('reports.collective.goal')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('reports.collective.for')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('reports.collective.status')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('reports.collective.deadline')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="i:t('reports.collective.dossiers')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$r/collective/goal">
                  <tr>
                    <th scope="row"><xsl:value-of select="@title"/></th>
                    <td data-label="{i:t('reports.collective.for')}">
                      <xsl:choose>
                        <xsl:when test="string(@department) != ''"><xsl:value-of select="@department"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="i:t('reports.collective.everyone')"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('reports.collective.status')}">
                      <xsl:call-template name="badge"><xsl:with-param name="state" select="string(@status)"/></xsl:call-template>
                    </td>
                    <td data-label="{i:t('reports.collective.deadline')}">
                      <xsl:call-template name="date"><xsl:with-param name="value" select="@deadline"/></xsl:call-template>
                    </td>
                    <td class="num" data-label="{i:t('reports.collective.dossiers')}">
                      <xsl:call-template name="rp-number">
                        <xsl:with-param name="value" select="@dossiers"/>
                        <xsl:with-param name="metric" select="concat('collective.', @id)"/>
                        <xsl:with-param name="what" select="concat(i:t('reports.collective.dossiers'), ': ', @title)"/>
                      </xsl:call-template>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('reports.collective.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="rp-dossiers">
    <section class="section" aria-labelledby="dossiers-title">
      <h2 id="dossiers-title"><xsl:value-of select="i:t('reports.dossiers.title')"/></h2>
      <div class="table-wrap">
        <table class="list">
          <tbody>
            <tr>
              <th scope="row"><xsl:value-of select="i:t('reports.dossiers.count')"/></th>
              <td class="num">
                <xsl:call-template name="rp-number">
                  <xsl:with-param name="value" select="$r/dossiers/@count"/>
                  <xsl:with-param name="metric" select="'dossiers'"/>
                  <xsl:with-param name="what" select="i:t('reports.dossiers.count')"/>
                </xsl:call-template>
              </td>
            </tr>
            <tr>
              <th scope="row"><xsl:value-of select="i:t('reports.dossiers.without')"/></th>
              <td class="num">
                <xsl:call-template name="rp-number">
                  <xsl:with-param name="value" select="$r/without_dossier/@count"/>
                  <xsl:with-param name="metric" select="'no_dossier'"/>
                  <xsl:with-param name="what" select="i:t('reports.dossiers.without')"/>
                </xsl:call-template>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  </xsl:template>

  <!-- ============================================================ charts -->

  <!-- A department's name; employees without one are counted apart. -->
  <xsl:template name="rp-department-name">
    <xsl:param name="department"/>
    <xsl:choose>
      <xsl:when test="string($department/@name) != ''"><xsl:value-of select="$department/@name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t('charts.no_department')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The departments, biggest first (most conversations), and by most
       overdue first: the charts show the top ones and add up the rest. -->
  <xsl:variable name="rp-by-size-tree">
    <xsl:for-each select="$r/by_department/department">
      <xsl:sort select="sum(type/@total)" data-type="number" order="descending"/>
      <xsl:sort select="@name"/>
      <xsl:copy-of select="."/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="rp-by-size" select="exsl:node-set($rp-by-size-tree)/department"/>
  <xsl:variable name="rp-by-overdue-tree">
    <xsl:for-each select="$r/by_department/department">
      <xsl:sort select="sum(type/@overdue)" data-type="number" order="descending"/>
      <xsl:sort select="@name"/>
      <xsl:copy-of select="."/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="rp-by-overdue" select="exsl:node-set($rp-by-overdue-tree)/department"/>
  <!-- Patterns of the steps, in cycle order. -->
  <xsl:variable name="rp-patterns-tree"><p>solid</p><p>hatch</p><p>dots</p></xsl:variable>
  <xsl:variable name="rp-patterns" select="exsl:node-set($rp-patterns-tree)/p"/>

  <!-- "the rest (n departments)" -->
  <xsl:template name="rp-rest-label">
    <xsl:param name="n"/>
    <xsl:value-of select="concat(i:t('charts.rest'), ' (', $n, ' ', i:t('charts.departments'), ')')"/>
  </xsl:template>

  <!-- One row per step of the cycle: conversations held (or further) of
       those in $types (type elements of one or more departments). -->
  <xsl:template name="rp-step-rows">
    <xsl:param name="types"/>
    <xsl:for-each select="$r/conversations/type">
      <xsl:variable name="n" select="string(@name)"/>
      <xsl:variable name="of" select="$types[@name = $n]"/>
      <xsl:variable name="done" select="sum($of/@held) + sum($of/@signing) + sum($of/@closed)"/>
      <xsl:variable name="total" select="sum($of/@total)"/>
      <xsl:variable name="pos" select="position()"/>
      <row label="{i:t(concat('conversation.type.', $n))}" value="{$done}" max="{$total}"
           pattern="{$rp-patterns[$pos]}">
        <xsl:attribute name="text">
          <xsl:value-of select="concat($done, ' ', i:t('charts.of'), ' ', $total)"/>
          <xsl:if test="$total &gt; 0">
            <xsl:value-of select="concat(' (', round($done * 100 div $total), '%)')"/>
          </xsl:if>
        </xsl:attribute>
      </row>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="rp-departments">
    <section class="section" aria-labelledby="departments-title">
      <h2 id="departments-title"><xsl:value-of select="i:t('charts.departments.title')"/></h2>
      <xsl:choose>
        <xsl:when test="$rp-by-size">
          <p class="section-intro">
            <xsl:choose>
              <xsl:when test="$r/@scope = 'all'"><xsl:value-of select="i:t('charts.departments.note.folded')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="i:t('charts.departments.note')"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <div class="charts">
            <xsl:call-template name="rp-completion-chart"/>
            <xsl:call-template name="rp-overdue-chart"/>
          </div>
          <xsl:call-template name="rp-departments-table"/>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('charts.departments.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="rp-completion-chart">
    <xsl:variable name="rest" select="$rp-by-size[position() &gt; $ch-top]"/>
    <xsl:variable name="groups-tree">
      <xsl:for-each select="$rp-by-size[position() &lt;= $ch-top]">
        <group>
          <xsl:attribute name="label">
            <xsl:call-template name="rp-department-name"><xsl:with-param name="department" select="."/></xsl:call-template>
          </xsl:attribute>
          <xsl:call-template name="rp-step-rows"><xsl:with-param name="types" select="type"/></xsl:call-template>
        </group>
      </xsl:for-each>
      <xsl:if test="$rest">
        <group>
          <xsl:attribute name="label">
            <xsl:call-template name="rp-rest-label"><xsl:with-param name="n" select="count($rest)"/></xsl:call-template>
          </xsl:attribute>
          <xsl:call-template name="rp-step-rows"><xsl:with-param name="types" select="$rest/type"/></xsl:call-template>
        </group>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="legend-tree">
      <xsl:for-each select="$r/conversations/type">
        <xsl:variable name="pos" select="position()"/>
        <row label="{i:t(concat('conversation.type.', @name))}" pattern="{$rp-patterns[$pos]}"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="ch-groups">
      <xsl:with-param name="id" select="'chart-completion'"/>
      <xsl:with-param name="groups" select="exsl:node-set($groups-tree)/group"/>
      <xsl:with-param name="legend" select="exsl:node-set($legend-tree)/row"/>
      <xsl:with-param name="title" select="i:t('charts.completion.title')"/>
      <xsl:with-param name="caption" select="i:t('charts.completion.caption')"/>
      <xsl:with-param name="table" select="'table-departments'"/>
      <xsl:with-param name="note">
        <xsl:if test="$rest"><xsl:value-of select="i:t('charts.rest_note')"/></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="rp-overdue-chart">
    <xsl:variable name="rest" select="$rp-by-overdue[position() &gt; $ch-top]"/>
    <xsl:variable name="first" select="sum($rp-by-overdue[1]/type/@overdue)"/>
    <xsl:variable name="rest-sum" select="sum($rest/type/@overdue)"/>
    <xsl:choose>
      <xsl:when test="$first = 0">
        <p class="empty chart-none"><xsl:value-of select="i:t('charts.overdue.none')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="rows-tree">
          <xsl:for-each select="$rp-by-overdue[position() &lt;= $ch-top]">
            <xsl:variable name="v" select="sum(type/@overdue)"/>
            <row value="{$v}" text="{$v}">
              <xsl:attribute name="label">
                <xsl:call-template name="rp-department-name"><xsl:with-param name="department" select="."/></xsl:call-template>
              </xsl:attribute>
            </row>
          </xsl:for-each>
          <!-- The rest is a sum over many departments: as a bar it would
               dwarf every other, so it is said in words only. -->
          <xsl:if test="$rest">
            <row value="{$rest-sum}" text="{$rest-sum}" bar="none">
              <xsl:attribute name="label">
                <xsl:call-template name="rp-rest-label"><xsl:with-param name="n" select="count($rest)"/></xsl:call-template>
              </xsl:attribute>
            </row>
          </xsl:if>
        </xsl:variable>
        <xsl:call-template name="ch-bars">
          <xsl:with-param name="id" select="'chart-overdue'"/>
          <xsl:with-param name="rows" select="exsl:node-set($rows-tree)/row"/>
          <xsl:with-param name="max" select="$first"/>
          <xsl:with-param name="title" select="i:t('charts.overdue.title')"/>
          <xsl:with-param name="caption" select="i:t('charts.overdue.caption')"/>
          <xsl:with-param name="table" select="'table-departments'"/>
          <xsl:with-param name="note">
            <xsl:if test="$rest"><xsl:value-of select="i:t('charts.rest_note')"/></xsl:if>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Every department of by_department, in name order, with the numbers
       of both charts. -->
  <xsl:template name="rp-departments-table">
    <div class="table-wrap">
      <table class="list stack" id="table-departments">
        <caption class="visually-hidden"><xsl:value-of select="i:t('charts.departments.title')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="i:t('reports.filter.department')"/></th>
            <xsl:for-each select="$r/conversations/type">
              <th scope="col" class="num"><xsl:value-of select="i:t(concat('conversation.type.', @name))"/></th>
            </xsl:for-each>
            <th scope="col" class="num"><xsl:value-of select="i:t('reports.state.overdue')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$r/by_department/department">
            <xsl:variable name="types" select="type"/>
            <tr>
              <th scope="row">
                <xsl:choose>
                  <!-- a sub-department with its subtree: a link opens it -->
                  <xsl:when test="@subtree = '1'">
                    <xsl:call-template name="rp-choose-link"><xsl:with-param name="d" select="."/></xsl:call-template>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:call-template name="rp-department-name"><xsl:with-param name="department" select="."/></xsl:call-template>
                    <xsl:if test="$r/@scope = 'all' and string(@id) = $rp-chosen">
                      <xsl:value-of select="concat(' (', i:t('reports.departments.own'), ')')"/>
                    </xsl:if>
                  </xsl:otherwise>
                </xsl:choose>
              </th>
              <xsl:for-each select="$r/conversations/type">
                <xsl:variable name="n" select="string(@name)"/>
                <xsl:variable name="t" select="$types[@name = $n]"/>
                <td class="num" data-label="{i:t(concat('conversation.type.', $n))}">
                  <xsl:value-of select="concat(sum($t/@held) + sum($t/@signing) + sum($t/@closed), ' ', i:t('charts.of'), ' ', sum($t/@total))"/>
                </td>
              </xsl:for-each>
              <td class="num" data-label="{i:t('reports.state.overdue')}">
                <xsl:value-of select="sum(type/@overdue)"/>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template name="rp-results-chart">
    <xsl:variable name="res" select="$r/results"/>
    <xsl:variable name="rows-tree">
      <xsl:for-each select="$res/@achieved | $res/@not_achieved | $res/@in_progress">
        <xsl:variable name="pos" select="position()"/>
        <row label="{i:t(concat('reports.results.', local-name()))}" value="{.}" pattern="{$rp-patterns[$pos]}"
             text="{i:share(., $res/@total)}"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="ch-bars">
      <xsl:with-param name="id" select="'chart-results'"/>
      <xsl:with-param name="rows" select="exsl:node-set($rows-tree)/row"/>
      <xsl:with-param name="max" select="$res/@total"/>
      <xsl:with-param name="title" select="i:t('charts.results.title')"/>
      <xsl:with-param name="caption" select="concat(i:t('charts.results.caption'), ' ', $res/@total, '.')"/>
      <xsl:with-param name="table" select="'table-results'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The bars of one scale's ratings ($suffix: "" for the first scale,
       "-N" for the N-th). -->
  <xsl:template name="rp-ratings-chart">
    <xsl:param name="ratings"/>
    <xsl:param name="suffix" select="''"/>
    <xsl:param name="sname" select="''"/>
    <xsl:param name="named" select="false()"/>
    <xsl:variable name="all" select="sum($ratings/@count)"/>
    <xsl:variable name="title">
      <xsl:value-of select="i:t('charts.ratings.title')"/>
      <xsl:if test="$named"><xsl:value-of select="concat(' – ', $sname)"/></xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$all = 0">
        <p class="empty chart-none"><xsl:value-of select="i:t('charts.ratings.none')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="max">
          <xsl:for-each select="$ratings">
            <xsl:sort select="@count" data-type="number" order="descending"/>
            <xsl:if test="position() = 1"><xsl:value-of select="@count"/></xsl:if>
          </xsl:for-each>
        </xsl:variable>
        <xsl:variable name="rows-tree">
          <xsl:for-each select="$ratings">
            <row label="{i:either(@label, @value)}" value="{@count}"
                 text="{i:share(@count, $all)}"/>
          </xsl:for-each>
        </xsl:variable>
        <xsl:call-template name="ch-bars">
          <xsl:with-param name="id" select="concat('chart-ratings', $suffix)"/>
          <xsl:with-param name="rows" select="exsl:node-set($rows-tree)/row"/>
          <xsl:with-param name="max" select="number($max)"/>
          <xsl:with-param name="title" select="string($title)"/>
          <xsl:with-param name="caption" select="concat(i:t('charts.ratings.caption'), ' ', $all, '.')"/>
          <xsl:with-param name="table" select="concat('table-ratings', $suffix)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ export -->

  <!-- A GET form: the XML button sends it to .xml, the CSV button (formaction)
       to .csv; no script needed. -->
  <xsl:template name="rp-export-form">
    <xsl:variable name="base" select="concat('/reports/cycles/', $r/cycle/@id)"/>
    <section class="section" aria-labelledby="export-title">
      <h2 id="export-title"><xsl:value-of select="i:t('reports.export.title')"/></h2>
      <p class="section-intro">
        <xsl:value-of select="i:t('reports.export.intro')"/>
        <xsl:if test="$r/@scope = 'team'">
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t('reports.export.team')"/>
        </xsl:if>
      </p>
      <xsl:if test="$export-form/@error = '1'">
        <div class="alert alert-error" role="alert"><p><xsl:value-of select="i:t('reports.export.refused')"/></p></div>
      </xsl:if>
      <form method="get" action="{$base}.xml" class="form form-compact">
        <xsl:call-template name="rp-department-field">
          <xsl:with-param name="form" select="$export-form"/>
          <xsl:with-param name="prefix" select="'export'"/>
          <xsl:with-param name="default" select="string($r/filter/@department)"/>
        </xsl:call-template>
        <xsl:call-template name="f-checkbox">
          <xsl:with-param name="form" select="$export-form"/>
          <xsl:with-param name="prefix" select="'export'"/>
          <xsl:with-param name="name" select="'recursive'"/>
          <xsl:with-param name="label" select="i:t('reports.filter.recursive')"/>
          <xsl:with-param name="default" select="$r/filter/@recursive = '1'"/>
        </xsl:call-template>
        <xsl:call-template name="f-input">
          <xsl:with-param name="form" select="$export-form"/>
          <xsl:with-param name="prefix" select="'export'"/>
          <xsl:with-param name="name" select="'from'"/>
          <xsl:with-param name="type" select="'date'"/>
          <xsl:with-param name="label" select="i:t('reports.export.from')"/>
          <xsl:with-param name="hint" select="i:t('reports.export.dates_hint')"/>
        </xsl:call-template>
        <xsl:call-template name="f-input">
          <xsl:with-param name="form" select="$export-form"/>
          <xsl:with-param name="prefix" select="'export'"/>
          <xsl:with-param name="name" select="'to'"/>
          <xsl:with-param name="type" select="'date'"/>
          <xsl:with-param name="label" select="i:t('reports.export.to')"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="button button-primary"><xsl:value-of select="i:t('reports.export.xml')"/></button>
          <xsl:text> </xsl:text>
          <button type="submit" class="button" formaction="{$base}.csv"><xsl:value-of select="i:t('reports.export.csv')"/></button>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
