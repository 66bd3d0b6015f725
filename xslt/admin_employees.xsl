<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_employees.xsl - GET /admin/employees: search and list the employees.
  Input: /page/form[@name='search'] (q, department, status, page as typed,
  with errors), /page/departments (the tree), /page/employees (@total,
  @page, @pages, @query: the search as a query string for the pager) with
  employee(@id, @login, @name, @email, @department, @manager, @hr, @active).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- indentation of sub-departments in a choice (non-breaking spaces) -->
  <xsl:variable name="pad" select="'&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;&#160;'"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.employees.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin"><xsl:value-of select="i:t('admin.org.back')"/></a></p>
      <h1><xsl:value-of select="i:t('admin.employees.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.employees.intro')"/></p>
      <p><a class="button" href="/admin/employees/new"><xsl:value-of select="i:t('admin.employees.new')"/></a></p>
    </div>
    <xsl:call-template name="search-form"/>
    <xsl:apply-templates select="employees"/>
  </xsl:template>

  <xsl:template name="search-form">
    <xsl:variable name="f" select="form[@name='search']"/>
    <form method="get" action="/admin/employees" class="form" role="search">
      <fieldset>
        <legend><xsl:value-of select="i:t('admin.employees.search')"/></legend>
        <div>
          <xsl:call-template name="field-class"><xsl:with-param name="name" select="'q'"/></xsl:call-template>
          <label for="f-q"><xsl:value-of select="i:t('admin.employees.q')"/></label>
          <xsl:call-template name="field-error"><xsl:with-param name="name" select="'q'"/></xsl:call-template>
          <input type="search" id="f-q" name="q" value="{$f/field[@name='q']/@value}" maxlength="100">
            <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'q'"/></xsl:call-template>
          </input>
        </div>
        <div>
          <xsl:call-template name="field-class"><xsl:with-param name="name" select="'department'"/></xsl:call-template>
          <label for="f-department"><xsl:value-of select="i:t('admin.employees.department')"/></label>
          <xsl:call-template name="field-error"><xsl:with-param name="name" select="'department'"/></xsl:call-template>
          <select id="f-department" name="department">
            <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'department'"/></xsl:call-template>
            <option value=""><xsl:value-of select="i:t('admin.employees.department.all')"/></option>
            <xsl:for-each select="departments//department">
              <option value="{@id}">
                <xsl:if test="string(@id) = string($f/field[@name='department']/@value)">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="substring($pad, 1, 2 * count(ancestor::department))"/>
                <xsl:value-of select="@name"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
        <div>
          <xsl:call-template name="field-class"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
          <label for="f-status"><xsl:value-of select="i:t('admin.employees.status')"/></label>
          <xsl:call-template name="field-error"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
          <select id="f-status" name="status">
            <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
            <xsl:call-template name="status-option"><xsl:with-param name="value" select="'active'"/></xsl:call-template>
            <xsl:call-template name="status-option"><xsl:with-param name="value" select="'inactive'"/></xsl:call-template>
            <xsl:call-template name="status-option"><xsl:with-param name="value" select="'all'"/></xsl:call-template>
          </select>
        </div>
        <xsl:if test="$f/field[@name='page']/@error">
          <p class="field-error"><xsl:value-of select="i:t(string($f/field[@name='page']/@error))"/></p>
        </xsl:if>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.employees.submit')"/>
          </button>
        </div>
      </fieldset>
    </form>
  </xsl:template>

  <xsl:template name="status-option">
    <xsl:param name="value"/>
    <xsl:variable name="typed" select="string(/page/form[@name='search']/field[@name='status']/@value)"/>
    <option value="{$value}">
      <xsl:if test="$typed = $value or ($value = 'active' and $typed = '')">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="i:t(concat('admin.employees.status.', $value))"/>
    </option>
  </xsl:template>

  <xsl:template name="field-class">
    <xsl:param name="name"/>
    <xsl:attribute name="class">
      <xsl:text>field</xsl:text>
      <xsl:if test="/page/form/field[@name=$name]/@error"> field-invalid</xsl:if>
    </xsl:attribute>
  </xsl:template>

  <xsl:template name="field-error">
    <xsl:param name="name"/>
    <xsl:variable name="e" select="/page/form/field[@name=$name]/@error"/>
    <xsl:if test="$e">
      <span class="field-error" id="f-{$name}-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="string($e)"/><xsl:with-param name="max" select="string(/page/form/field[@name=$name]/@max)"/></xsl:call-template></span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="field-aria">
    <xsl:param name="name"/>
    <xsl:if test="/page/form/field[@name=$name]/@error">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="aria-describedby">f-<xsl:value-of select="$name"/>-error</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template match="employees">
    <section class="section" aria-labelledby="list-title">
      <h2 id="list-title">
        <xsl:value-of select="i:t('admin.employees.count')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="@total"/>
      </h2>
      <xsl:choose>
        <xsl:when test="employee">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('admin.employees.name')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.employees.login')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.employees.department')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.employees.manager')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.employees.state')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="employee">
                  <tr>
                    <th scope="row"><a href="/admin/employees/{@id}"><xsl:value-of select="@name"/></a></th>
                    <td class="muted" data-label="{i:t('admin.employees.login')}"><xsl:value-of select="@login"/></td>
                    <td data-label="{i:t('admin.employees.department')}">
                      <xsl:call-template name="or-none"><xsl:with-param name="v" select="@department"/></xsl:call-template>
                    </td>
                    <td data-label="{i:t('admin.employees.manager')}">
                      <xsl:call-template name="or-none"><xsl:with-param name="v" select="@manager"/></xsl:call-template>
                    </td>
                    <td data-label="{i:t('admin.employees.state')}">
                      <xsl:call-template name="state-badges"/>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:call-template name="pager"/>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.employees.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="state-badges">
    <xsl:choose>
      <xsl:when test="@active = '1'">
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
    <xsl:if test="@hr = '1'">
      <xsl:text> </xsl:text>
      <xsl:call-template name="badge">
        <xsl:with-param name="state" select="'role-hr'"/>
        <xsl:with-param name="key" select="'role.hr'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="or-none">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="string($v) != ''"><xsl:value-of select="$v"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t('admin.org.none')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pager">
    <xsl:if test="@pages &gt; 1">
      <nav class="pager" aria-label="{i:t('admin.employees.pager')}">
        <p>
          <xsl:if test="@page &gt; 1">
            <a rel="prev" href="/admin/employees?{@query}&amp;page={@page - 1}">
              <xsl:value-of select="i:t('admin.employees.prev')"/>
            </a>
            <xsl:text> · </xsl:text>
          </xsl:if>
          <span aria-current="page">
            <xsl:value-of select="i:t('admin.employees.page')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@page"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="i:t('admin.employees.of')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@pages"/>
          </span>
          <xsl:if test="@page &lt; @pages">
            <xsl:text> · </xsl:text>
            <a rel="next" href="/admin/employees?{@query}&amp;page={@page + 1}">
              <xsl:value-of select="i:t('admin.employees.next')"/>
            </a>
          </xsl:if>
        </p>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
