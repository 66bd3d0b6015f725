<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_employee.xsl - GET /admin/employees/{id} and the refused POSTs about
  one employee: the edit form, (de)activation, the dossiers with their
  managers, the recent audit trail.
  Input: /page/employee (@id, @login, @name, @email, @department (id),
  @department-name, @manager (login), @manager-id, @manager-name, @hr,
  @active, @version: what is stored now), /page/self (the employee is the
  user), /page/alert/@key, /page/form[@name='employee'] (typed values and
  errors of a refused edit), /page/department_tree (the bounded department
  choice, xslt/dept_choice.xsl), /page/dossiers/
  dossier (@id, @cycle, @status, @manager, @manager-id, @movable),
  /page/audit/entry (@at, @actor, @entity, @action, detail),
  /page/legal-hold (@reason, @set-by, @at: the employee is on legal hold),
  /page/form[@name='hold'] (the typed reason and its error of a refused hold),
  /page/access-export (the viewer may produce the person's export on
  their request, issue 18: pages/access.c).
  A 409 (alert admin.employee.conflict) shows the typed values with the
  stored ones beside them and carries the stored version.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="dept_choice.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="pad" select="'&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;'"/>
  <xsl:variable name="e" select="/page/employee"/>
  <xsl:variable name="f" select="/page/form[@name='employee']"/>
  <xsl:variable name="conflict" select="/page/alert/@key = 'admin.employee.conflict'"/>

  <xsl:template name="page-title">
    <xsl:value-of select="employee/@name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="i:t('admin.employee.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/employees"><xsl:value-of select="i:t('admin.employee.back')"/></a></p>
      <h1><xsl:value-of select="employee/@name"/></h1>
      <p class="roles">
        <span class="muted"><xsl:value-of select="employee/@login"/></span>
        <xsl:text> </xsl:text>
        <xsl:call-template name="state-badges"/>
      </p>
      <p class="employee-deputies">
        <a href="/admin/employees/{employee/@id}/deputies"><xsl:value-of select="i:t('admin.employee.deputies')"/></a>
      </p>
    </div>

    <xsl:if test="alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string(alert/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="$f/@error = '1' and not($conflict)">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t('form.error.summary')"/></p>
      </div>
    </xsl:if>
    <xsl:if test="employee/@active = '0'">
      <div class="alert alert-info"><p><xsl:value-of select="i:t('admin.employee.inactive')"/></p></div>
    </xsl:if>

    <section class="section" aria-labelledby="edit-title">
      <h2 id="edit-title"><xsl:value-of select="i:t('admin.employee.edit')"/></h2>
      <xsl:call-template name="dept-search-form">
        <xsl:with-param name="form-id" select="'dept-search'"/>
        <xsl:with-param name="action" select="concat('/admin/employees/', /page/employee/@id, '#f-department')"/>
      </xsl:call-template>
      <form method="post" action="/admin/employees/{employee/@id}" class="form">
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="version">
          <xsl:attribute name="value">
            <xsl:choose>
              <xsl:when test="not($conflict) and $f/field[@name='version']/@value != ''">
                <xsl:value-of select="$f/field[@name='version']/@value"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="employee/@version"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </input>
        <xsl:call-template name="employee-fields"/>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.employee.save')"/>
          </button>
        </div>
      </form>
    </section>

    <xsl:call-template name="job-profile-section"/>
    <xsl:call-template name="status-section"/>
    <xsl:call-template name="hold-section"/>
    <xsl:apply-templates select="dossiers"/>
    <xsl:apply-templates select="audit"/>
  </xsl:template>

  <!-- The job profile (issue 16): its own small form, POST
       /admin/employees/{id}/profile; /page/job-profiles (@current;
       profile (@id, @key, @name, @name-en)),
       /page/form[@name='job-profile'] after a refusal. -->
  <xsl:template name="job-profile-section">
    <xsl:variable name="pf" select="/page/form[@name='job-profile']"/>
    <xsl:variable name="error" select="string($pf/field[@name='job_profile']/@error)"/>
    <xsl:variable name="chosen">
      <xsl:choose>
        <xsl:when test="$pf"><xsl:value-of select="$pf/field[@name='job_profile']/@value"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="/page/job-profiles/@current"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section class="section" aria-labelledby="profile-title">
      <h2 id="profile-title"><xsl:value-of select="i:t('admin.employee.job_profile')"/></h2>
      <form method="post" action="/admin/employees/{/page/employee/@id}/profile" class="form">
        <xsl:call-template name="csrf-input"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
          <label for="f-job-profile"><xsl:value-of select="i:t('admin.employee.job_profile')"/></label>
          <xsl:if test="$error != ''">
            <span class="field-error" id="f-job-profile-error"><xsl:value-of select="i:t($error)"/></span>
          </xsl:if>
          <select id="f-job-profile" name="job_profile">
            <xsl:if test="$error != ''">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">f-job-profile-error</xsl:attribute>
            </xsl:if>
            <option value="">
              <xsl:if test="string($chosen) = ''"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="i:t('admin.employee.job_profile.none')"/>
            </option>
            <xsl:for-each select="/page/job-profiles/profile">
              <option value="{@id}">
                <xsl:if test="string(@id) = string($chosen)">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:choose>
                  <xsl:when test="/page/@lang = 'en' and string(@name-en) != ''"><xsl:value-of select="@name-en"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
                </xsl:choose>
                <xsl:text> (</xsl:text><xsl:value-of select="@key"/><xsl:text>)</xsl:text>
              </option>
            </xsl:for-each>
          </select>
        </div>
        <div class="form-actions">
          <button type="submit" class="button"><xsl:value-of select="i:t('admin.employee.job_profile.save')"/></button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- ============================================================ form -->

  <xsl:template name="employee-fields">
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'login'"/>
      <xsl:with-param name="stored" select="string($e/@login)"/>
      <xsl:with-param name="maxlength" select="64"/>
      <xsl:with-param name="hint" select="true()"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="stored" select="string($e/@name)"/>
      <xsl:with-param name="maxlength" select="200"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'email'"/>
      <xsl:with-param name="type" select="'email'"/>
      <xsl:with-param name="stored" select="string($e/@email)"/>
      <xsl:with-param name="maxlength" select="254"/>
    </xsl:call-template>
    <xsl:call-template name="department-field"/>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'manager'"/>
      <xsl:with-param name="stored" select="string($e/@manager)"/>
      <xsl:with-param name="maxlength" select="64"/>
      <xsl:with-param name="hint" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="hr-field"/>
  </xsl:template>

  <!-- the value shown: as typed after a refused POST, else as stored -->
  <xsl:template name="value-of">
    <xsl:param name="name"/>
    <xsl:param name="stored"/>
    <xsl:choose>
      <xsl:when test="$f"><xsl:value-of select="$f/field[@name=$name]/@value"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$stored"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="stored"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="maxlength"/>
    <xsl:param name="hint" select="false()"/>
    <xsl:param name="required" select="false()"/>
    <xsl:variable name="value">
      <xsl:call-template name="value-of">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="stored" select="$stored"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="error" select="string($f/field[@name=$name]/@error)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-{$name}"><xsl:value-of select="i:t(concat('admin.employee.field.', $name))"/></label>
      <xsl:if test="$hint">
        <span class="field-help" id="f-{$name}-hint">
          <xsl:value-of select="i:t(concat('admin.employee.field.', $name, '.hint'))"/>
        </span>
      </xsl:if>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-{$name}-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/><xsl:with-param name="max" select="string($f/field[@name=$name]/@max)"/></xsl:call-template></span>
      </xsl:if>
      <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$maxlength}"
             autocomplete="off" spellcheck="false">
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:call-template name="aria">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="error" select="$error"/>
          <xsl:with-param name="hint" select="$hint"/>
        </xsl:call-template>
      </input>
      <xsl:call-template name="stored-note">
        <xsl:with-param name="typed" select="string($value)"/>
        <xsl:with-param name="stored" select="$stored"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="aria">
    <xsl:param name="name"/>
    <xsl:param name="error"/>
    <xsl:param name="hint" select="false()"/>
    <xsl:if test="$error != ''">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$error != '' or $hint">
      <xsl:attribute name="aria-describedby">
        <xsl:if test="$error != ''">f-<xsl:value-of select="$name"/>-error</xsl:if>
        <xsl:if test="$error != '' and $hint"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$hint">f-<xsl:value-of select="$name"/>-hint</xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- after a conflict: the stored value beside a typed one that differs -->
  <xsl:template name="stored-note">
    <xsl:param name="typed"/>
    <xsl:param name="stored"/>
    <xsl:param name="shown" select="$stored"/>
    <xsl:if test="$conflict and $typed != $stored">
      <span class="field-help">
        <xsl:value-of select="i:t('admin.employee.conflict.stored')"/>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="string($shown) != ''"><xsl:value-of select="$shown"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('admin.org.none')"/></xsl:otherwise>
        </xsl:choose>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="department-field">
    <xsl:variable name="value">
      <xsl:call-template name="value-of">
        <xsl:with-param name="name" select="'department'"/>
        <xsl:with-param name="stored" select="string($e/@department)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="error" select="string($f/field[@name='department']/@error)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-department"><xsl:value-of select="i:t('admin.employee.field.department')"/></label>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-department-error"><xsl:value-of select="i:t($error)"/></span>
      </xsl:if>
      <select id="f-department" name="department">
        <xsl:call-template name="aria">
          <xsl:with-param name="name" select="'department'"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <option value=""><xsl:value-of select="i:t('admin.employee.field.department.none')"/></option>
        <xsl:call-template name="dept-options">
          <xsl:with-param name="selected" select="string($value)"/>
          <xsl:with-param name="selected-name">
            <xsl:if test="string($value) = string($e/@department)"><xsl:value-of select="string($e/@department-name)"/></xsl:if>
          </xsl:with-param>
        </xsl:call-template>
      </select>
      <xsl:call-template name="stored-note">
        <xsl:with-param name="typed" select="string($value)"/>
        <xsl:with-param name="stored" select="string($e/@department)"/>
        <xsl:with-param name="shown" select="string($e/@department-name)"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="hr-field">
    <xsl:variable name="checked" select="($f and string($f/field[@name='hr']/@value) != '') or (not($f) and $e/@hr = '1')"/>
    <div class="field">
      <label for="f-hr">
        <input type="checkbox" id="f-hr" name="hr" value="1">
          <xsl:if test="$checked"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('admin.employee.field.hr')"/>
      </label>
      <xsl:if test="$conflict and $checked != ($e/@hr = '1')">
        <span class="field-help">
          <xsl:value-of select="i:t('admin.employee.conflict.stored')"/>
          <xsl:text>: </xsl:text>
          <xsl:choose>
            <xsl:when test="$e/@hr = '1'"><xsl:value-of select="i:t('role.hr')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="i:t('admin.org.none')"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ================================================ legal hold -->

  <xsl:template name="hold-section">
    <xsl:variable name="hf" select="/page/form[@name='hold']"/>
    <xsl:variable name="error" select="string($hf/field[@name='reason']/@error)"/>
    <section class="section" aria-labelledby="hold-title">
      <h2 id="hold-title"><xsl:value-of select="i:t('admin.employee.hold.title')"/></h2>
      <xsl:choose>
        <xsl:when test="legal-hold">
          <p><xsl:value-of select="i:t('admin.employee.hold.active')"/></p>
          <dl class="facts">
            <dt><xsl:value-of select="i:t('admin.employee.hold.reason')"/></dt>
            <dd><xsl:value-of select="legal-hold/@reason"/></dd>
            <dt><xsl:value-of select="i:t('admin.employee.hold.since')"/></dt>
            <dd>
              <xsl:value-of select="legal-hold/@at"/>
              <xsl:if test="legal-hold/@set-by != ''">
                <xsl:text> – </xsl:text>
                <xsl:value-of select="legal-hold/@set-by"/>
              </xsl:if>
            </dd>
          </dl>
          <form method="post" action="/admin/employees/{employee/@id}/release" class="inline-form">
            <xsl:call-template name="csrf-input"/>
            <button type="submit" class="button">
              <xsl:value-of select="i:t('admin.employee.hold.release')"/>
            </button>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <p><xsl:value-of select="i:t('admin.employee.hold.intro')"/></p>
          <form method="post" action="/admin/employees/{employee/@id}/hold" class="form">
            <xsl:call-template name="csrf-input"/>
            <div>
              <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
              <label for="f-reason"><xsl:value-of select="i:t('admin.employee.hold.reason')"/></label>
              <xsl:if test="$error != ''">
                <span class="field-error" id="f-reason-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/><xsl:with-param name="max" select="string($hf/field[@name='reason']/@max)"/></xsl:call-template></span>
              </xsl:if>
              <textarea id="f-reason" name="reason" rows="3" maxlength="500" required="required">
                <xsl:if test="$error != ''">
                  <xsl:attribute name="aria-invalid">true</xsl:attribute>
                  <xsl:attribute name="aria-describedby">f-reason-error</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="$hf/field[@name='reason']/@value"/>
              </textarea>
            </div>
            <div class="form-actions">
              <button type="submit" class="button button-primary">
                <xsl:value-of select="i:t('admin.employee.hold.submit')"/>
              </button>
            </div>
          </form>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================ (de)activation -->

  <xsl:template name="status-section">
    <section class="section" aria-labelledby="status-title">
      <xsl:choose>
        <xsl:when test="employee/@active = '1'">
          <h2 id="status-title"><xsl:value-of select="i:t('admin.employee.deactivate.title')"/></h2>
          <xsl:choose>
            <xsl:when test="self">
              <p><xsl:value-of select="i:t('admin.employee.self')"/></p>
            </xsl:when>
            <xsl:otherwise>
              <p><xsl:value-of select="i:t('admin.employee.deactivate.intro')"/></p>
              <form method="post" action="/admin/employees/{employee/@id}/deactivate" class="inline-form">
                <xsl:call-template name="csrf-input"/>
                <input type="hidden" name="version" value="{employee/@version}"/>
                <button type="submit" class="button button-danger">
                  <xsl:value-of select="i:t('admin.employee.deactivate.submit')"/>
                </button>
              </form>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:otherwise>
          <h2 id="status-title"><xsl:value-of select="i:t('admin.employee.activate.title')"/></h2>
          <p><xsl:value-of select="i:t('admin.employee.activate.intro')"/></p>
          <form method="post" action="/admin/employees/{employee/@id}/activate" class="inline-form">
            <xsl:call-template name="csrf-input"/>
            <input type="hidden" name="version" value="{employee/@version}"/>
            <button type="submit" class="button button-primary">
              <xsl:value-of select="i:t('admin.employee.activate.submit')"/>
            </button>
          </form>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="state-badges">
    <xsl:choose>
      <xsl:when test="employee/@active = '1'">
        <xsl:call-template name="badge">
          <xsl:with-param name="state" select="'open'"/>
          <xsl:with-param name="key" select="'admin.org.state.active'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="badge">
          <xsl:with-param name="state" select="'closed'"/>
          <xsl:with-param name="key" select="'admin.org.state.inactive'"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="employee/@hr = '1'">
      <xsl:text> </xsl:text>
      <xsl:call-template name="badge">
        <xsl:with-param name="state" select="'role-hr'"/>
        <xsl:with-param name="key" select="'role.hr'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ======================================================== dossiers -->

  <xsl:template match="dossiers">
    <!-- the right of access (issue 18): everything stored about them -->
    <xsl:if test="/page/access-export">
      <section class="section" aria-labelledby="access-title">
        <h2 id="access-title"><xsl:value-of select="i:t('admin.employee.access')"/></h2>
        <p><xsl:value-of select="i:t('admin.employee.access.text')"/></p>
        <ul class="links">
          <li><a href="/admin/employees/{/page/employee/@id}/export"><xsl:value-of select="i:t('admin.employee.access.page')"/></a></li>
          <li><a href="/admin/employees/{/page/employee/@id}/export.xml"><xsl:value-of select="i:t('admin.employee.access.xml')"/></a></li>
        </ul>
      </section>
    </xsl:if>
    <section class="section" aria-labelledby="dossiers-title">
      <h2 id="dossiers-title"><xsl:value-of select="i:t('admin.employee.dossiers.title')"/></h2>
      <xsl:choose>
        <xsl:when test="dossier">
          <p><xsl:value-of select="i:t('admin.employee.dossiers.intro')"/></p>
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('admin.employee.dossiers.cycle')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.employee.dossiers.manager')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.employee.dossiers.status')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.employee.dossiers.action')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="dossier">
                  <tr>
                    <th scope="row"><a href="/dossiers/{@id}"><xsl:value-of select="@cycle"/></a></th>
                    <td data-label="{i:t('admin.employee.dossiers.manager')}">
                      <xsl:choose>
                        <xsl:when test="string(@manager) != ''"><xsl:value-of select="@manager"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="i:t('admin.org.none')"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('admin.employee.dossiers.status')}">
                      <xsl:call-template name="badge">
                        <xsl:with-param name="state" select="string(@status)"/>
                      </xsl:call-template>
                    </td>
                    <td data-label="{i:t('admin.employee.dossiers.action')}">
                      <xsl:if test="@movable = '1'">
                        <form method="post" action="/admin/dossiers/{@id}/manager" class="inline-form">
                          <xsl:call-template name="csrf-input"/>
                          <input type="hidden" name="manager" value="{$e/@manager-id}"/>
                          <button type="submit" class="button">
                            <xsl:value-of select="i:t('admin.employee.dossiers.move')"/>
                            <span class="visually-hidden">
                              <xsl:text>: </xsl:text>
                              <xsl:value-of select="$e/@manager-name"/>
                              <xsl:text> (</xsl:text>
                              <xsl:value-of select="@cycle"/>
                              <xsl:text>)</xsl:text>
                            </span>
                          </button>
                        </form>
                      </xsl:if>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.employee.dossiers.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- =========================================================== audit -->

  <xsl:template match="audit">
    <section class="section" aria-labelledby="audit-title">
      <h2 id="audit-title"><xsl:value-of select="i:t('admin.org.audit.title')"/></h2>
      <xsl:choose>
        <xsl:when test="entry">
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
                <xsl:for-each select="entry">
                  <tr>
                    <th scope="row">
                      <xsl:call-template name="date"><xsl:with-param name="value" select="@at"/></xsl:call-template>
                      <xsl:text> </xsl:text>
                      <xsl:value-of select="substring(@at, 12, 5)"/>
                    </th>
                    <td data-label="{i:t('audit.actor')}">
                      <xsl:choose>
                        <xsl:when test="string(@actor) != ''"><xsl:value-of select="@actor"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="i:t('audit.system')"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('audit.what')}"><xsl:call-template name="action"/></td>
                    <td data-label="{i:t('audit.detail')}"><xsl:value-of select="detail"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:if test="@more = '1'">
            <p class="muted"><xsl:value-of select="i:t('admin.org.audit.more')"/></p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('audit.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <p><a href="/admin/audit?entity=employee&amp;id={/page/employee/@id}"><xsl:value-of select="i:t('admin.org.audit.all')"/></a></p>
    </section>
  </xsl:template>

  <xsl:template name="action">
    <xsl:if test="@entity = 'dossier'">
      <xsl:value-of select="i:t('audit.entity.dossier')"/>
      <xsl:text>: </xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@action = 'create' or @action = 'update' or @action = 'deactivate'
                      or @action = 'activate' or @action = 'import' or @action = 'manager'
                      or @action = 'hold' or @action = 'release'">
        <xsl:value-of select="i:t(concat('admin.org.action.', @action))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="@action"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
