<?xml version="1.0" encoding="UTF-8"?>
<!--
  charts.xsl - bar charts as inline SVG, drawn on the server from node-sets
  of the page XML (no script). Included by reports.xsl.

  Every chart is a <figure> whose <figcaption> names it and links to the
  table with the same numbers; the <svg> has role="img" and is labelled by
  its own <title> and a <desc> that says every number of the chart in
  words, so a screen reader gets the chart without the picture.

  Bars are horizontal, one per line, with the label above the bar and the
  number written after it: long department names never collide, and a
  reader never needs the colour to know what a bar is.  Where bars of
  different kinds sit together (the steps of the cycle) they differ by
  pattern (solid, hatched, dotted) as well as by colour, so the chart holds
  in greyscale and for colour-blind readers.  All sizes are viewBox units:
  the chart scales with its box, from a phone to a laptop, and prints.

  Input rows (built by the caller, usually with exsl:node-set):
    row/@{label, value, text, pattern, bar}
        text: what is written after the bar; pattern: solid | hatch | dots;
        bar="none": the row is a line of text without a bar (a sum that
        would dwarf the other bars)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- The viewBox is this wide; the figure's CSS decides the pixels. -->
  <xsl:variable name="ch-width" select="400"/>
  <!-- The longest bar leaves room after it for its number ("793 van 1494
       (53%)"); the number stands after the whole track, never on it. -->
  <!-- ch-bar and ch-groups' legend write these two as the numbers 250,
       14, 256 (250 + 6) and 20 (14 + 6) where nothing else is added: an
       attribute value template costs an XPath evaluation, and a page draws
       dozens of bars (issue 21).  Change them together. -->
  <xsl:variable name="ch-bar-max" select="250"/>
  <xsl:variable name="ch-bar-h" select="14"/>
  <!-- A line of label text above a bar, and the gap under the bar. -->
  <xsl:variable name="ch-label-h" select="18"/>
  <xsl:variable name="ch-gap" select="10"/>
  <!-- Bars of one group (the steps of one department) sit this far apart. -->
  <xsl:variable name="ch-step" select="18"/>
  <xsl:variable name="ch-pad" select="4"/>
  <!-- Characters of a label that fit the viewBox's width; a longer name
       is cut with an ellipsis in the picture (the <desc> and the table
       keep it whole). -->
  <xsl:variable name="ch-label-max" select="50"/>
  <!-- Departments shown one by one in a chart; the rest are added up in one
       bar.  Ten bars read at a glance on a phone; the table next to the
       chart keeps every department (a scrolling chart would be cut off on
       paper and a hundred bars say nothing at a glance). -->
  <xsl:variable name="ch-top" select="10"/>

  <!-- The fill patterns of one chart; ids are prefixed with the chart's
       own id, so two charts on a page never share one. -->
  <xsl:template name="ch-defs">
    <xsl:param name="id"/>
    <defs>
      <pattern id="{$id}-hatch" class="ch-pattern" patternUnits="userSpaceOnUse" width="6" height="6">
        <rect class="ch-fill-hatch-bg" width="6" height="6"/>
        <path class="ch-fill-hatch" d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2"/>
      </pattern>
      <pattern id="{$id}-dots" class="ch-pattern" patternUnits="userSpaceOnUse" width="5" height="5">
        <rect class="ch-fill-dots-bg" width="5" height="5"/>
        <circle class="ch-fill-dots" cx="2.5" cy="2.5" r="1.3"/>
      </pattern>
    </defs>
  </xsl:template>

  <!-- A label cut to $ch-label-max characters, the last an ellipsis, is
       i:label(text, max) (xml/xpathfn.c): concat(substring(text, 1, max
       - 1), '&#8230;') where string-length(text) is above max, else text;
       one evaluation where a called template with its choose was four. -->

  <!-- One bar: the track (the whole scale, so that zero is visibly zero),
       the filled part and the number after it.  Context: the row
       (@value, @text, @pattern: solid when empty); its width against
       $max is i:bar (xml/xpathfn.c), the parameters are those a row does
       not hold (a template of select expressions: each evaluation counts
       on a page with dozens of bars). -->
  <xsl:template name="ch-bar">
    <xsl:param name="id"/>
    <xsl:param name="y"/>
    <xsl:param name="max"/>
    <!-- @pattern, or "solid" where it is empty -->
    <xsl:variable name="fill" select="i:either(@pattern, 'solid')"/>
    <rect class="ch-track" x="0" y="{$y}" width="250" height="14"/>
    <rect class="ch-bar ch-bar-{$fill}" x="0" y="{$y}" width="{i:bar(@value, $max, $ch-bar-max)}" height="14">
      <xsl:if test="$fill != 'solid'">
        <xsl:attribute name="fill">url(#<xsl:value-of select="concat($id, '-', $fill)"/>)</xsl:attribute>
      </xsl:if>
    </rect>
    <text class="ch-value" x="256" y="{$y + $ch-bar-h - 3}"><xsl:value-of select="@text"/></text>
  </xsl:template>

  <!-- The figure around a chart: caption, and a link to the table. -->
  <xsl:template name="ch-caption">
    <xsl:param name="caption"/>
    <xsl:param name="table"/>
    <xsl:param name="note" select="''"/>
    <figcaption>
      <xsl:value-of select="$caption"/>
      <xsl:if test="$note != ''">
        <xsl:text> </xsl:text>
        <xsl:value-of select="$note"/>
      </xsl:if>
      <xsl:text> </xsl:text>
      <a href="#{$table}"><xsl:value-of select="i:t('charts.table_link')"/></a>
    </figcaption>
  </xsl:template>

  <!-- A chart of single bars, one per row, each row's value against $max.
       $title names the chart for screen readers; the <desc> lists
       "label: text" of every row. -->
  <xsl:template name="ch-bars">
    <xsl:param name="id"/>
    <xsl:param name="rows"/>
    <xsl:param name="max"/>
    <xsl:param name="title"/>
    <xsl:param name="caption"/>
    <xsl:param name="table"/>
    <xsl:param name="note" select="''"/>
    <xsl:variable name="row-h" select="$ch-label-h + $ch-bar-h + $ch-gap"/>
    <figure class="chart" id="{$id}">
      <svg class="chart-svg" role="img" aria-labelledby="{$id}-title {$id}-desc"
           viewBox="0 0 {$ch-width} {count($rows) * $row-h + $ch-pad}" width="100%"
           preserveAspectRatio="xMinYMin meet">
        <title id="{$id}-title"><xsl:value-of select="$title"/></title>
        <desc id="{$id}-desc">
          <xsl:for-each select="$rows">
            <xsl:value-of select="concat(@label, ': ', @text)"/>
            <xsl:if test="position() != last()"><xsl:text>; </xsl:text></xsl:if>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
        </desc>
        <xsl:call-template name="ch-defs"><xsl:with-param name="id" select="$id"/></xsl:call-template>
        <xsl:for-each select="$rows">
          <xsl:variable name="top" select="(position() - 1) * $row-h + $ch-pad"/>
          <g class="ch-row">
            <text class="ch-label" x="0" y="{$top + $ch-label-h - 5}"><xsl:value-of select="i:label(@label, $ch-label-max)"/></text>
            <xsl:choose>
              <xsl:when test="@bar = 'none'">
                <text class="ch-value ch-sum" x="0" y="{$top + $ch-label-h + $ch-bar-h - 3}"><xsl:value-of select="@text"/></text>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="ch-bar">
                  <xsl:with-param name="id" select="$id"/>
                  <xsl:with-param name="y" select="$top + $ch-label-h"/>
                  <xsl:with-param name="max" select="$max"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </g>
        </xsl:for-each>
      </svg>
      <xsl:call-template name="ch-caption">
        <xsl:with-param name="caption" select="$caption"/>
        <xsl:with-param name="table" select="$table"/>
        <xsl:with-param name="note" select="$note"/>
      </xsl:call-template>
    </figure>
  </xsl:template>

  <!-- Groups of bars: per group (a department) a label and one bar per
       row in it (a step of the cycle), each against its own maximum
       (row/@max: the step's conversations), with a legend of the
       patterns on top.  Input: group/@label with row/@{label, value, max,
       text, pattern}; $legend: row/@{label, pattern}. -->
  <xsl:template name="ch-groups">
    <xsl:param name="id"/>
    <xsl:param name="groups"/>
    <xsl:param name="legend"/>
    <xsl:param name="title"/>
    <xsl:param name="caption"/>
    <xsl:param name="table"/>
    <xsl:param name="note" select="''"/>
    <xsl:variable name="per-group" select="count($legend)"/>
    <xsl:variable name="group-h" select="$ch-label-h + $per-group * $ch-step + $ch-gap"/>
    <!-- The legend: a line per pattern (step names are long). -->
    <xsl:variable name="legend-h" select="$per-group * $ch-label-h + $ch-gap"/>
    <figure class="chart" id="{$id}">
      <svg class="chart-svg" role="img" aria-labelledby="{$id}-title {$id}-desc"
           viewBox="0 0 {$ch-width} {$legend-h + count($groups) * $group-h + $ch-pad}" width="100%"
           preserveAspectRatio="xMinYMin meet">
        <title id="{$id}-title"><xsl:value-of select="$title"/></title>
        <desc id="{$id}-desc">
          <xsl:for-each select="$groups">
            <xsl:value-of select="concat(@label, ': ')"/>
            <xsl:for-each select="row">
              <xsl:value-of select="concat(@label, ' ', @text)"/>
              <xsl:if test="position() != last()"><xsl:text>, </xsl:text></xsl:if>
            </xsl:for-each>
            <xsl:if test="position() != last()"><xsl:text>; </xsl:text></xsl:if>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
        </desc>
        <xsl:call-template name="ch-defs"><xsl:with-param name="id" select="$id"/></xsl:call-template>
        <g class="ch-legend">
          <xsl:for-each select="$legend">
            <xsl:variable name="y" select="(position() - 1) * $ch-label-h + $ch-pad"/>
            <rect class="ch-bar ch-bar-{@pattern}" x="0" y="{$y}" width="14" height="14">
              <xsl:if test="@pattern != 'solid'">
                <xsl:attribute name="fill">url(#<xsl:value-of select="concat($id, '-', @pattern)"/>)</xsl:attribute>
              </xsl:if>
            </rect>
            <text class="ch-label" x="20" y="{$y + $ch-bar-h - 3}"><xsl:value-of select="@label"/></text>
          </xsl:for-each>
        </g>
        <xsl:for-each select="$groups">
          <xsl:variable name="top" select="$legend-h + (position() - 1) * $group-h + $ch-pad"/>
          <g class="ch-group">
            <text class="ch-label ch-group-label" x="0" y="{$top + $ch-label-h - 5}"><xsl:value-of select="i:label(@label, $ch-label-max)"/></text>
            <xsl:for-each select="row">
              <xsl:call-template name="ch-bar">
                <xsl:with-param name="id" select="$id"/>
                <xsl:with-param name="y" select="$top + $ch-label-h + (position() - 1) * $ch-step"/>
                <xsl:with-param name="max" select="@max"/>
              </xsl:call-template>
            </xsl:for-each>
          </g>
        </xsl:for-each>
      </svg>
      <xsl:call-template name="ch-caption">
        <xsl:with-param name="caption" select="$caption"/>
        <xsl:with-param name="table" select="$table"/>
        <xsl:with-param name="note" select="$note"/>
      </xsl:call-template>
    </figure>
  </xsl:template>

  <!-- "n (p%)", a count and its whole percentage of a total (nothing when
       the total is 0), is i:share(n, of) (xml/xpathfn.c). -->

</xsl:stylesheet>
