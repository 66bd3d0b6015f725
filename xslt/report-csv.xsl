<?xml version="1.0" encoding="UTF-8"?>
<!--
  report-csv.xsl - an export (schema/report.xsd) flattened to CSV: one row
  per item, with its dossier and employee, then the dossier's form columns
  (template, outcome, answers, competence ratings: see "tail" below); a
  dossier without items gets one row with the item columns empty.  Not a
  page: no route renders with it.

  The file opens as it is in a Dutch Excel: UTF-8 with a byte order mark,
  ';' between cells, CRLF after each row.  Every cell is quoted, '"' inside
  doubled.  A cell that starts with = + - @ (or a tab or carriage return)
  gets a leading apostrophe, so a spreadsheet never runs it as a formula.
  Column names are in the reader's language (the catalog's csv.column.*);
  the XML keeps its fixed identifiers for scripts, and a run without the
  catalogs (xsltproc) names the columns by those identifiers.

  Input: a whole export (<report>: byte order mark, header, rows) or, when
  gesprekd and gesprekctl stream a large export, its dossiers in parts:
  first an empty <report> (byte order mark and header), then one
  <report-part> per few dossiers (rows only).  Both give the same file:
    xsltproc report-csv.xsl export.xml
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="urn:gesprek:report:1"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="r i">

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:strip-space elements="*"/>

  <!-- strings, not result tree fragments: used in every cell -->
  <xsl:variable name="quote" select="'&quot;'"/>
  <xsl:variable name="formula-starts" select="'=+-@&#9;&#13;'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="r:report | r:report-part"/>
  </xsl:template>

  <xsl:template match="r:report">
    <xsl:text>&#xFEFF;</xsl:text>
    <xsl:call-template name="header"/>
    <xsl:apply-templates select="r:dossier"/>
  </xsl:template>

  <xsl:template match="r:report-part">
    <xsl:apply-templates select="r:dossier"/>
  </xsl:template>

  <xsl:template name="header">
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'cycle_id'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'cycle'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'dossier_id'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'dossier_status'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'employee_id'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'login'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'employee'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'department'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'manager'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'item_id'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'kind'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'title'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'measure'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'deadline'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'weight'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'status'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'achieved_on'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'responsible'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'org_goal'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'area'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'competence'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'rating'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'updates'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'last_note'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'template'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'template_version'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'overall_rating'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'outcome_score'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'outcome_proposed'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'override_reason'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'answers'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'competences'"/></xsl:call-template>
    <xsl:call-template name="head-cell"><xsl:with-param name="key" select="'second_assessor'"/></xsl:call-template>
    <xsl:call-template name="head-cell">
      <xsl:with-param name="key" select="'review'"/>
      <xsl:with-param name="last" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    A column name in the reader's language (csv.column.KEY of the catalog
    gesprekd renders with).  Without the catalogs (xsltproc) the key itself:
    the XML's name, which scripts may read.
  -->
  <xsl:template name="head-cell">
    <xsl:param name="key"/>
    <xsl:param name="last" select="false()"/>
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="function-available('i:t')">
          <xsl:value-of select="i:t(concat('csv.column.', $key))"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="cell">
      <xsl:with-param name="v" select="string($name)"/>
      <xsl:with-param name="last" select="$last"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    The form's columns (issue 16), the same on each row of the dossier,
    after the item's:
      template, template_version  the template version of the dossier's
                                  last conversation in the export;
      overall_rating, outcome_score, outcome_proposed, override_reason
                                  the outcome of its last conversation with
                                  a confirmed overall rating (the
                                  assessment): the rating, the weighted
                                  score 0..1, the proposal, the reason of
                                  an override;
      answers                     one line per answer of every conversation:
                                  TYPE.SECTION:ROLE=VALUE, where VALUE is
                                  the rating (with its label in brackets,
                                  then ": " and the explanation, if any) or
                                  the text of an open question;
      competences                 one line per competence rating:
                                  TYPE.COMPETENCE:ROLE=LEVEL (label): explanation;
      second_assessor             the second assessor of the dossier's
                                  last conversation with one, and its
                                  review's state (issue 17): NAME (STATE);
      review                      one line per move of a second assessor:
                                  TYPE AT AUTHOR: approve | return: REASON |
                                  change TARGET OLD->NEW: REASON, where
                                  TARGET is overall, item:TITLE,
                                  question:SECTION or competence:SECTION.
    ROLE is manager, employee, or self: the employee's self-assessment of
    what the manager rates.  Only what the XML holds (private preparation
    stays out there already).
  -->
  <xsl:template name="tail">
    <xsl:variable name="outcome" select="r:conversation[r:outcome][last()]/r:outcome"/>
    <xsl:variable name="template" select="r:conversation[r:template][last()]/r:template"/>
    <xsl:variable name="answers">
      <xsl:for-each select="r:conversation/r:answer">
        <xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if>
        <xsl:value-of select="concat(../@type, '.', @section, ':')"/>
        <xsl:call-template name="answer-line"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="competences">
      <xsl:for-each select="r:conversation/r:competence_rating">
        <xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if>
        <xsl:value-of select="concat(../@type, '.', @competence, ':')"/>
        <xsl:call-template name="answer-line"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="$template/@key"/></xsl:call-template>
    <xsl:value-of select="concat($quote, $template/@version, $quote, ';',
                                 $quote, $outcome/@confirmed, $quote, ';',
                                 $quote, $outcome/@score, $quote, ';',
                                 $quote, $outcome/@proposed, $quote, ';')"/>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="$outcome/r:override_reason"/></xsl:call-template>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="string($answers)"/></xsl:call-template>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="string($competences)"/></xsl:call-template>
    <xsl:variable name="reviewed" select="r:conversation[@second_assessor][last()]"/>
    <xsl:variable name="assessor">
      <xsl:if test="$reviewed">
        <xsl:value-of select="$reviewed/@second_assessor"/>
        <xsl:if test="$reviewed/@review">
          <xsl:value-of select="concat(' (', $reviewed/@review, ')')"/>
        </xsl:if>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="reviews">
      <xsl:for-each select="r:conversation/r:review_event">
        <xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if>
        <xsl:call-template name="review-line"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="string($assessor)"/></xsl:call-template>
    <xsl:call-template name="cell">
      <xsl:with-param name="v" select="string($reviews)"/>
      <xsl:with-param name="last" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- TYPE AT AUTHOR: ACTION of a second assessor's move (the context
       node, a review_event): "assessment 2027-03-01T12:00:00Z Sanne
       Bakker: change item:Omzet 3->2: te optimistisch". -->
  <xsl:template name="review-line">
    <xsl:value-of select="concat(../@type, ' ', @at, ' ', @author, ': ', @action)"/>
    <xsl:if test="@action = 'change'">
      <xsl:text> </xsl:text>
      <xsl:value-of select="@target"/>
      <xsl:choose>
        <xsl:when test="@target_title"><xsl:value-of select="concat(':', @target_title)"/></xsl:when>
        <xsl:when test="@section"><xsl:value-of select="concat(':', @section)"/></xsl:when>
      </xsl:choose>
      <xsl:value-of select="concat(' ', @old_rating, '-&gt;', @new_rating)"/>
    </xsl:if>
    <xsl:if test="r:reason">
      <xsl:value-of select="concat(': ', r:reason)"/>
    </xsl:if>
  </xsl:template>

  <!-- ROLE=VALUE of an answer or competence rating (the context node). -->
  <xsl:template name="answer-line">
    <xsl:variable name="value" select="@rating | @level"/>
    <xsl:choose>
      <xsl:when test="@self_assessment = '1'">self</xsl:when>
      <xsl:otherwise><xsl:value-of select="@role"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>=</xsl:text>
    <xsl:choose>
      <xsl:when test="$value">
        <xsl:value-of select="$value"/>
        <xsl:if test="@rating_label | @level_label">
          <xsl:value-of select="concat(' (', @rating_label | @level_label, ')')"/>
        </xsl:if>
        <xsl:if test="r:explanation">
          <xsl:value-of select="concat(': ', r:explanation)"/>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="r:body"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The dossier's columns are the same on each of its rows: made once. -->
  <xsl:template match="r:dossier">
    <xsl:variable name="head">
      <xsl:value-of select="concat($quote, @cycle_id, $quote, ';')"/>
      <xsl:call-template name="cell"><xsl:with-param name="v" select="@cycle"/></xsl:call-template>
      <xsl:value-of select="concat($quote, @id, $quote, ';', $quote, @status, $quote, ';',
                                   $quote, r:employee/@id, $quote, ';')"/>
      <xsl:call-template name="cell"><xsl:with-param name="v" select="r:employee/@login"/></xsl:call-template>
      <xsl:call-template name="cell"><xsl:with-param name="v" select="r:employee/@name"/></xsl:call-template>
      <xsl:call-template name="cell"><xsl:with-param name="v" select="r:employee/@department"/></xsl:call-template>
      <xsl:call-template name="cell"><xsl:with-param name="v" select="r:manager/@name"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="tail">
      <xsl:call-template name="tail"/>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="r:item">
        <xsl:apply-templates select="r:item">
          <xsl:with-param name="head" select="string($head)"/>
          <xsl:with-param name="tail" select="string($tail)"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <!-- item_id ... last_note empty -->
        <xsl:value-of select="$head"/>
        <xsl:text>"";"";"";"";"";"";"";"";"";"";"";"";"";"";"";</xsl:text>
        <xsl:value-of select="$tail"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Ids, words, dates and numbers need no quoting rules: written as they
       are; text goes through "cell". -->
  <xsl:template match="r:item">
    <xsl:param name="head"/>
    <xsl:param name="tail"/>
    <xsl:value-of select="$head"/>
    <xsl:value-of select="concat($quote, @id, $quote, ';', $quote, @kind, $quote, ';')"/>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="r:title"/></xsl:call-template>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="r:measure"/></xsl:call-template>
    <xsl:value-of select="concat($quote, @deadline, $quote, ';', $quote, @weight, $quote, ';',
                                 $quote, @status, $quote, ';', $quote, @achieved_on, $quote, ';')"/>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="@responsible"/></xsl:call-template>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="@org_goal"/></xsl:call-template>
    <!-- the key result area a goal serves, the competence a development
         point works on (issue 16) -->
    <xsl:call-template name="cell"><xsl:with-param name="v" select="@area"/></xsl:call-template>
    <xsl:call-template name="cell"><xsl:with-param name="v" select="@competence"/></xsl:call-template>
    <!-- the rating of the latest update that has one (the assessment) -->
    <xsl:value-of select="concat($quote, r:update[@rating][last()]/@rating, $quote, ';',
                                 $quote, count(r:update), $quote, ';')"/>
    <xsl:call-template name="cell">
      <xsl:with-param name="v" select="r:update[r:note][last()]/r:note"/>
    </xsl:call-template>
    <xsl:value-of select="$tail"/>
  </xsl:template>

  <!-- One cell: quoted, quotes doubled, formulas defused, then ';' or CRLF. -->
  <xsl:template name="cell">
    <xsl:param name="v"/>
    <xsl:param name="last" select="false()"/>
    <xsl:variable name="s" select="string($v)"/>
    <xsl:value-of select="$quote"/>
    <xsl:if test="$s != '' and contains($formula-starts, substring($s, 1, 1))">
      <xsl:text>'</xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="contains($s, $quote)">
        <xsl:call-template name="doubled">
          <xsl:with-param name="s" select="$s"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="$quote"/>
    <xsl:choose>
      <xsl:when test="$last"><xsl:text>&#13;&#10;</xsl:text></xsl:when>
      <xsl:otherwise><xsl:text>;</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="doubled">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, $quote)">
        <xsl:value-of select="substring-before($s, $quote)"/>
        <xsl:value-of select="concat($quote, $quote)"/>
        <xsl:call-template name="doubled">
          <xsl:with-param name="s" select="substring-after($s, $quote)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$s"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
