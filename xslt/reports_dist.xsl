<?xml version="1.0" encoding="UTF-8"?>
<!--
  reports_dist.xsl - the distributions of the HR overview (issue 16),
  included by reports.xsl: per department the overall ratings on each
  scale they are on and each competence's levels, every count a link to the
  people behind it.
  Input: /page/reports/distribution with
    department/@{id, name, subtree, query}   folded as by_department; @query
      the filter of its people lists (none for id 0: no department)
      rating/@{scale, value, count}          the overall ratings it has
      competence/@{id, name_nl, name_en}/level/@{value, count}
    competence_levels/level/@{value, label_nl, label_en}
      the levels of the forms' competence scales (absent: the cycle rates
      no competence, and the competence block is left out)
  and /page/reports/ratings/scale and rating/@{scale, value, label}: the
  scales and their levels (reports.xsl, issue 16).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="i exsl">

  <xsl:variable name="rd" select="/page/reports/distribution"/>
  <xsl:variable name="rd-en" select="/page/@lang = 'en'"/>
  <!-- The competence levels' labels (rd-level-label), made once for the
       page: every department's table has a cell per competence and level. -->
  <xsl:variable name="rd-level-labels-tree">
    <xsl:for-each select="$rd/competence_levels/level">
      <l><xsl:call-template name="rd-level-label"/></l>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="rd-level-labels" select="exsl:node-set($rd-level-labels-tree)/l"/>

  <xsl:template name="rp-distribution">
    <section class="section" aria-labelledby="distribution-title" id="distribution">
      <h2 id="distribution-title"><xsl:value-of select="i:t('reports.dist.title')"/></h2>
      <p class="section-intro"><xsl:value-of select="i:t('reports.dist.note')"/></p>
      <xsl:choose>
        <xsl:when test="not($rd/department)">
          <p class="empty"><xsl:value-of select="i:t('reports.dist.none')"/></p>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$rd/department">
            <xsl:call-template name="rd-department"/>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- context: distribution/department -->
  <xsl:template name="rd-department">
    <xsl:variable name="n" select="position()"/>
    <xsl:variable name="name">
      <xsl:choose>
        <xsl:when test="@id = '0'"><xsl:value-of select="i:t('reports.dist.no_department')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@subtree = '1'">
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('reports.dist.subtree')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="dept" select="."/>
    <xsl:variable name="scales" select="/page/reports/ratings/scale"/>
    <div class="distribution" id="dist-{$n}" data-department="{@id}">
      <h3><xsl:value-of select="$name"/></h3>
      <!-- A table per scale the department's ratings are on (issue 16);
           with the cycle's one scale, its table even without a rating. -->
      <xsl:for-each select="$scales">
        <xsl:variable name="sid" select="string(@id)"/>
        <xsl:if test="count($scales) = 1 or $dept/rating[@scale = $sid]">
          <xsl:call-template name="rd-rating-table">
            <xsl:with-param name="dept" select="$dept"/>
            <xsl:with-param name="n" select="$n"/>
            <xsl:with-param name="name" select="$name"/>
            <xsl:with-param name="suffix">
              <xsl:if test="position() &gt; 1"><xsl:value-of select="concat('-', position())"/></xsl:if>
            </xsl:with-param>
            <xsl:with-param name="named" select="count($scales) &gt; 1"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="count($scales) &gt; 1 and not(rating)">
        <p class="empty"><xsl:value-of select="i:t('reports.dist.rating.none')"/></p>
      </xsl:if>
      <xsl:if test="$rd/competence_levels">
        <xsl:call-template name="rd-competences">
          <xsl:with-param name="n" select="$n"/>
          <xsl:with-param name="name" select="$name"/>
        </xsl:call-template>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- context: ratings/scale; the department's overall ratings on it, a
       column per level of the scale. -->
  <xsl:template name="rd-rating-table">
    <xsl:param name="dept"/>
    <xsl:param name="n"/>
    <xsl:param name="name"/>
    <xsl:param name="suffix"/>
    <xsl:param name="named"/>
    <xsl:variable name="sid" select="string(@id)"/>
    <xsl:variable name="levels" select="/page/reports/ratings/rating[@scale = $sid]"/>
    <!-- the department's ratings on this scale, found once: a cell looks
         among them for its value only -->
    <xsl:variable name="mine" select="$dept/rating[@scale = $sid]"/>
    <xsl:variable name="query" select="$dept/@query"/>
    <!-- the cells' metric but the value (rp-rating-metric), once -->
    <xsl:variable name="metric" select="concat('rating.', substring(concat($sid, '.'), 1 div not($sid = '0')))"/>
    <xsl:variable name="what">
      <xsl:value-of select="i:t('reports.dist.rating')"/>
      <xsl:if test="$named">
        <xsl:text> (</xsl:text>
        <xsl:call-template name="rp-scale-name"/>
        <xsl:text>)</xsl:text>
      </xsl:if>
    </xsl:variable>
    <div class="table-wrap">
      <table class="list stack dist-scale" id="dist-{$n}-rating{$suffix}" data-scale="{$sid}">
        <caption><xsl:value-of select="concat($what, ' – ', $name)"/></caption>
        <thead>
          <tr>
            <td></td>
            <xsl:for-each select="$levels">
              <th scope="col" class="num"><xsl:call-template name="rp-rating-label"/></th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <tr class="dist-rating">
            <th scope="row"><xsl:value-of select="i:t('reports.dist.rating')"/></th>
            <xsl:for-each select="$levels">
              <!-- rp-rating-label (reports.xsl) as i:either; the cell
                   as rd-competences' (the comment at the end) -->
              <xsl:variable name="label" select="i:either(@label, @value)"/>
              <xsl:variable name="count" select="$mine[@value = current()/@value]/@count"/>
              <td class="num" data-label="{$label}">
                <xsl:choose>
                  <xsl:when test="$count &gt; 0 and $query">
                    <a href="/reports/people?{$query}&amp;metric={$metric}{@value}">
                      <xsl:value-of select="$count"/>
                      <span class="visually-hidden">
                        <xsl:value-of select="concat(' ', $name, ', ', $what, ': ', $label)"/>
                      </span>
                    </a>
                  </xsl:when>
                  <xsl:when test="$count &gt; 0"><xsl:value-of select="$count"/></xsl:when>
                  <xsl:otherwise>0</xsl:otherwise>
                </xsl:choose>
              </td>
            </xsl:for-each>
          </tr>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- context: distribution/department -->
  <xsl:template name="rd-competences">
    <xsl:param name="n"/>
    <xsl:param name="name"/>
    <xsl:variable name="query" select="@query"/>
    <xsl:choose>
      <xsl:when test="not(competence)">
        <p class="empty"><xsl:value-of select="i:t('reports.dist.competences.none')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <div class="table-wrap">
          <table class="list stack" id="dist-{$n}-competences">
            <caption><xsl:value-of select="concat(i:t('reports.dist.competences'), ' – ', $name)"/></caption>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('reports.dist.competence')"/></th>
                <xsl:for-each select="$rd-level-labels">
                  <th scope="col" class="num"><xsl:value-of select="."/></th>
                </xsl:for-each>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="competence">
                <xsl:variable name="c" select="."/>
                <xsl:variable name="cname">
                  <xsl:choose>
                    <xsl:when test="$rd-en and @name_en != ''"><xsl:value-of select="@name_en"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="@name_nl"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:variable>
                <tr class="dist-competence" data-competence="{@id}">
                  <th scope="row"><xsl:value-of select="$cname"/></th>
                  <xsl:for-each select="$rd/competence_levels/level">
                    <xsl:variable name="v" select="@value"/>
                    <xsl:variable name="p" select="position()"/>
                    <xsl:variable name="label" select="string($rd-level-labels[$p])"/>
                    <xsl:variable name="count" select="$c/level[@value = $v]/@count"/>
                    <!-- a count cell, as in rd-rating-table -->
                    <td class="num" data-label="{$label}">
                      <xsl:choose>
                        <xsl:when test="$count &gt; 0 and $query">
                          <a href="/reports/people?{$query}&amp;metric=competence.{$c/@id}.{$v}">
                            <xsl:value-of select="$count"/>
                            <span class="visually-hidden">
                              <xsl:value-of select="concat(' ', $name, ', ', $cname, ': ', $label)"/>
                            </span>
                          </a>
                        </xsl:when>
                        <xsl:when test="$count &gt; 0"><xsl:value-of select="$count"/></xsl:when>
                        <xsl:otherwise>0</xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </xsl:for-each>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- context: competence_levels/level; Dutch where English is missing,
       the value where no scale labels it. -->
  <xsl:template name="rd-level-label">
    <xsl:choose>
      <xsl:when test="$rd-en and @label_en != ''"><xsl:value-of select="@label_en"/></xsl:when>
      <xsl:when test="@label_nl != ''"><xsl:value-of select="@label_nl"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A count cell (rd-rating-table, rd-competences: written out in
       each, for the parameters of a called template cost more than the
       cell; issue 21): a link to the people behind it, filtered to the
       department ($query: its @query, the filter of its people lists;
       none for the numbers without a department); 0 and the numbers
       without a department plain; data-label: the column's name where a
       phone stacks the row. -->

</xsl:stylesheet>
