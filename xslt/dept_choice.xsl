<?xml version="1.0" encoding="UTF-8"?>
<!--
  dept_choice.xsl - a department choice in a form that stays small in a
  large organisation (issue 21): a bounded select, and a search beside it
  that works without script.  Included by the forms that choose a
  department (the cycle's start and collective goals, an employee, a
  department's parent).
  Input: /page/department_tree (pages/choices.h): level[@parent]/department
  (the top level, and the level under each department on the way to the
  chosen one), chain/department (that way, the chosen one last),
  search[@q]/department (the matches of ?dq=); @more on a list that holds
  only its first ones.

  The select holds the current choice (always, even when its level is
  longer than a page), the matches of a search, and the tree opened along
  the way to the chosen department.  The search is a GET form of its own
  (dept-search-form) before the form it serves.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:variable name="dc-tree" select="/page/department_tree"/>

  <!-- The options after the select's empty one: the current choice
       ($selected, named $selected-name or as the tree names it), the
       matches of a search, then the tree; none twice, and never $exclude
       (a department cannot be its own parent). -->
  <xsl:template name="dept-options">
    <xsl:param name="selected" select="''"/>
    <xsl:param name="selected-name" select="''"/>
    <xsl:param name="exclude" select="''"/>
    <xsl:variable name="sel" select="string($selected)"/>
    <xsl:if test="$sel != '' and $sel != '0'">
      <option value="{$sel}" selected="selected">
        <xsl:choose>
          <xsl:when test="string($selected-name) != ''"><xsl:value-of select="$selected-name"/></xsl:when>
          <xsl:when test="$dc-tree//department[string(@id) = $sel]">
            <xsl:value-of select="($dc-tree//department[string(@id) = $sel])[1]/@name"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$sel"/></xsl:otherwise>
        </xsl:choose>
      </option>
    </xsl:if>
    <xsl:variable name="matches" select="$dc-tree/search/department[string(@id) != $sel and string(@id) != string($exclude)]"/>
    <xsl:if test="$matches">
      <optgroup label="{i:t('dept.choice.matches')}">
        <xsl:for-each select="$matches">
          <option value="{@id}"><xsl:value-of select="@name"/></option>
        </xsl:for-each>
      </optgroup>
    </xsl:if>
    <optgroup label="{i:t('dept.choice.tree')}">
      <xsl:call-template name="dept-level">
        <xsl:with-param name="parent" select="'0'"/>
        <xsl:with-param name="sel" select="$sel"/>
        <xsl:with-param name="exclude" select="string($exclude)"/>
        <xsl:with-param name="indent" select="''"/>
      </xsl:call-template>
    </optgroup>
  </xsl:template>

  <!-- The departments under $parent, each followed by the level under it
       when that was read (it is on the way to the chosen one). -->
  <xsl:template name="dept-level">
    <xsl:param name="parent"/>
    <xsl:param name="sel"/>
    <xsl:param name="exclude"/>
    <xsl:param name="indent"/>
    <xsl:for-each select="$dc-tree/level[string(@parent) = string($parent)]/department[string(@id) != $exclude]">
      <xsl:variable name="id" select="string(@id)"/>
      <xsl:if test="$id != $sel">
        <option value="{$id}"><xsl:value-of select="concat($indent, @name)"/></option>
      </xsl:if>
      <xsl:if test="$dc-tree/level[string(@parent) = $id]">
        <xsl:call-template name="dept-level">
          <xsl:with-param name="parent" select="$id"/>
          <xsl:with-param name="sel" select="$sel"/>
          <xsl:with-param name="exclude" select="$exclude"/>
          <xsl:with-param name="indent" select="concat($indent, '&#160;&#160;')"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- The search for the department selects of the page: a GET form of
       its own (forms do not nest, and a field of one form inside another
       is sent by no form-filling tool we trust), placed before the form it
       serves; it asks the page again with ?dq=, and its matches stand in
       the selects.  Then what the search found, or that a list holds only
       its first departments. -->
  <xsl:template name="dept-search-form">
    <xsl:param name="form-id"/>
    <xsl:param name="action"/>
    <xsl:variable name="error" select="string(/page/form[@name = 'dept-search']/field[@name = 'dq']/@error)"/>
    <form id="{$form-id}" method="get" action="{$action}" role="search" class="form form-compact dept-search">
      <div class="field">
        <xsl:if test="$error != ''"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
        <label for="{$form-id}-dq"><xsl:value-of select="i:t('dept.choice.search')"/></label>
        <xsl:if test="$error != ''">
          <span class="field-error" id="{$form-id}-dq-error"><xsl:value-of select="i:t($error)"/></span>
        </xsl:if>
        <input type="search" id="{$form-id}-dq" name="dq" value="{$dc-tree/search/@q}">
          <xsl:if test="$error != ''">
            <xsl:attribute name="value"><xsl:value-of select="/page/form[@name = 'dept-search']/field[@name = 'dq']/@value"/></xsl:attribute>
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($form-id, '-dq-error')"/></xsl:attribute>
          </xsl:if>
        </input>
        <xsl:choose>
          <xsl:when test="$dc-tree/search and not($dc-tree/search/department)">
            <p class="field-help"><xsl:value-of select="i:t('dept.choice.none')"/></p>
          </xsl:when>
          <xsl:when test="$dc-tree/search/@more = '1'">
            <p class="field-help"><xsl:value-of select="i:t('dept.choice.more_matches')"/></p>
          </xsl:when>
          <xsl:when test="$dc-tree/level/@more = '1'">
            <p class="field-help"><xsl:value-of select="i:t('dept.choice.more')"/></p>
          </xsl:when>
          <xsl:otherwise>
            <p class="field-help"><xsl:value-of select="i:t('dept.choice.help')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </div>
      <div class="form-actions">
        <button type="submit" class="button"><xsl:value-of select="i:t('dept.choice.search_button')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
