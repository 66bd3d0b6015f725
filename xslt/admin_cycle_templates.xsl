<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_cycle_templates.xsl - the form templates of a cycle (issue 16),
  included by admin_cycle.xsl: what the cycle names and what its
  conversations are on (section "forms"), and the part of the start form
  that chooses them (template "start-templates").
  Input under /page:
    templates/slot/@n                                the rows of choices
    templates/choice/@{scope, scope_id, scope_name, template_id, version_id,
      key, name, name_en, number, conversations}   what the cycle names
    templates/used/@{version_id, key, name, name_en, number, conversations}
    templates/version/@{id, template_id, key, name, name_en, number, newest,
      default}                                     what a start offers
    job-profiles/profile/@{id, name, name_en}
    department_tree (dept_choice.xsl: the bounded department choices)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:variable name="t" select="/page/templates"/>
  <xsl:variable name="t-en" select="/page/@lang = 'en'"/>

  <!-- A template version's name in the reader's language, and its number. -->
  <xsl:template name="tpl-name">
    <xsl:param name="n" select="."/>
    <xsl:choose>
      <xsl:when test="$t-en and $n/@name_en"><xsl:value-of select="$n/@name_en"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$n/@name"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>, </xsl:text>
    <xsl:value-of select="i:t('admin.cycle.templates.version')"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$n/@number"/>
  </xsl:template>

  <!-- ======================================================= overview -->

  <xsl:template name="forms">
    <section class="section" id="forms" aria-labelledby="forms-title">
      <h2 id="forms-title"><xsl:value-of select="i:t('admin.cycle.templates.title')"/></h2>
      <xsl:choose>
        <xsl:when test="$t/choice">
          <div class="table-wrap">
            <table class="list" id="cycle-templates">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('admin.cycle.templates.for')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.cycle.templates.template')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.cycle.templates.conversations')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$t/choice">
                  <tr class="template-{@scope}" data-version="{@version_id}">
                    <th scope="row">
                      <xsl:value-of select="i:t(concat('admin.cycle.templates.scope.', @scope))"/>
                      <xsl:if test="@scope_name != ''">
                        <xsl:text> </xsl:text>
                        <xsl:value-of select="@scope_name"/>
                      </xsl:if>
                    </th>
                    <td>
                      <a href="/admin/templates/{@template_id}"><xsl:call-template name="tpl-name"/></a>
                    </td>
                    <td><xsl:value-of select="@conversations"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p id="cycle-templates-none"><xsl:value-of select="i:t('admin.cycle.templates.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <!-- What the conversations are on in fact: a choice changed after a
           start leaves the conversations made before on their version. -->
      <xsl:if test="$t/used">
        <h3><xsl:value-of select="i:t('admin.cycle.templates.used')"/></h3>
        <ul id="cycle-templates-used">
          <xsl:for-each select="$t/used">
            <li data-version="{@version_id}">
              <xsl:call-template name="tpl-name"/>
              <xsl:text>: </xsl:text>
              <xsl:value-of select="@conversations"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="i:t('admin.cycle.templates.conversations_n')"/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ===================================================== start form -->

  <!-- The default template and its version, and per department and job
       profile another template.  Without a typed form the selects show
       what the cycle names, so a start sent unchanged changes nothing. -->
  <xsl:template name="start-templates">
    <xsl:param name="form" select="/.."/>
    <xsl:variable name="dflt" select="$t/choice[@scope = 'default']"/>
    <xsl:variable name="template">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'template'"/>
        <xsl:with-param name="default">
          <xsl:choose>
            <xsl:when test="$dflt"><xsl:value-of select="$dflt/@template_id"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$t/version[@default][1]/@template_id"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="version">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'template_version'"/>
        <xsl:with-param name="default" select="string($dflt/@version_id)"/>
      </xsl:call-template>
    </xsl:variable>
    <fieldset id="start-templates">
      <legend><xsl:value-of select="i:t('admin.cycle.templates.title')"/></legend>
      <p class="hint"><xsl:value-of select="i:t('admin.cycle.templates.hint')"/></p>
      <xsl:call-template name="tpl-select">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="'template'"/>
        <xsl:with-param name="label" select="i:t('admin.cycle.templates.default')"/>
        <xsl:with-param name="current" select="$template"/>
      </xsl:call-template>
      <xsl:variable name="verror" select="string($form/field[@name = 'template_version']/@error)"/>
      <div class="field">
        <xsl:if test="$verror != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
        <xsl:call-template name="f-label">
          <xsl:with-param name="id" select="'start-template_version'"/>
          <xsl:with-param name="label" select="i:t('admin.cycle.templates.default_version')"/>
          <xsl:with-param name="error" select="$verror"/>
        </xsl:call-template>
        <select id="start-template_version" name="template_version">
          <xsl:call-template name="f-aria">
            <xsl:with-param name="id" select="'start-template_version'"/>
            <xsl:with-param name="error" select="$verror"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="i:t('admin.cycle.templates.newest')"/></option>
          <xsl:for-each select="$t/version">
            <option value="{@id}">
              <xsl:if test="string(@id) = string($version)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:call-template name="tpl-name"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <details id="start-template-choices">
        <xsl:if test="$t/choice[@scope != 'default'] or $form/field[starts-with(@name, 'dep') or starts-with(@name, 'profile')][@value != '' or @error]">
          <xsl:attribute name="open">open</xsl:attribute>
        </xsl:if>
        <summary><xsl:value-of select="i:t('admin.cycle.templates.other')"/></summary>
        <xsl:call-template name="choice-rows">
          <xsl:with-param name="form" select="$form"/>
          <xsl:with-param name="scope" select="'department'"/>
          <xsl:with-param name="prefix" select="'dep'"/>
        </xsl:call-template>
        <xsl:call-template name="choice-rows">
          <xsl:with-param name="form" select="$form"/>
          <xsl:with-param name="scope" select="'job_profile'"/>
          <xsl:with-param name="prefix" select="'profile'"/>
        </xsl:call-template>
      </details>
    </fieldset>
  </xsl:template>

  <!-- A select of the templates (each once, by its newest version). -->
  <xsl:template name="tpl-select">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="current"/>
    <xsl:param name="empty" select="''"/>
    <xsl:variable name="id" select="concat('start-', $name)"/>
    <xsl:variable name="error" select="string($form/field[@name = $name]/@error)"/>
    <div class="field">
      <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <xsl:call-template name="f-label">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="label" select="$label"/>
        <xsl:with-param name="error" select="$error"/>
      </xsl:call-template>
      <select id="{$id}" name="{$name}">
        <xsl:call-template name="f-aria">
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <xsl:if test="$empty != ''"><option value=""><xsl:value-of select="$empty"/></option></xsl:if>
        <xsl:for-each select="$t/version[@newest]">
          <option value="{@template_id}">
            <xsl:if test="string(@template_id) = string($current)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:choose>
              <xsl:when test="$t-en and @name_en"><xsl:value-of select="@name_en"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
            </xsl:choose>
          </option>
        </xsl:for-each>
      </select>
    </div>
  </xsl:template>

  <!-- One row per $t/slot of department (or job profile) and template; the
       cycle's own choices of that kind fill the first ones. -->
  <xsl:template name="choice-rows">
    <xsl:param name="form"/>
    <xsl:param name="scope"/>
    <xsl:param name="prefix"/>
    <xsl:variable name="stored" select="$t/choice[@scope = $scope]"/>
    <fieldset class="template-choices" id="start-{$prefix}-choices">
      <legend><xsl:value-of select="i:t(concat('admin.cycle.templates.per.', $scope))"/></legend>
      <xsl:for-each select="$t/slot">
        <xsl:variable name="n" select="number(@n)"/>
        <xsl:variable name="field" select="concat($prefix, $n)"/>
        <xsl:variable name="row" select="$stored[$n]"/>
        <div class="field-row">
          <xsl:call-template name="scope-select">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="scope" select="$scope"/>
            <xsl:with-param name="name" select="$field"/>
            <xsl:with-param name="n" select="$n"/>
            <xsl:with-param name="default" select="string($row/@scope_id)"/>
          </xsl:call-template>
          <xsl:call-template name="tpl-select">
            <xsl:with-param name="form" select="$form"/>
            <xsl:with-param name="name" select="concat($field, '_template')"/>
            <xsl:with-param name="label" select="concat(i:t('admin.cycle.templates.template'), ' ', $n)"/>
            <xsl:with-param name="empty" select="i:t('admin.cycle.templates.choose')"/>
            <xsl:with-param name="current">
              <xsl:call-template name="f-value">
                <xsl:with-param name="form" select="$form"/>
                <xsl:with-param name="name" select="concat($field, '_template')"/>
                <xsl:with-param name="default" select="string($row/@template_id)"/>
              </xsl:call-template>
            </xsl:with-param>
          </xsl:call-template>
        </div>
      </xsl:for-each>
    </fieldset>
  </xsl:template>

  <xsl:template name="scope-select">
    <xsl:param name="form"/>
    <xsl:param name="scope"/>
    <xsl:param name="name"/>
    <xsl:param name="n"/>
    <xsl:param name="default"/>
    <xsl:variable name="id" select="concat('start-', $name)"/>
    <xsl:variable name="error" select="string($form/field[@name = $name]/@error)"/>
    <xsl:variable name="current">
      <xsl:call-template name="f-value">
        <xsl:with-param name="form" select="$form"/>
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="default" select="$default"/>
      </xsl:call-template>
    </xsl:variable>
    <div class="field">
      <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <xsl:call-template name="f-label">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="label" select="concat(i:t(concat('admin.cycle.templates.scope.', $scope)), ' ', $n)"/>
        <xsl:with-param name="error" select="$error"/>
      </xsl:call-template>
      <select id="{$id}" name="{$name}">
        <xsl:call-template name="f-aria">
          <xsl:with-param name="id" select="$id"/>
          <xsl:with-param name="error" select="$error"/>
        </xsl:call-template>
        <option value=""><xsl:value-of select="i:t('admin.cycle.templates.choose')"/></option>
        <xsl:choose>
          <xsl:when test="$scope = 'department'">
            <!-- Bounded as every department choice is (dept_choice.xsl):
                 the chosen one, the search's matches, the top levels. -->
            <xsl:call-template name="dept-options">
              <xsl:with-param name="selected" select="$current"/>
              <xsl:with-param name="selected-name"
                  select="$t/choice[@scope = 'department'][string(@scope_id) = string($current)][1]/@scope_name"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:for-each select="/page/job-profiles/profile">
              <option value="{@id}">
                <xsl:if test="string(@id) = string($current)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:choose>
                  <xsl:when test="$t-en and @name_en"><xsl:value-of select="@name_en"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
                </xsl:choose>
              </option>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </select>
    </div>
  </xsl:template>

</xsl:stylesheet>
