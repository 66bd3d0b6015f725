<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_audit.xsl - GET /admin/audit?entity=employee|dossier|cycle&id=N (HR):
  the audit trail of one employee (with their dossiers), dossier (with its
  conversations and items) or cycle (with its goals), newest first.
  Without a subject: the search form over the whole trail, from
  /page/audit-search/@{what, who, from, to} (as typed), newest first.
  Input: /page/audit-subject/@{entity, id, name, login, employee_id, cycle,
  cycle_id}; /page/audit-trail[@more]/entry/@{id, at, actor, entity,
  entity_id, action, private} with detail (text); private="1": private
  preparation, no detail.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="s" select="/page/audit-subject"/>

  <!-- "Dossier: Eva de Vries, cyclus 2027" -->
  <xsl:template name="subject">
    <xsl:call-template name="known">
      <xsl:with-param name="value" select="$s/@entity"/>
      <xsl:with-param name="prefix" select="'audit.entity.'"/>
      <xsl:with-param name="known" select="' employee dossier cycle '"/>
    </xsl:call-template>
    <xsl:text>: </xsl:text>
    <xsl:choose>
      <xsl:when test="$s/@entity = 'cycle'"><xsl:value-of select="$s/@cycle"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$s/@name"/>
        <xsl:if test="$s/@entity = 'dossier'">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="i:t('audit.cycle')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="$s/@cycle"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('audit.title')"/>
    <xsl:if test="$s">
      <xsl:text> – </xsl:text>
      <xsl:call-template name="subject"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="page-content">
    <xsl:choose>
      <xsl:when test="$s"><xsl:call-template name="trail-head"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="search-form"/></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="trail"/>
    <xsl:if test="reads">
      <section class="section" aria-labelledby="reads-title">
        <h2 id="reads-title"><xsl:value-of select="i:t('reads.title')"/></h2>
        <xsl:call-template name="reads-table"/>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- GET form: what, who, period, dossier; every field optional -->
  <xsl:template name="search-form">
    <xsl:variable name="q" select="/page/audit-search"/>
    <div class="page-head">
      <h1><xsl:value-of select="i:t('audit.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('audit.search.intro')"/></p>
    </div>
    <form method="get" action="/admin/audit" class="form" role="search">
      <fieldset>
        <legend><xsl:value-of select="i:t('audit.search.legend')"/></legend>
        <div>
          <label for="f-what"><xsl:value-of select="i:t('audit.search.what')"/></label>
          <select id="f-what" name="what">
            <option value=""><xsl:value-of select="i:t('audit.search.what.all')"/></option>
            <xsl:call-template name="what-options">
              <xsl:with-param name="list" select="'employee department cycle dossier conversation item org_goal collective_goal organisation export mail '"/>
              <xsl:with-param name="current" select="string($q/@what)"/>
            </xsl:call-template>
          </select>
        </div>
        <div>
          <label for="f-who"><xsl:value-of select="i:t('audit.search.who')"/></label>
          <input type="search" id="f-who" name="who" value="{$q/@who}" maxlength="100"/>
        </div>
        <div>
          <label for="f-dossier"><xsl:value-of select="i:t('audit.search.dossier')"/></label>
          <input type="number" id="f-dossier" name="dossier" min="1" inputmode="numeric"/>
        </div>
        <div>
          <label for="f-from"><xsl:value-of select="i:t('audit.search.from')"/></label>
          <input type="date" id="f-from" name="from" value="{$q/@from}"/>
        </div>
        <div>
          <label for="f-to"><xsl:value-of select="i:t('audit.search.to')"/></label>
          <input type="date" id="f-to" name="to" value="{$q/@to}"/>
        </div>
      </fieldset>
      <p><button type="submit"><xsl:value-of select="i:t('audit.search.submit')"/></button></p>
    </form>
    <xsl:if test="audit-trail/@refused = '1'">
      <p class="error" role="alert"><xsl:value-of select="i:t('audit.search.refused')"/></p>
    </xsl:if>
  </xsl:template>

  <!-- one <option> per word of $list (each followed by a space) -->
  <xsl:template name="what-options">
    <xsl:param name="list"/>
    <xsl:param name="current"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="w" select="substring-before($list, ' ')"/>
      <option value="{$w}">
        <xsl:if test="$w = $current"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
        <xsl:value-of select="i:t(concat('audit.entity.', $w))"/>
      </option>
      <xsl:call-template name="what-options">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="trail-head">
    <div class="page-head">
      <h1>
        <xsl:value-of select="i:t('audit.title')"/>
        <xsl:text> – </xsl:text>
        <xsl:call-template name="subject"/>
      </h1>
      <p class="lead"><xsl:value-of select="i:t('audit.intro')"/></p>
      <xsl:if test="$s/@entity != 'employee'">
      <ul class="links">
        <xsl:if test="$s/@cycle_id and $s/@entity = 'cycle'">
          <li><a href="/admin/cycles/{$s/@cycle_id}"><xsl:value-of select="i:t('audit.back.cycle')"/></a></li>
        </xsl:if>
        <xsl:if test="$s/@entity = 'dossier'">
          <li><a href="/dossiers/{$s/@id}"><xsl:value-of select="i:t('audit.back.dossier')"/></a></li>
          <li><a href="/admin/cycles/{$s/@cycle_id}"><xsl:value-of select="i:t('audit.back.cycle')"/></a></li>
          <li>
            <a href="/admin/audit?entity=employee&amp;id={$s/@employee_id}">
              <xsl:value-of select="i:t('audit.employee_trail')"/>
            </a>
          </li>
        </xsl:if>
      </ul>
      </xsl:if>
      <p><a href="/admin/audit"><xsl:value-of select="i:t('audit.search.link')"/></a></p>
    </div>
  </xsl:template>

  <xsl:template name="trail">
    <xsl:choose>
      <xsl:when test="audit-trail/@refused = '1'"/>
      <xsl:when test="audit-trail/entry">
        <!-- focusable: a wide detail makes the table scroll sideways -->
        <section class="table-wrap" tabindex="0" aria-label="{i:t('audit.title')}">
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
        </section>
        <xsl:if test="audit-trail/@more = '1'">
          <p class="muted"><xsl:value-of select="i:t('audit.more')"/></p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('audit.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
