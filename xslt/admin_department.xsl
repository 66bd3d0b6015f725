<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_department.xsl - GET /admin/departments/{id} and a refused POST:
  rename the department or move it under another one.
  Input: /page/department (@id, @name, @parent (id), @parent-name,
  @employees, @version: stored now), /page/alert/@key (a conflict),
  /page/form[@name='department'] (typed values and errors),
  /page/department_tree (the bounded department choice,
  xslt/dept_choice.xsl), /page/audit/entry; /page/advisors[@group]/advisor
  (@id, @login, @name, @from, @from-name: the HR advisors reading this
  department, issue 17; @from differs from the department's id when
  assigned above it) with /page/form[@name='advisors']; /page/second_assessor
  (@id, @name, @login: the named second assessor, issue 17) and its refused
  form /page/form[@name='second_assessor'].
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="dept_choice.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="pad" select="'&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;'"/>
  <xsl:variable name="d" select="/page/department"/>
  <xsl:variable name="f" select="/page/form[@name='department']"/>
  <xsl:variable name="conflict" select="/page/alert/@key = 'admin.department.conflict'"/>

  <xsl:template name="page-title">
    <xsl:value-of select="department/@name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="i:t('admin.department.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin/departments"><xsl:value-of select="i:t('admin.department.back')"/></a></p>
      <h1><xsl:value-of select="department/@name"/></h1>
      <p>
        <a href="/admin/employees?department={department/@id}&amp;status=active">
          <xsl:value-of select="i:t('admin.department.employees')"/>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="department/@employees"/>
        </a>
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

    <section class="section" aria-labelledby="edit-title">
      <h2 id="edit-title"><xsl:value-of select="i:t('admin.department.edit')"/></h2>
      <xsl:call-template name="dept-search-form">
        <xsl:with-param name="form-id" select="'dept-search'"/>
        <xsl:with-param name="action" select="concat('/admin/departments/', /page/department/@id, '#f-parent')"/>
      </xsl:call-template>
      <form method="post" action="/admin/departments/{department/@id}" class="form">
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="version">
          <xsl:attribute name="value">
            <xsl:choose>
              <xsl:when test="not($conflict) and $f/field[@name='version']/@value != ''">
                <xsl:value-of select="$f/field[@name='version']/@value"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="department/@version"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </input>
        <xsl:call-template name="name-field"/>
        <xsl:call-template name="parent-field"/>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.department.save')"/>
          </button>
        </div>
      </form>
    </section>

    <xsl:call-template name="second-assessor"/>
    <xsl:apply-templates select="advisors"/>
    <xsl:apply-templates select="audit"/>
  </xsl:template>

  <!-- HR advisors (issue 17): who reads this department's dossiers -->
  <xsl:template match="advisors">
    <xsl:variable name="af" select="/page/form[@name='advisors']"/>
    <xsl:variable name="error" select="string($af/field[@name='login']/@error)"/>
    <section class="section" aria-labelledby="advisors-title">
      <h2 id="advisors-title"><xsl:value-of select="i:t('admin.advisors.title')"/></h2>
      <p class="field-help"><xsl:value-of select="i:t('admin.advisors.intro')"/></p>
      <xsl:choose>
        <xsl:when test="advisor">
          <ul class="advisors">
            <xsl:for-each select="advisor">
              <li>
                <xsl:value-of select="@name"/>
                <xsl:text> (</xsl:text>
                <xsl:value-of select="@login"/>
                <xsl:text>)</xsl:text>
                <xsl:choose>
                  <xsl:when test="@from != $d/@id">
                    <xsl:text> – </xsl:text>
                    <xsl:value-of select="i:t('admin.advisors.inherited')"/>
                    <xsl:text> </xsl:text>
                    <a href="/admin/departments/{@from}"><xsl:value-of select="@from-name"/></a>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:text> </xsl:text>
                    <form method="post" action="/admin/departments/{$d/@id}/advisors" class="inline-form">
                      <xsl:call-template name="csrf-input"/>
                      <input type="hidden" name="login" value="{@login}"/>
                      <button type="submit" name="remove" value="1" class="button">
                        <xsl:value-of select="i:t('admin.advisors.remove')"/>
                        <span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="@name"/></span>
                      </button>
                    </form>
                  </xsl:otherwise>
                </xsl:choose>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.advisors.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <form method="post" action="/admin/departments/{$d/@id}/advisors" class="form">
        <xsl:call-template name="csrf-input"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
          <label for="f-advisor"><xsl:value-of select="i:t('admin.advisors.login')"/></label>
          <xsl:if test="$error != ''">
            <span class="field-error" id="f-advisor-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/><xsl:with-param name="max" select="string($af/field[@name='login']/@max)"/></xsl:call-template></span>
          </xsl:if>
          <input type="text" id="f-advisor" name="login" value="{$af/field[@name='login']/@value}" maxlength="64" required="required" autocomplete="off">
            <xsl:if test="$error != ''">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">f-advisor-error</xsl:attribute>
            </xsl:if>
          </input>
          <xsl:if test="string(@group) != ''">
            <span class="field-help">
              <xsl:value-of select="i:t('admin.advisors.group')"/>
              <xsl:text> </xsl:text>
              <code><xsl:value-of select="@group"/></code>
            </span>
          </xsl:if>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.advisors.add')"/>
          </button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- issue 17: the department's named second assessor, by login; empty:
       the manager's manager assesses second -->
  <xsl:template name="second-assessor">
    <xsl:variable name="sa" select="/page/second_assessor"/>
    <xsl:variable name="sf" select="/page/form[@name='second_assessor']"/>
    <xsl:variable name="error" select="string($sf/field[@name='login']/@error)"/>
    <xsl:variable name="value">
      <xsl:choose>
        <xsl:when test="$sf"><xsl:value-of select="$sf/field[@name='login']/@value"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$sa/@login"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section class="section" aria-labelledby="assessor-title">
      <h2 id="assessor-title"><xsl:value-of select="i:t('admin.department.assessor.title')"/></h2>
      <p id="assessor-now">
        <xsl:choose>
          <xsl:when test="$sa/@id != '0'">
            <xsl:value-of select="i:t('admin.department.assessor.named')"/>
            <xsl:text>: </xsl:text>
            <xsl:value-of select="$sa/@name"/>
            <xsl:text> (</xsl:text><xsl:value-of select="$sa/@login"/><xsl:text>)</xsl:text>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('admin.department.assessor.default')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <form method="post" action="/admin/departments/{$d/@id}/second-assessor" class="form">
        <xsl:call-template name="csrf-input"/>
        <input type="hidden" name="version" value="{$d/@version}"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
          <label for="f-assessor"><xsl:value-of select="i:t('admin.department.assessor.login')"/></label>
          <span class="field-help" id="f-assessor-help"><xsl:value-of select="i:t('admin.department.assessor.help')"/></span>
          <xsl:if test="$error != ''">
            <span class="field-error" id="f-assessor-error"><xsl:value-of select="i:t($error)"/></span>
          </xsl:if>
          <input type="text" id="f-assessor" name="login" value="{$value}" maxlength="64" autocomplete="off">
            <xsl:attribute name="aria-describedby">f-assessor-help<xsl:if test="$error != ''"> f-assessor-error</xsl:if></xsl:attribute>
            <xsl:if test="$error != ''"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
          </input>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.department.assessor.save')"/>
          </button>
        </div>
      </form>
    </section>
  </xsl:template>

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
          <xsl:otherwise><xsl:value-of select="i:t('admin.department.field.parent.none')"/></xsl:otherwise>
        </xsl:choose>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="name-field">
    <xsl:variable name="error" select="string($f/field[@name='name']/@error)"/>
    <xsl:variable name="value">
      <xsl:choose>
        <xsl:when test="$f"><xsl:value-of select="$f/field[@name='name']/@value"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$d/@name"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-name"><xsl:value-of select="i:t('admin.department.field.name')"/></label>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-name-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/><xsl:with-param name="max" select="string($f/field[@name='name']/@max)"/></xsl:call-template></span>
      </xsl:if>
      <input type="text" id="f-name" name="name" value="{$value}" maxlength="200" required="required">
        <xsl:if test="$error != ''">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">f-name-error</xsl:attribute>
        </xsl:if>
      </input>
      <xsl:call-template name="stored-note">
        <xsl:with-param name="typed" select="string($value)"/>
        <xsl:with-param name="stored" select="string($d/@name)"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="parent-field">
    <xsl:variable name="error" select="string($f/field[@name='parent']/@error)"/>
    <xsl:variable name="value">
      <xsl:choose>
        <xsl:when test="$f"><xsl:value-of select="$f/field[@name='parent']/@value"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$d/@parent"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="self" select="string($d/@id)"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
      <label for="f-parent"><xsl:value-of select="i:t('admin.department.field.parent')"/></label>
      <xsl:if test="$error != ''">
        <span class="field-error" id="f-parent-error"><xsl:value-of select="i:t($error)"/></span>
      </xsl:if>
      <select id="f-parent" name="parent">
        <xsl:if test="$error != ''">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby">f-parent-error</xsl:attribute>
        </xsl:if>
        <option value=""><xsl:value-of select="i:t('admin.department.field.parent.none')"/></option>
        <!-- not itself; a department below it the store refuses (a loop) -->
        <xsl:call-template name="dept-options">
          <xsl:with-param name="selected" select="string($value)"/>
          <xsl:with-param name="selected-name">
            <xsl:if test="string($value) = string($d/@parent)"><xsl:value-of select="string($d/@parent-name)"/></xsl:if>
          </xsl:with-param>
          <xsl:with-param name="exclude" select="$self"/>
        </xsl:call-template>
      </select>
      <xsl:call-template name="stored-note">
        <xsl:with-param name="typed" select="string($value)"/>
        <xsl:with-param name="stored" select="string($d/@parent)"/>
        <xsl:with-param name="shown" select="string($d/@parent-name)"/>
      </xsl:call-template>
    </div>
  </xsl:template>

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
                    <td data-label="{i:t('audit.what')}">
                      <xsl:choose>
                        <xsl:when test="@action = 'create' or @action = 'update'">
                          <xsl:value-of select="i:t(concat('admin.org.action.', @action))"/>
                        </xsl:when>
                        <xsl:otherwise><xsl:value-of select="@action"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('audit.detail')}"><xsl:value-of select="detail"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:if test="@more = '1'">
            <p class="muted"><xsl:value-of select="i:t('audit.more')"/></p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('audit.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
