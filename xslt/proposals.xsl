<?xml version="1.0" encoding="UTF-8"?>
<!--
  proposals.xsl - the proposals at the top of a goal setting (issue 15):
  result goals and development points the employee's previous cycle left
  unfinished, which employee or manager accepts ("Overnemen": a real item
  of this conversation) or drops ("Laten vallen").  Those still open come
  first with their two buttons (while the goal setting is planned or being
  prepared: /page/proposals/@may); the decided ones are folded below.

  Input (fcgi/pages/proposal.c): /page/proposals/@may,
  /page/proposals/proposal (@id @kind @title @source_status @source_cycle
  @status proposed|accepted|dropped @item @decided_by, measure), and
  /page/proposal_refused/@id after a decision that came too late (409).
  Included by conversation.xsl: <xsl:call-template name="proposals-section"/>
  and, next to the form alert, <xsl:call-template name="proposal-refused-alert"/>.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:template name="proposals-section">
    <xsl:variable name="all" select="/page/proposals/proposal"/>
    <xsl:variable name="open" select="$all[@status = 'proposed']"/>
    <xsl:variable name="done" select="$all[@status != 'proposed']"/>
    <xsl:variable name="may" select="/page/proposals/@may = '1'"/>
    <xsl:if test="$all">
      <section class="section proposals-section" id="proposals" aria-labelledby="proposals-title">
        <h2 id="proposals-title">
          <xsl:value-of select="i:t('proposals.title')"/>
          <xsl:if test="$open">
            <xsl:text>: </xsl:text>
            <xsl:value-of select="count($open)"/>
            <xsl:text> </xsl:text>
            <xsl:choose>
              <xsl:when test="count($open) = 1"><xsl:value-of select="i:t('proposals.one')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="i:t('proposals.many')"/></xsl:otherwise>
            </xsl:choose>
          </xsl:if>
        </h2>
        <xsl:choose>
          <xsl:when test="$open and $may">
            <p class="section-intro"><xsl:value-of select="i:t('proposals.intro')"/></p>
          </xsl:when>
          <xsl:when test="$open">
            <p class="section-intro"><xsl:value-of select="i:t('proposals.readonly')"/></p>
          </xsl:when>
          <xsl:otherwise>
            <p class="section-intro"><xsl:value-of select="i:t('proposals.all_done')"/></p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$open">
          <ol class="items proposals">
            <xsl:apply-templates select="$open" mode="proposal">
              <xsl:with-param name="may" select="$may"/>
            </xsl:apply-templates>
          </ol>
        </xsl:if>
        <xsl:if test="$done">
          <details class="disclosure proposals-done">
            <summary>
              <xsl:value-of select="i:t('proposals.done')"/>
              <xsl:text> (</xsl:text>
              <xsl:value-of select="count($done)"/>
              <xsl:text>)</xsl:text>
            </summary>
            <ul class="proposals-decided">
              <xsl:apply-templates select="$done" mode="proposal-done"/>
            </ul>
          </details>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A decision that came too late (409), at the top of the page where
       the browser lands, with the way to the proposals. -->
  <xsl:template name="proposal-refused-alert">
    <xsl:if test="/page/proposal_refused">
      <div class="alert alert-error" role="alert" id="proposal-refused">
        <p>
          <xsl:value-of select="i:t('proposals.refused')"/>
          <xsl:text> </xsl:text>
          <a href="#proposals"><xsl:value-of select="i:t('proposals.goto')"/></a>
        </p>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- one proposal still open; context: the proposal -->
  <xsl:template match="proposal" mode="proposal">
    <xsl:param name="may"/>
    <li class="item proposal" id="proposal-{@id}">
      <div class="item-head">
        <h3 class="item-title"><xsl:value-of select="@title"/></h3>
        <span class="badge badge-{@kind}">
          <xsl:value-of select="i:t(concat('proposals.kind.', @kind))"/>
        </span>
      </div>
      <dl class="facts facts-grid">
        <xsl:if test="normalize-space(measure) != ''">
          <div>
            <dt><xsl:value-of select="i:t(concat('item.field.', @kind, '.measure'))"/></dt>
            <dd class="text"><xsl:value-of select="measure"/></dd>
          </div>
        </xsl:if>
        <div>
          <dt><xsl:value-of select="i:t('proposals.from')"/></dt>
          <dd>
            <xsl:value-of select="@source_cycle"/>
            <xsl:text> (</xsl:text>
            <xsl:value-of select="i:t(concat('status.', @source_status))"/>
            <xsl:text>)</xsl:text>
          </dd>
        </div>
      </dl>
      <xsl:if test="$may">
        <div class="proposal-actions">
          <form method="post" action="/proposals/{@id}/accept" class="inline-form">
            <xsl:call-template name="csrf-input"/>
            <button type="submit" class="button button-primary" id="proposal-accept-{@id}">
              <xsl:value-of select="i:t('proposals.accept')"/>
              <span class="visually-hidden">
                <xsl:text>: </xsl:text>
                <xsl:value-of select="@title"/>
              </span>
            </button>
          </form>
          <xsl:text> </xsl:text>
          <form method="post" action="/proposals/{@id}/drop" class="inline-form">
            <xsl:call-template name="csrf-input"/>
            <button type="submit" class="button" id="proposal-drop-{@id}">
              <xsl:value-of select="i:t('proposals.drop')"/>
              <span class="visually-hidden">
                <xsl:text>: </xsl:text>
                <xsl:value-of select="@title"/>
              </span>
            </button>
          </form>
        </div>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- one decided proposal, folded: what, what became of it, by whom -->
  <xsl:template match="proposal" mode="proposal-done">
    <xsl:variable name="item" select="string(@item)"/>
    <li class="proposal-decided" id="proposal-{@id}">
      <xsl:choose>
        <xsl:when test="$item != '' and /page/conversation/items/item[@id = $item]">
          <a href="#item-{$item}"><xsl:value-of select="@title"/></a>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
      </xsl:choose>
      <xsl:text> – </xsl:text>
      <xsl:value-of select="i:t(concat('proposals.status.', @status))"/>
      <xsl:if test="string(@decided_by) != ''">
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('proposals.by')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@decided_by"/>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
