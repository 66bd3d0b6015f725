<?xml version="1.0" encoding="UTF-8"?>
<!--
  conversation_parts.xsl - not a page (no route renders with it): what
  conversation.xsl and dossier.xsl share.  Included after their import of
  layout.xsl: <xsl:include href="conversation_parts.xsl"/>.

    conv-name        "Voortgangsgesprek 2": the type, numbered when the
                     cycle has more than one conversation of that type
    datetime         "10 maart 2027 om 09:15" in <time datetime>
    fact-text        <div><dt>label</dt><dd>text</dd></div> when there is text
    fact-date        the same for a date
    rating-text      "goed (4)" from /page/scale
    field            a labelled control with its help and error text; after a
                     refused POST the typed value and the error of /page/form
    option, status-option, options, control-state: its parts
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="i exsl">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- ================================================================ -->
  <!-- Names, dates, facts                                               -->
  <!-- ================================================================ -->

  <!-- "Voortgangsgesprek", numbered when the cycle has more than one of the type -->
  <xsl:template name="conv-name">
    <xsl:param name="type"/>
    <xsl:param name="seq"/>
    <xsl:variable name="same" select="/page/conversations/conversation[@type = $type]"/>
    <xsl:value-of select="i:t(concat('conversation.type.', $type))"/>
    <xsl:if test="count($same) &gt; 1">
      <xsl:text> </xsl:text>
      <xsl:value-of select="count($same[number(@seq) &lt;= number($seq)])"/>
    </xsl:if>
  </xsl:template>

  <!-- "10 maart 2027 om 09:15" from YYYY-MM-DDTHH:MM[:SS][Z] -->
  <xsl:template name="datetime">
    <xsl:param name="value"/>
    <xsl:variable name="v" select="string($value)"/>
    <xsl:variable name="month" select="number(substring($v, 6, 2))"/>
    <xsl:variable name="day" select="number(substring($v, 9, 2))"/>
    <xsl:choose>
      <xsl:when test="string-length($v) &gt;= 16 and substring($v, 11, 1) = 'T' and substring($v, 14, 1) = ':'
                      and $month &gt;= 1 and $month &lt;= 12 and $day &gt;= 1 and $day &lt;= 31">
        <time datetime="{$v}">
          <xsl:value-of select="$day"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t(concat('date.month.', $month))"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="substring($v, 1, 4)"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t('date.at')"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="substring($v, 12, 5)"/>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="date">
          <xsl:with-param name="value" select="$v"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="fact-text">
    <xsl:param name="key"/>
    <xsl:param name="value"/>
    <xsl:if test="normalize-space($value) != ''">
      <div>
        <dt><xsl:value-of select="i:t(string($key))"/></dt>
        <dd class="text"><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The name of an item's key result area or competence (issue 16) in
       the reader's language, else Dutch; n: the item's area or competence. -->
  <xsl:template name="link-name">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n/name[@lang = /page/@lang]"><xsl:value-of select="$n/name[@lang = /page/@lang]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$n/name[@lang = 'nl']"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An item's area (result goal) or competence (development point). -->
  <xsl:template name="fact-link">
    <xsl:param name="key"/>
    <xsl:param name="n"/>
    <xsl:if test="$n">
      <xsl:call-template name="fact-text">
        <xsl:with-param name="key" select="$key"/>
        <xsl:with-param name="value">
          <xsl:call-template name="link-name"><xsl:with-param name="n" select="$n"/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="fact-date">
    <xsl:param name="key"/>
    <xsl:param name="value"/>
    <xsl:if test="string($value) != ''">
      <div>
        <dt><xsl:value-of select="i:t(string($key))"/></dt>
        <dd>
          <xsl:call-template name="date">
            <xsl:with-param name="value" select="$value"/>
          </xsl:call-template>
        </dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- "Goed (4)" -->
  <xsl:template name="rating-text">
    <xsl:param name="value"/>
    <xsl:variable name="label" select="/page/scale/label[@value = $value]"/>
    <xsl:choose>
      <xsl:when test="$label">
        <xsl:value-of select="$label"/>
        <xsl:text> (</xsl:text>
        <xsl:value-of select="$value"/>
        <xsl:text>)</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Form fields                                                       -->
  <!-- ================================================================ -->

  <!--
    One labelled control.  f: the refused form when it is this one (its
    field/@value replaces value, field/@error is shown); control: text,
    date, datetime-local, number, textarea, person, org_goal, status, rating.
  -->
  <xsl:template name="field">
    <xsl:param name="f" select="/.."/>
    <xsl:param name="prefix"/>
    <xsl:param name="name"/>
    <xsl:param name="label-key"/>
    <xsl:param name="control" select="'text'"/>
    <xsl:param name="value" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="optional" select="false()"/>
    <xsl:param name="help-key" select="''"/>
    <xsl:param name="empty-key" select="''"/>
    <xsl:param name="current-name" select="''"/>
    <xsl:param name="maxlength" select="''"/>
    <xsl:param name="min" select="''"/>
    <xsl:param name="max" select="''"/>
    <xsl:variable name="id" select="concat($prefix, '-', $name)"/>
    <xsl:variable name="fld" select="$f/field[@name = $name]"/>
    <xsl:variable name="error" select="string($fld/@error)"/>
    <xsl:variable name="v">
      <xsl:choose>
        <xsl:when test="$fld"><xsl:value-of select="$fld/@value"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="describedby">
      <xsl:if test="$error != ''"><xsl:value-of select="concat($id, '-error')"/></xsl:if>
      <xsl:if test="$error != '' and $help-key != ''"><xsl:text> </xsl:text></xsl:if>
      <xsl:if test="$help-key != ''"><xsl:value-of select="concat($id, '-help')"/></xsl:if>
    </xsl:variable>
    <div>
      <xsl:attribute name="class">
        <xsl:text>field</xsl:text>
        <xsl:if test="$error != ''"> field-invalid</xsl:if>
      </xsl:attribute>
      <label for="{$id}">
        <xsl:value-of select="i:t(string($label-key))"/>
        <xsl:if test="$optional">
          <xsl:text> </xsl:text>
          <span class="optional"><xsl:value-of select="i:t('item.optional')"/></span>
        </xsl:if>
      </label>
      <xsl:choose>
        <xsl:when test="$control = 'textarea'">
          <textarea id="{$id}" name="{$name}" rows="4">
            <xsl:call-template name="control-state">
              <xsl:with-param name="required" select="$required"/>
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="describedby" select="string($describedby)"/>
            </xsl:call-template>
            <xsl:value-of select="$v"/>
          </textarea>
        </xsl:when>
        <xsl:when test="$control = 'person' or $control = 'org_goal' or $control = 'status' or $control = 'rating' or $control = 'area' or $control = 'competence'">
          <select id="{$id}" name="{$name}">
            <xsl:call-template name="control-state">
              <xsl:with-param name="required" select="$required"/>
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="describedby" select="string($describedby)"/>
            </xsl:call-template>
            <xsl:call-template name="options">
              <xsl:with-param name="control" select="$control"/>
              <xsl:with-param name="selected" select="string($v)"/>
              <xsl:with-param name="empty-key" select="$empty-key"/>
              <xsl:with-param name="current-name" select="$current-name"/>
            </xsl:call-template>
          </select>
        </xsl:when>
        <xsl:otherwise>
          <!-- a refused date keeps what was typed: as text, so the browser does not drop it -->
          <xsl:variable name="type">
            <xsl:choose>
              <xsl:when test="$error != '' and string($v) != '' and ($control = 'date' or $control = 'datetime-local')">text</xsl:when>
              <xsl:otherwise><xsl:value-of select="$control"/></xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <input type="{$type}" id="{$id}" name="{$name}" value="{$v}">
            <xsl:if test="$maxlength != ''">
              <xsl:attribute name="maxlength"><xsl:value-of select="$maxlength"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$min != ''">
              <xsl:attribute name="min"><xsl:value-of select="$min"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$max != ''">
              <xsl:attribute name="max"><xsl:value-of select="$max"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$control = 'number'">
              <xsl:attribute name="inputmode">numeric</xsl:attribute>
            </xsl:if>
            <xsl:call-template name="control-state">
              <xsl:with-param name="required" select="$required"/>
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="describedby" select="string($describedby)"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$help-key != ''">
        <span class="field-help" id="{$id}-help"><xsl:value-of select="i:t(string($help-key))"/></span>
      </xsl:if>
      <xsl:if test="$error != ''">
        <span class="field-error" id="{$id}-error">
          <xsl:call-template name="error-text">
            <xsl:with-param name="error" select="$error"/>
            <xsl:with-param name="max" select="string($fld/@max)"/>
          </xsl:call-template>
        </span>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template name="control-state">
    <xsl:param name="required"/>
    <xsl:param name="error"/>
    <xsl:param name="describedby"/>
    <xsl:if test="$required">
      <xsl:attribute name="required">required</xsl:attribute>
    </xsl:if>
    <xsl:if test="$error != ''">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$describedby != ''">
      <xsl:attribute name="aria-describedby"><xsl:value-of select="$describedby"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- The options of a select; each <option> is written in place (a
       template call per option cost more than the option). -->
  <xsl:template name="options">
    <xsl:param name="control"/>
    <xsl:param name="selected"/>
    <xsl:param name="empty-key"/>
    <xsl:param name="current-name"/>
    <xsl:choose>
      <xsl:when test="$control = 'person'">
        <xsl:for-each select="/page/people/person">
          <option value="{@id}">
            <xsl:if test="@id = $selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@name"/>
          </option>
        </xsl:for-each>
        <!-- someone who is no longer among the choices stays selectable -->
        <xsl:if test="$selected != '' and $current-name != '' and not(/page/people/person[@id = $selected])">
          <option value="{$selected}" selected="selected"><xsl:value-of select="$current-name"/></option>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$control = 'org_goal'">
        <option value="">
          <xsl:if test="$selected = ''"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="i:t('item.org_goal.none')"/>
        </option>
        <xsl:for-each select="/page/org_goals/goal">
          <option value="{@id}">
            <xsl:if test="@id = $selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@title"/>
            <xsl:if test="@department">
              <xsl:text> (</xsl:text><xsl:value-of select="@department"/><xsl:text>)</xsl:text>
            </xsl:if>
          </option>
        </xsl:for-each>
        <xsl:if test="$selected != '' and $current-name != '' and not(/page/org_goals/goal[@id = $selected])">
          <option value="{$selected}" selected="selected"><xsl:value-of select="$current-name"/></option>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$control = 'area' or $control = 'competence'">
        <!-- a key result area of the employee's job profile for a result
             goal, a competence of it for a development point (issue 16) -->
        <option value="">
          <xsl:if test="$selected = ''"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="i:t(concat('item.', $control, '.none'))"/>
        </option>
        <xsl:for-each select="/page/profile_areas[$control = 'area']/option | /page/profile_competences[$control = 'competence']/option">
          <option value="{@id}">
            <xsl:if test="@id = $selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:choose>
              <xsl:when test="name[@lang = /page/@lang]"><xsl:value-of select="name[@lang = /page/@lang]"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="name[@lang = 'nl']"/></xsl:otherwise>
            </xsl:choose>
          </option>
        </xsl:for-each>
        <!-- what the item names stays selectable after the profile changed -->
        <xsl:if test="$selected != '' and $current-name != '' and not((/page/profile_areas[$control = 'area'] | /page/profile_competences[$control = 'competence'])/option[@id = $selected])">
          <option value="{$selected}" selected="selected"><xsl:value-of select="$current-name"/></option>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$control = 'status'">
        <xsl:for-each select="$item-statuses">
          <option value="{.}">
            <xsl:if test=". = $selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="i:t(concat('status.', .))"/>
          </option>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$control = 'rating'">
        <xsl:if test="$empty-key != ''">
          <option value="">
            <xsl:if test="$selected = ''"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="i:t(string($empty-key))"/>
          </option>
        </xsl:if>
        <xsl:for-each select="/page/scale/label">
          <option value="{@value}">
            <xsl:if test="@value = $selected"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="."/>
          </option>
        </xsl:for-each>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- An item's statuses in the order of its select. -->
  <xsl:variable name="item-statuses-tree">
    <s>open</s><s>on_track</s><s>at_risk</s><s>achieved</s><s>not_achieved</s><s>cancelled</s>
  </xsl:variable>
  <xsl:variable name="item-statuses" select="exsl:node-set($item-statuses-tree)/s"/>

  <!-- Collective goals of the dossier: read-only, one central status (shared
       by the conversation form and the dossier page). -->
  <xsl:template name="collective-section">
    <xsl:variable name="goals" select="/page/collective_goals/goal"/>
    <section class="section" id="section-collective" aria-labelledby="section-collective-title">
      <h2 id="section-collective-title"><xsl:value-of select="i:t('conversation.collective.title')"/></h2>
      <p class="section-intro"><xsl:value-of select="i:t('conversation.collective.intro')"/></p>
      <xsl:choose>
        <xsl:when test="$goals">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('conversation.collective.goal')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('conversation.collective.deadline')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('conversation.collective.for')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('conversation.collective.status')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$goals">
                  <!-- the organisation's first, then by deadline (none last):
                       sorted here, a few rows, rather than by MariaDB in a
                       temporary table on every page -->
                  <xsl:sort select="number(@department != '')" data-type="number"/>
                  <xsl:sort select="number(@deadline = '')" data-type="number"/>
                  <xsl:sort select="@deadline"/>
                  <xsl:sort select="@id" data-type="number"/>
                  <tr>
                    <th scope="row">
                      <xsl:value-of select="@title"/>
                      <xsl:if test="@bonus = '1'">
                        <xsl:text> </xsl:text>
                        <xsl:call-template name="badge">
                          <xsl:with-param name="state" select="'bonus'"/>
                          <xsl:with-param name="key" select="'conversation.collective.bonus'"/>
                        </xsl:call-template>
                      </xsl:if>
                      <xsl:if test="normalize-space(measure) != ''">
                        <span class="cell-text"><xsl:value-of select="measure"/></span>
                      </xsl:if>
                    </th>
                    <td data-label="{i:t('conversation.collective.deadline')}">
                      <xsl:choose>
                        <xsl:when test="string(@deadline) != ''">
                          <xsl:call-template name="date">
                            <xsl:with-param name="value" select="@deadline"/>
                          </xsl:call-template>
                        </xsl:when>
                        <xsl:otherwise>–</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('conversation.collective.for')}">
                      <xsl:choose>
                        <xsl:when test="string(@department) != ''"><xsl:value-of select="@department"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="i:t('conversation.collective.everyone')"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('conversation.collective.status')}">
                      <xsl:call-template name="badge">
                        <xsl:with-param name="state" select="string(@status)"/>
                      </xsl:call-template>
                      <xsl:if test="normalize-space(status_note) != ''">
                        <span class="cell-text"><xsl:value-of select="status_note"/></span>
                      </xsl:if>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('conversation.collective.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
