<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_cycle.xsl - GET /admin/cycles/{id} (HR) and every refused POST about
  the cycle: its period, scale, schedule and dossiers; the forms to edit,
  start and close it; its organisation and collective goals with their
  forms; the latest audit rows.
  Input under /page:
    cycle/@{id, name, starts_on, ends_on, status, version, dossiers,
      dossiers_open, scale} with label/@n (text) and step/@{seq, type, due_on}
    slots/slot/@n            present while the schedule may change
    department_tree (xslt/dept_choice.xsl: the bounded department choice)
    org-goals/org-goal/@{id, version, title, department_id, department} with
      description (text)
    collective-goals/collective-goal/@{id, version, title, deadline,
      department_id, department, bonus, status} with measure, status_note
    audit-trail[@more]/entry/@{id, at, actor, entity, entity_id, action}
      with detail (text)
    templates, job-profiles            admin_cycle_templates.xsl
    start-result/@{created, present}   after a start
    unknown-logins/unknown             after a refused start
    form[@name][@error][@conflict]/field/@{name, value, error}
      a refused form: "cycle", "start", "close", "org-goal-new",
      "org-goal-{id}", "collective-new", "collective-{id}", "status-{id}"
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>
  <xsl:include href="dept_choice.xsl"/>
  <xsl:include href="admin_cycle_templates.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="c" select="/page/cycle"/>
  <xsl:variable name="closed" select="$c/@status = 'closed'"/>
  <xsl:variable name="base" select="concat('/admin/cycles/', $c/@id)"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.cycle.title')"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$c/@name"/>
  </xsl:template>

  <xsl:template name="page-content">
    <p class="back-link"><a href="/admin/cycles"><xsl:value-of select="i:t('admin.cycles.back')"/></a></p>
    <div class="page-head">
      <h1>
        <xsl:value-of select="i:t('admin.cycle.title')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$c/@name"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="badge">
          <xsl:with-param name="state" select="string($c/@status)"/>
        </xsl:call-template>
      </h1>
    </div>
    <xsl:choose>
      <!-- a start, a close or a date outside the period asked for: the
           confirmation page, nothing written yet (admin_cycle.c) -->
      <xsl:when test="confirm">
        <xsl:apply-templates select="confirm" mode="layout"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="overview"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="overview">
    <xsl:call-template name="error-summary"/>
    <xsl:call-template name="section-nav"/>
    <xsl:if test="$closed">
      <div class="alert alert-info"><p><xsl:value-of select="i:t('admin.cycle.closed_note')"/></p></div>
    </xsl:if>
    <xsl:apply-templates select="start-result"/>
    <xsl:call-template name="summary"/>
    <xsl:call-template name="schedule"/>
    <xsl:call-template name="second-assessor"/>
    <xsl:call-template name="forms"/>
    <xsl:if test="not($closed)">
      <xsl:call-template name="edit"/>
      <xsl:call-template name="start"/>
      <xsl:apply-templates select="people-changes[person]"/>
    </xsl:if>
    <xsl:call-template name="org-goals"/>
    <xsl:call-template name="collective-goals"/>
    <xsl:if test="not($closed)">
      <xsl:call-template name="close"/>
    </xsl:if>
    <xsl:call-template name="audit"/>
  </xsl:template>

  <!-- ============================================ navigation and errors -->

  <!-- The page is long: each section reachable from the top, and this
       cycle's report and exports one click away. -->
  <xsl:template name="section-nav">
    <nav class="section-nav" aria-labelledby="section-nav-title">
      <h2 id="section-nav-title" class="visually-hidden"><xsl:value-of select="i:t('admin.cycle.nav')"/></h2>
      <ul class="links">
        <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'summary-title'"/><xsl:with-param name="key" select="'admin.cycle.summary'"/></xsl:call-template>
        <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'schedule-title'"/><xsl:with-param name="key" select="'admin.cycle.schedule'"/></xsl:call-template>
        <xsl:if test="not($closed)">
          <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'edit-title'"/><xsl:with-param name="key" select="'admin.cycle.edit'"/></xsl:call-template>
          <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'start'"/><xsl:with-param name="key" select="'admin.cycle.start.title'"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'org-goals'"/><xsl:with-param name="key" select="'goal.org.title'"/></xsl:call-template>
        <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'collective-goals'"/><xsl:with-param name="key" select="'goal.collective.title'"/></xsl:call-template>
        <xsl:if test="not($closed)">
          <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'close'"/><xsl:with-param name="key" select="'admin.cycle.close.title'"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="nav-link"><xsl:with-param name="to" select="'audit'"/><xsl:with-param name="key" select="'admin.cycle.audit.title'"/></xsl:call-template>
      </ul>
      <ul class="links cycle-reports">
        <li><a href="/reports?cycle={$c/@id}"><xsl:value-of select="i:t('admin.cycle.link.report')"/></a></li>
        <li><a href="/reports/cycles/{$c/@id}.xml"><xsl:value-of select="i:t('admin.cycle.link.xml')"/></a></li>
        <li><a href="/reports/cycles/{$c/@id}.csv"><xsl:value-of select="i:t('admin.cycle.link.csv')"/></a></li>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="nav-link">
    <xsl:param name="to"/>
    <xsl:param name="key"/>
    <li><a href="#{$to}"><xsl:value-of select="i:t($key)"/></a></li>
  </xsl:template>

  <!-- Every refused form of the page, at the top: each error links to its
       field (the forms use their name as the prefix of their ids), or to
       the form's section when there is no one field to correct. -->
  <xsl:template name="error-summary">
    <xsl:variable name="bad" select="/page/form[@error = '1' or @conflict = '1' or field/@error]"/>
    <xsl:if test="$bad">
      <div class="alert alert-error error-summary" role="alert" tabindex="-1" id="error-summary">
        <p><strong><xsl:value-of select="i:t('form.error.summary')"/></strong></p>
        <ul class="error-list">
          <xsl:for-each select="$bad">
            <xsl:variable name="section">
              <xsl:call-template name="form-section"><xsl:with-param name="name" select="string(@name)"/></xsl:call-template>
            </xsl:variable>
            <xsl:variable name="errs" select="field[string(@error) != '' and @name != 'version' and @name != 'confirm']"/>
            <xsl:choose>
              <xsl:when test="$errs and @name != 'close'">
                <xsl:for-each select="$errs">
                  <li>
                    <a>
                      <xsl:attribute name="href">
                        <xsl:text>#</xsl:text>
                        <xsl:value-of select="concat(../@name, '-', @name)"/>
                        <xsl:if test="@name = 'scope'">-all</xsl:if>
                      </xsl:attribute>
                      <xsl:call-template name="form-title"><xsl:with-param name="name" select="string(../@name)"/></xsl:call-template>
                      <xsl:text>: </xsl:text>
                      <xsl:call-template name="error-text"><xsl:with-param name="error" select="string(@error)"/><xsl:with-param name="max" select="string(@max)"/></xsl:call-template>
                    </a>
                  </li>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>
                <li>
                  <a href="#{$section}">
                    <xsl:call-template name="form-title"><xsl:with-param name="name" select="string(@name)"/></xsl:call-template>
                    <xsl:text>: </xsl:text>
                    <xsl:choose>
                      <xsl:when test="@conflict = '1'"><xsl:value-of select="i:t('admin.cycle.conflict')"/></xsl:when>
                      <xsl:when test="field/@error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="string(field[@error][1]/@error)"/><xsl:with-param name="max" select="string(field[@error][1]/@max)"/></xsl:call-template></xsl:when>
                      <xsl:otherwise><xsl:value-of select="i:t('form.error.summary')"/></xsl:otherwise>
                    </xsl:choose>
                  </a>
                </li>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The section (an id on this page) a form of this name stands in. -->
  <xsl:template name="form-section">
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$name = 'cycle'">edit-title</xsl:when>
      <xsl:when test="$name = 'start'">start</xsl:when>
      <xsl:when test="$name = 'close'">close</xsl:when>
      <xsl:when test="$name = 'second_assessor'">second-assessor-title</xsl:when>
      <xsl:when test="starts-with($name, 'org-goal')">org-goals</xsl:when>
      <xsl:otherwise>collective-goals</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="form-title">
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$name = 'cycle'"><xsl:value-of select="i:t('admin.cycle.edit')"/></xsl:when>
      <xsl:when test="$name = 'start'"><xsl:value-of select="i:t('admin.cycle.start.title')"/></xsl:when>
      <xsl:when test="$name = 'close'"><xsl:value-of select="i:t('admin.cycle.close.title')"/></xsl:when>
      <xsl:when test="$name = 'second_assessor'"><xsl:value-of select="i:t('admin.cycle.assessor.title')"/></xsl:when>
      <xsl:when test="starts-with($name, 'org-goal')"><xsl:value-of select="i:t('goal.org.title')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t('goal.collective.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- issue 17: whether the cycle's assessments ask a second assessor
       (as their template says, always, never); only later finalizes
       follow a change. -->
  <xsl:template name="second-assessor">
    <xsl:variable name="form" select="/page/form[@name = 'second_assessor']"/>
    <xsl:variable name="now" select="string($c/@second_assessor)"/>
    <section class="section" aria-labelledby="second-assessor-title">
      <h2 id="second-assessor-title"><xsl:value-of select="i:t('admin.cycle.assessor.title')"/></h2>
      <p id="second-assessor-now">
        <xsl:value-of select="i:t(concat('admin.cycle.assessor.', $now))"/>
      </p>
      <xsl:if test="not($closed)">
        <form method="post" action="{$base}/second-assessor" class="form">
          <xsl:call-template name="csrf-input"/>
          <xsl:call-template name="version-input">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="version" select="$c/@version"/>
          </xsl:call-template>
          <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$form"/></xsl:call-template>
          <div class="field">
            <label for="second_assessor-second_assessor"><xsl:value-of select="i:t('admin.cycle.assessor.label')"/></label>
            <span class="field-help" id="second_assessor-help"><xsl:value-of select="i:t('admin.cycle.assessor.help')"/></span>
            <select id="second_assessor-second_assessor" name="second_assessor" aria-describedby="second_assessor-help">
              <xsl:call-template name="assessor-option"><xsl:with-param name="v" select="'template'"/><xsl:with-param name="now" select="$now"/></xsl:call-template>
              <xsl:call-template name="assessor-option"><xsl:with-param name="v" select="'required'"/><xsl:with-param name="now" select="$now"/></xsl:call-template>
              <xsl:call-template name="assessor-option"><xsl:with-param name="v" select="'none'"/><xsl:with-param name="now" select="$now"/></xsl:call-template>
            </select>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button-primary"><xsl:value-of select="i:t('admin.cycle.assessor.save')"/></button>
          </div>
        </form>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="assessor-option">
    <xsl:param name="v"/>
    <xsl:param name="now"/>
    <option value="{$v}">
      <xsl:if test="$v = $now"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="i:t(concat('admin.cycle.assessor.', $v))"/>
    </option>
  </xsl:template>

  <!-- ========================================================= summary -->

  <xsl:template match="start-result">
    <div class="alert alert-info" id="start-result">
      <h2><xsl:value-of select="i:t('admin.cycle.start.result')"/></h2>
      <p>
        <xsl:value-of select="i:t('admin.cycle.start.created')"/>
        <xsl:text>: </xsl:text>
        <strong class="start-created"><xsl:value-of select="@created"/></strong>
        <xsl:text> · </xsl:text>
        <xsl:value-of select="i:t('admin.cycle.start.present')"/>
        <xsl:text>: </xsl:text>
        <strong class="start-present"><xsl:value-of select="@present"/></strong>
      </p>
    </div>
  </xsl:template>

  <xsl:template name="summary">
    <section class="section" aria-labelledby="summary-title">
      <h2 id="summary-title"><xsl:value-of select="i:t('admin.cycle.summary')"/></h2>
      <div class="table-wrap">
        <table class="list">
          <tbody>
            <tr>
              <th scope="row"><xsl:value-of select="i:t('admin.cycles.period')"/></th>
              <td>
                <xsl:call-template name="date"><xsl:with-param name="value" select="$c/@starts_on"/></xsl:call-template>
                <xsl:text> </xsl:text>
                <xsl:value-of select="i:t('admin.cycle.period_to')"/>
                <xsl:text> </xsl:text>
                <xsl:call-template name="date"><xsl:with-param name="value" select="$c/@ends_on"/></xsl:call-template>
              </td>
            </tr>
            <tr>
              <th scope="row"><xsl:value-of select="i:t('admin.cycle.scale')"/></th>
              <td>
                <ol class="scale">
                  <xsl:for-each select="$c/label"><li><xsl:value-of select="."/></li></xsl:for-each>
                </ol>
              </td>
            </tr>
            <tr>
              <th scope="row"><xsl:value-of select="i:t('admin.cycle.dossiers')"/></th>
              <td>
                <span class="dossier-count"><xsl:value-of select="$c/@dossiers"/></span>
                <xsl:if test="$c/@dossiers != $c/@dossiers_open">
                  <xsl:text> (</xsl:text>
                  <xsl:value-of select="$c/@dossiers_open"/>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="i:t('admin.cycles.open')"/>
                  <xsl:text>)</xsl:text>
                </xsl:if>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="schedule">
    <section class="section" aria-labelledby="schedule-title">
      <h2 id="schedule-title"><xsl:value-of select="i:t('admin.cycle.schedule')"/></h2>
      <div class="table-wrap">
        <table class="list stack">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('admin.cycle.step')"/></th>
              <th scope="col"><xsl:value-of select="i:t('admin.cycle.step.type')"/></th>
              <th scope="col"><xsl:value-of select="i:t('admin.cycle.step.due')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$c/step">
              <tr>
                <th scope="row"><xsl:value-of select="@seq"/></th>
                <td data-label="{i:t('admin.cycle.step.type')}">
                  <xsl:value-of select="i:t(concat('conversation.type.', @type))"/>
                </td>
                <td data-label="{i:t('admin.cycle.step.due')}">
                  <xsl:call-template name="date"><xsl:with-param name="value" select="@due_on"/></xsl:call-template>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
      <xsl:if test="not(/page/slots) and not($closed)">
        <p class="muted"><xsl:value-of select="i:t('admin.cycle.schedule.locked')"/></p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ============================================================ edit -->

  <xsl:template name="edit">
    <xsl:variable name="form" select="/page/form[@name = 'cycle']"/>
    <section class="section" aria-labelledby="edit-title">
      <h2 id="edit-title"><xsl:value-of select="i:t('admin.cycle.edit')"/></h2>
      <details class="disclosure">
        <xsl:if test="$form"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
        <summary><xsl:value-of select="i:t('goal.edit')"/></summary>
        <form method="post" action="{$base}" class="form">
          <xsl:call-template name="csrf-input"/>
          <xsl:call-template name="version-input">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="version" select="$c/@version"/>
          </xsl:call-template>
          <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$form"/></xsl:call-template>
          <xsl:if test="$form/@conflict = '1'">
            <div class="panel conflict">
              <h4><xsl:value-of select="i:t('admin.cycle.conflict.stored')"/></h4>
              <p>
                <strong><xsl:value-of select="$c/@name"/></strong>
                <xsl:text>: </xsl:text>
                <xsl:value-of select="$c/@starts_on"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="i:t('admin.cycle.period_to')"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="$c/@ends_on"/>
              </p>
              <p><xsl:value-of select="$c/@scale"/></p>
            </div>
          </xsl:if>
          <xsl:call-template name="f-input">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="name" select="'name'"/>
            <xsl:with-param name="label" select="i:t('admin.cycle.field.name')"/>
            <xsl:with-param name="default" select="$c/@name"/>
            <xsl:with-param name="maxlength" select="'100'"/>
          </xsl:call-template>
          <xsl:call-template name="f-input">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="name" select="'starts_on'"/>
            <xsl:with-param name="label" select="i:t('admin.cycle.field.starts_on')"/>
            <xsl:with-param name="hint" select="i:t('admin.cycle.field.date.hint')"/>
            <xsl:with-param name="default" select="$c/@starts_on"/>
            <xsl:with-param name="type" select="'date'"/>
          </xsl:call-template>
          <xsl:call-template name="f-input">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="name" select="'ends_on'"/>
            <xsl:with-param name="label" select="i:t('admin.cycle.field.ends_on')"/>
            <xsl:with-param name="hint" select="i:t('admin.cycle.field.date.hint')"/>
            <xsl:with-param name="default" select="$c/@ends_on"/>
            <xsl:with-param name="type" select="'date'"/>
          </xsl:call-template>
          <xsl:call-template name="f-input">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="name" select="'scale'"/>
            <xsl:with-param name="label" select="i:t('admin.cycle.field.scale')"/>
            <xsl:with-param name="hint">
              <xsl:choose>
                <xsl:when test="$c/@dossiers &gt; 0"><xsl:value-of select="i:t('admin.cycle.field.scale.locked')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="i:t('admin.cycle.field.scale.hint')"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="default" select="$c/@scale"/>
          </xsl:call-template>
          <xsl:if test="/page/slots">
            <fieldset>
              <legend><xsl:value-of select="i:t('admin.cycle.schedule')"/></legend>
              <p class="form-hint"><xsl:value-of select="i:t('admin.cycle.schedule.hint')"/></p>
              <xsl:call-template name="schedule-table">
                <xsl:with-param name="form" select="$form"/>
                <xsl:with-param name="slots" select="/page/slots"/>
                <xsl:with-param name="steps" select="$c/step"/>
              </xsl:call-template>
            </fieldset>
          </xsl:if>
          <div class="form-actions">
            <button type="submit" class="button button-primary"><xsl:value-of select="i:t('admin.cycle.save')"/></button>
          </div>
        </form>
      </details>
    </section>
  </xsl:template>

  <!-- =========================================================== start -->

  <xsl:template name="start">
    <xsl:variable name="form" select="/page/form[@name = 'start']"/>
    <xsl:variable name="scope">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'scope'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="scope-error" select="string($form/field[@name = 'scope']/@error)"/>
    <section class="section" id="start" aria-labelledby="start-title">
      <h2 id="start-title"><xsl:value-of select="i:t('admin.cycle.start.title')"/></h2>
      <p><xsl:value-of select="i:t('admin.cycle.start.intro')"/></p>
      <form method="post" action="{$base}/start" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$form"/></xsl:call-template>
        <fieldset>
          <legend><xsl:value-of select="i:t('admin.cycle.start.scope')"/></legend>
          <xsl:if test="$scope-error != ''">
            <span class="field-error" id="start-scope-error"><xsl:value-of select="i:t($scope-error)"/></span>
          </xsl:if>
          <xsl:call-template name="scope-radio">
            <xsl:with-param name="value" select="'all'"/>
            <xsl:with-param name="current" select="$scope"/>
          </xsl:call-template>
          <xsl:call-template name="scope-radio">
            <xsl:with-param name="value" select="'department'"/>
            <xsl:with-param name="current" select="$scope"/>
          </xsl:call-template>
          <xsl:call-template name="department-select">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="prefix" select="'start'"/>
            <xsl:with-param name="label" select="i:t('admin.cycle.start.department')"/>
            <xsl:with-param name="empty" select="i:t('admin.cycle.start.department.choose')"/>
          </xsl:call-template>
          <xsl:call-template name="f-checkbox">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="prefix" select="'start'"/>
            <xsl:with-param name="name" select="'recursive'"/>
            <xsl:with-param name="label" select="i:t('admin.cycle.start.recursive')"/>
            <xsl:with-param name="default" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="scope-radio">
            <xsl:with-param name="value" select="'list'"/>
            <xsl:with-param name="current" select="$scope"/>
          </xsl:call-template>
          <xsl:call-template name="f-textarea">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="prefix" select="'start'"/>
            <xsl:with-param name="name" select="'logins'"/>
            <xsl:with-param name="label" select="i:t('admin.cycle.start.logins')"/>
            <xsl:with-param name="hint" select="i:t('admin.cycle.start.logins.hint')"/>
          </xsl:call-template>
          <xsl:if test="/page/unknown-logins/unknown">
            <div class="alert alert-error" id="unknown-logins">
              <p><xsl:value-of select="i:t('admin.cycle.start.unknown')"/><xsl:text>:</xsl:text></p>
              <ul>
                <xsl:for-each select="/page/unknown-logins/unknown"><li><code><xsl:value-of select="."/></code></li></xsl:for-each>
              </ul>
            </div>
          </xsl:if>
        </fieldset>
        <xsl:call-template name="start-templates">
          <xsl:with-param name="form" select="$form"/>
        </xsl:call-template>
        <xsl:apply-templates select="/page/copy-goals[goal]">
          <xsl:with-param name="form" select="$form"/>
        </xsl:apply-templates>
        <div class="form-actions">
          <button type="submit" class="button button-primary"><xsl:value-of select="i:t('admin.cycle.start.submit')"/></button>
        </div>
      </form>
      <!-- One search on the page: its matches stand in every department
           select of the page (the start's above and the collective goals'). -->
      <xsl:call-template name="dept-search-form">
        <xsl:with-param name="form-id" select="'dept-search'"/>
        <xsl:with-param name="action" select="concat($base, '#start')"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- Joiners and leavers HR is asked to confirm (issue 15): one small
       form per person, so each confirmation is a POST of its own. -->
  <xsl:template match="people-changes">
    <xsl:variable name="form" select="/page/form[@name = 'people']"/>
    <section class="section" id="people" aria-labelledby="people-title">
      <h2 id="people-title"><xsl:value-of select="i:t('admin.cycle.people.title')"/></h2>
      <p><xsl:value-of select="i:t('admin.cycle.people.intro')"/></p>
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$form"/></xsl:call-template>
      <div class="table-wrap">
        <table class="list stack">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('admin.cycle.people.name')"/></th>
              <th scope="col"><xsl:value-of select="i:t('admin.cycle.people.department')"/></th>
              <th scope="col"><xsl:value-of select="i:t('admin.cycle.people.change')"/></th>
              <th scope="col"><span class="visually-hidden"><xsl:value-of select="i:t('admin.cycle.people.action')"/></span></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="person">
              <tr class="person-{@change}">
                <th scope="row"><xsl:value-of select="@name"/><xsl:text> (</xsl:text><xsl:value-of select="@login"/><xsl:text>)</xsl:text></th>
                <td data-label="{i:t('admin.cycle.people.department')}"><xsl:value-of select="@department"/></td>
                <td data-label="{i:t('admin.cycle.people.change')}"><xsl:value-of select="i:t(concat('admin.cycle.people.', @change))"/></td>
                <td>
                  <form method="post" action="{$base}/people">
                    <xsl:call-template name="csrf-input"/>
                    <input type="hidden" name="employee" value="{@employee_id}"/>
                    <input type="hidden" name="change" value="{@change}"/>
                    <button type="submit" class="button" id="people-{@change}-{@employee_id}">
                      <xsl:value-of select="i:t(concat('admin.cycle.people.confirm.', @change))"/>
                      <span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="@name"/></span>
                    </button>
                  </form>
                  <!-- A joiner who should get no dossier (a temp, someone
                       starting just before the assessment) leaves the list. -->
                  <xsl:if test="@change = 'join'">
                    <form method="post" action="{$base}/people">
                      <xsl:call-template name="csrf-input"/>
                      <input type="hidden" name="employee" value="{@employee_id}"/>
                      <input type="hidden" name="change" value="dismiss"/>
                      <button type="submit" class="button button-quiet" id="people-dismiss-{@employee_id}">
                        <xsl:value-of select="i:t('admin.cycle.people.confirm.dismiss')"/>
                        <span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="@name"/></span>
                      </button>
                    </form>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </section>
  </xsl:template>

  <!-- The organisation goals of the cycle before, to copy on start (issue
       15).  None is ticked beforehand: a goal copied by accident becomes a
       goal employees link their own goals to, while one left out is added
       with a click on a second start; HR reads the list and picks. -->
  <xsl:template match="copy-goals">
    <xsl:param name="form"/>
    <fieldset id="start-copy">
      <legend><xsl:value-of select="i:t('admin.cycle.start.copy')"/><xsl:text> </xsl:text><xsl:value-of select="@cycle"/></legend>
      <p class="hint"><xsl:value-of select="i:t('admin.cycle.start.copy.hint')"/></p>
      <xsl:for-each select="goal">
        <xsl:variable name="field" select="concat('copy', @slot)"/>
        <div class="choice">
          <xsl:choose>
            <xsl:when test="@copied">
              <input type="checkbox" id="start-copied-{@id}" checked="checked" disabled="disabled"/>
              <label for="start-copied-{@id}">
                <xsl:value-of select="@title"/><xsl:text> (</xsl:text><xsl:value-of select="i:t('admin.cycle.start.copy.done')"/><xsl:text>)</xsl:text>
              </label>
            </xsl:when>
            <xsl:otherwise>
              <input type="checkbox" id="start-{$field}" name="{$field}" value="{@id}">
                <xsl:if test="$form/field[@name = $field]/@value = @id"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="start-{$field}"><xsl:value-of select="@title"/></label>
            </xsl:otherwise>
          </xsl:choose>
        </div>
      </xsl:for-each>
      <xsl:if test="@more"><p class="hint"><xsl:value-of select="i:t('admin.cycle.start.copy.more')"/></p></xsl:if>
    </fieldset>
  </xsl:template>

  <xsl:template name="scope-radio">
    <xsl:param name="value"/>
    <xsl:param name="current"/>
    <div class="choice">
      <input type="radio" id="start-scope-{$value}" name="scope" value="{$value}">
        <xsl:if test="$current = $value"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <label for="start-scope-{$value}"><xsl:value-of select="i:t(concat('admin.cycle.start.scope.', $value))"/></label>
    </div>
  </xsl:template>

  <!-- ====================================================== org goals -->

  <xsl:template name="org-goals">
    <section class="section" id="org-goals" aria-labelledby="org-goals-title">
      <h2 id="org-goals-title"><xsl:value-of select="i:t('goal.org.title')"/></h2>
      <p><xsl:value-of select="i:t('goal.org.intro')"/></p>
      <xsl:choose>
        <xsl:when test="org-goals/org-goal">
          <ul class="items">
            <xsl:apply-templates select="org-goals/org-goal"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('goal.org.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="not($closed)">
        <xsl:variable name="form" select="/page/form[@name = 'org-goal-new']"/>
        <details class="disclosure add-item">
          <xsl:if test="$form"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
          <summary><xsl:value-of select="i:t('goal.org.add')"/></summary>
          <xsl:call-template name="org-goal-form">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="prefix" select="'org-goal-new'"/>
            <xsl:with-param name="action" select="concat($base, '/goals')"/>
            <xsl:with-param name="submit" select="i:t('goal.add')"/>
          </xsl:call-template>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="org-goal">
    <xsl:variable name="name" select="concat('org-goal-', @id)"/>
    <xsl:variable name="form" select="/page/form[@name = $name]"/>
    <li class="item" id="{$name}">
      <div class="item-head"><h3 class="item-title"><xsl:value-of select="@title"/></h3></div>
      <p class="item-meta">
        <xsl:value-of select="i:t('goal.field.department')"/>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="@department"><xsl:value-of select="@department"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('goal.org.whole')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:call-template name="text-block"><xsl:with-param name="text" select="description"/></xsl:call-template>
      <xsl:if test="not($closed)">
        <details class="disclosure">
          <xsl:if test="$form"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
          <summary>
            <xsl:value-of select="i:t('goal.edit')"/>
            <span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="@title"/></span>
          </summary>
          <xsl:call-template name="org-goal-form">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="prefix" select="$name"/>
            <xsl:with-param name="action" select="concat('/admin/goals/', @id)"/>
            <xsl:with-param name="submit" select="i:t('goal.save')"/>
            <xsl:with-param name="goal" select="."/>
          </xsl:call-template>
        </details>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="org-goal-form">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="action"/>
    <xsl:param name="submit"/>
    <xsl:param name="goal" select="/.."/>
    <form method="post" action="{$action}" class="form">
      <xsl:call-template name="csrf-input"/>
      <xsl:if test="$goal">
        <xsl:call-template name="version-input">
          <xsl:with-param name="form" select="$form"/>
          <xsl:with-param name="version" select="$goal/@version"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$form"/></xsl:call-template>
      <xsl:if test="$form/@conflict = '1'">
        <div class="panel conflict">
          <h4><xsl:value-of select="i:t('admin.cycle.conflict.stored')"/></h4>
          <p><strong><xsl:value-of select="$goal/@title"/></strong></p>
          <xsl:call-template name="text-block"><xsl:with-param name="text" select="$goal/description"/></xsl:call-template>
        </div>
      </xsl:if>
      <xsl:call-template name="f-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'title'"/>
        <xsl:with-param name="label" select="i:t('goal.field.title')"/>
        <xsl:with-param name="default" select="$goal/@title"/>
        <xsl:with-param name="maxlength" select="'200'"/>
      </xsl:call-template>
      <xsl:call-template name="f-textarea">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'description'"/>
        <xsl:with-param name="label" select="i:t('goal.field.description')"/>
        <xsl:with-param name="default" select="$goal/description"/>
      </xsl:call-template>
      <!-- whose goal it is: the goal form lists the employee's department's first (issue 16) -->
      <xsl:call-template name="department-select">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="label" select="i:t('goal.field.department')"/>
        <xsl:with-param name="empty" select="i:t('goal.org.whole')"/>
        <xsl:with-param name="default" select="$goal/@department_id"/>
        <xsl:with-param name="default-name" select="$goal/@department"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="button button-primary"><xsl:value-of select="$submit"/></button>
      </div>
    </form>
  </xsl:template>

  <!-- =============================================== collective goals -->

  <xsl:template name="collective-goals">
    <section class="section" id="collective-goals" aria-labelledby="collective-goals-title">
      <h2 id="collective-goals-title"><xsl:value-of select="i:t('goal.collective.title')"/></h2>
      <p><xsl:value-of select="i:t('goal.collective.intro')"/></p>
      <xsl:choose>
        <xsl:when test="collective-goals/collective-goal">
          <ul class="items">
            <xsl:apply-templates select="collective-goals/collective-goal"/>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('goal.collective.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="not($closed)">
        <xsl:variable name="form" select="/page/form[@name = 'collective-new']"/>
        <details class="disclosure add-item">
          <xsl:if test="$form"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
          <summary><xsl:value-of select="i:t('goal.collective.add')"/></summary>
          <xsl:call-template name="collective-form">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="prefix" select="'collective-new'"/>
            <xsl:with-param name="action" select="concat($base, '/collective')"/>
            <xsl:with-param name="submit" select="i:t('goal.add')"/>
          </xsl:call-template>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="collective-goal">
    <xsl:variable name="name" select="concat('collective-', @id)"/>
    <xsl:variable name="form" select="/page/form[@name = $name]"/>
    <xsl:variable name="sname" select="concat('status-', @id)"/>
    <xsl:variable name="sform" select="/page/form[@name = $sname]"/>
    <li class="item" id="{$name}">
      <div class="item-head">
        <h3 class="item-title"><xsl:value-of select="@title"/></h3>
        <span>
          <xsl:call-template name="badge"><xsl:with-param name="state" select="string(@status)"/></xsl:call-template>
          <xsl:if test="@bonus = '1'">
            <xsl:text> </xsl:text>
            <xsl:call-template name="badge">
              <xsl:with-param name="state" select="'bonus'"/>
              <xsl:with-param name="key" select="'goal.bonus'"/>
            </xsl:call-template>
          </xsl:if>
        </span>
      </div>
      <p class="item-meta">
        <xsl:value-of select="i:t('goal.field.department')"/>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="@department"><xsl:value-of select="@department"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('goal.everyone')"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text> · </xsl:text>
        <xsl:value-of select="i:t('goal.field.deadline')"/>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="string(@deadline) != ''">
            <xsl:call-template name="date"><xsl:with-param name="value" select="@deadline"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('goal.no_deadline')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:call-template name="text-block"><xsl:with-param name="text" select="measure"/></xsl:call-template>
      <xsl:if test="string(status_note) != ''">
        <div class="note">
          <p class="note-meta"><xsl:value-of select="i:t('goal.field.status_note')"/></p>
          <p class="note-text"><xsl:value-of select="status_note"/></p>
        </div>
      </xsl:if>
      <div class="item-actions">
        <details class="disclosure">
          <xsl:if test="$sform"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
          <summary>
            <xsl:value-of select="i:t('goal.status.edit')"/>
            <span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="@title"/></span>
          </summary>
          <xsl:call-template name="status-form">
            <xsl:with-param name="form" select="$sform"/>
            <xsl:with-param name="prefix" select="$sname"/>
            <xsl:with-param name="goal" select="."/>
          </xsl:call-template>
        </details>
        <xsl:if test="not($closed)">
          <details class="disclosure">
            <xsl:if test="$form"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
            <summary>
              <xsl:value-of select="i:t('goal.edit')"/>
              <span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="@title"/></span>
            </summary>
            <xsl:call-template name="collective-form">
              <xsl:with-param name="form" select="$form"/>
              <xsl:with-param name="prefix" select="$name"/>
              <xsl:with-param name="action" select="concat('/admin/collective/', @id)"/>
              <xsl:with-param name="submit" select="i:t('goal.save')"/>
              <xsl:with-param name="goal" select="."/>
            </xsl:call-template>
          </details>
        </xsl:if>
      </div>
    </li>
  </xsl:template>

  <!-- The stored version of a collective goal, next to a form that lost. -->
  <xsl:template name="collective-stored">
    <xsl:param name="goal"/>
    <div class="panel conflict">
      <h4><xsl:value-of select="i:t('admin.cycle.conflict.stored')"/></h4>
      <p>
        <strong><xsl:value-of select="$goal/@title"/></strong>
        <xsl:text> </xsl:text>
        <xsl:call-template name="badge"><xsl:with-param name="state" select="string($goal/@status)"/></xsl:call-template>
      </p>
      <xsl:call-template name="text-block"><xsl:with-param name="text" select="$goal/measure"/></xsl:call-template>
      <xsl:call-template name="text-block"><xsl:with-param name="text" select="$goal/status_note"/></xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="collective-form">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="action"/>
    <xsl:param name="submit"/>
    <xsl:param name="goal" select="/.."/>
    <form method="post" action="{$action}" class="form">
      <xsl:call-template name="csrf-input"/>
      <xsl:if test="$goal">
        <xsl:call-template name="version-input">
          <xsl:with-param name="form" select="$form"/>
          <xsl:with-param name="version" select="$goal/@version"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$form"/></xsl:call-template>
      <xsl:if test="$form/@conflict = '1'">
        <xsl:call-template name="collective-stored"><xsl:with-param name="goal" select="$goal"/></xsl:call-template>
      </xsl:if>
      <xsl:call-template name="f-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'title'"/>
        <xsl:with-param name="label" select="i:t('goal.field.title')"/>
        <xsl:with-param name="default" select="$goal/@title"/>
        <xsl:with-param name="maxlength" select="'200'"/>
      </xsl:call-template>
      <xsl:call-template name="f-textarea">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'measure'"/>
        <xsl:with-param name="label" select="i:t('goal.field.measure')"/>
        <xsl:with-param name="default" select="$goal/measure"/>
      </xsl:call-template>
      <xsl:call-template name="f-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'deadline'"/>
        <xsl:with-param name="label" select="i:t('goal.field.deadline')"/>
        <xsl:with-param name="hint" select="i:t('admin.cycle.field.date.hint')"/>
        <xsl:with-param name="default" select="$goal/@deadline"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="department-select">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="label" select="i:t('goal.field.department')"/>
        <xsl:with-param name="empty" select="i:t('goal.everyone')"/>
        <xsl:with-param name="default" select="$goal/@department_id"/>
        <xsl:with-param name="default-name" select="$goal/@department"/>
      </xsl:call-template>
      <xsl:call-template name="f-checkbox">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'bonus'"/>
        <xsl:with-param name="label" select="i:t('goal.field.bonus')"/>
        <xsl:with-param name="default" select="$goal/@bonus = '1'"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="button button-primary"><xsl:value-of select="$submit"/></button>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="status-form">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="goal"/>
    <xsl:variable name="id" select="concat($prefix, '-status')"/>
    <xsl:variable name="error" select="string($form/field[@name = 'status']/@error)"/>
    <xsl:variable name="current">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'status'"/>
        <xsl:with-param name="default" select="$goal/@status"/>
      </xsl:call-template>
    </xsl:variable>
    <form method="post" action="/admin/collective/{$goal/@id}/status" class="form">
      <xsl:call-template name="csrf-input"/>
      <xsl:call-template name="version-input">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="version" select="$goal/@version"/>
      </xsl:call-template>
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$form"/></xsl:call-template>
      <xsl:if test="$form/@conflict = '1'">
        <xsl:call-template name="collective-stored"><xsl:with-param name="goal" select="$goal"/></xsl:call-template>
      </xsl:if>
      <div class="field">
        <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
        <xsl:call-template name="f-label">
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="label" select="i:t('goal.field.status')"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <select id="{$id}" name="status">
          <xsl:call-template name="f-aria">
            <xsl:with-param name="id" select="$id"/>
            <xsl:with-param name="error" select="$error"/>
          </xsl:call-template>
          <xsl:call-template name="status-option">
            <xsl:with-param name="state" select="'open'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="status-option">
            <xsl:with-param name="state" select="'achieved'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="status-option">
            <xsl:with-param name="state" select="'not_achieved'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="f-textarea">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="name" select="'status_note'"/>
        <xsl:with-param name="label" select="i:t('goal.field.status_note')"/>
        <xsl:with-param name="default" select="$goal/status_note"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="button button-primary"><xsl:value-of select="i:t('goal.status.save')"/></button>
      </div>
    </form>
  </xsl:template>

  <!-- =========================================================== close -->

  <xsl:template name="close">
    <xsl:variable name="form" select="/page/form[@name = 'close']"/>
    <section class="section" id="close" aria-labelledby="close-title">
      <h2 id="close-title"><xsl:value-of select="i:t('admin.cycle.close.title')"/></h2>
      <xsl:if test="$form/field/@error">
        <div class="alert alert-error" role="alert"><p><xsl:value-of select="i:t(string($form/field/@error))"/></p></div>
      </xsl:if>
      <p><xsl:value-of select="i:t('admin.cycle.close.intro')"/></p>
      <xsl:call-template name="post-button">
        <xsl:with-param name="action" select="concat($base, '/close')"/>
        <xsl:with-param name="label" select="i:t('admin.cycle.close.submit')"/>
        <xsl:with-param name="class" select="'button button-danger'"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- =========================================================== audit -->

  <xsl:template name="audit">
    <section class="section" id="audit" aria-labelledby="audit-title">
      <h2 id="audit-title"><xsl:value-of select="i:t('admin.cycle.audit.title')"/></h2>
      <xsl:choose>
        <xsl:when test="audit-trail/entry">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('audit.at')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('audit.actor')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('audit.what')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('audit.detail')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="audit-trail/entry"><xsl:call-template name="audit-row"/></xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('audit.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <p><a href="/admin/audit?entity=cycle&amp;id={$c/@id}"><xsl:value-of select="i:t('admin.cycle.audit.all')"/></a></p>
    </section>
  </xsl:template>

  <!-- ========================================================== helpers -->

  <!-- One state of a collective goal in the status choice. -->
  <xsl:template name="status-option">
    <xsl:param name="state"/>
    <xsl:param name="current"/>
    <option value="{$state}">
      <xsl:if test="$current = $state"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="i:t(concat('status.', $state))"/>
    </option>
  </xsl:template>

  <xsl:template name="department-select">
    <xsl:param name="form" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="label"/>
    <xsl:param name="empty"/>
    <xsl:param name="default" select="''"/>
    <xsl:param name="default-name" select="''"/>
    <xsl:variable name="id" select="concat($prefix, '-department')"/>
    <xsl:variable name="error" select="string($form/field[@name = 'department']/@error)"/>
    <xsl:variable name="current">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'department'"/>
        <xsl:with-param name="default" select="$default"/>
      </xsl:call-template>
    </xsl:variable>
    <div class="field">
      <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <xsl:call-template name="f-label">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="label" select="$label"/>
        <xsl:with-param name="error" select="$error"/>
      </xsl:call-template>
      <select id="{$id}" name="department">
        <xsl:call-template name="f-aria">
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <option value=""><xsl:value-of select="$empty"/></option>
        <xsl:call-template name="dept-options">
          <xsl:with-param name="selected" select="$current"/>
          <xsl:with-param name="selected-name">
            <xsl:if test="string($current) = string($default)"><xsl:value-of select="$default-name"/></xsl:if>
          </xsl:with-param>
        </xsl:call-template>
      </select>

    </div>
  </xsl:template>


</xsl:stylesheet>
