<?xml version="1.0" encoding="UTF-8"?>
<!--
  dossier.xsl - GET /dossiers/{id}: one employee's cycle at a glance: who and
  which cycle, the conversations with their dates and states, and every item
  with its current status and the notes each conversation added.

  Input (fcgi/pages/conv_view.c, view_xml without a conversation):
  /page/dossier, /page/scale/label, /page/conversations/conversation,
  /page/items/item (measure, update*).  Signatures are on the conversation
  page.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="conversation_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('dossier.title')"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="dossier/@cycle"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="dossier/@employee"/>
  </xsl:template>

  <!-- HR reads the audit trail of this dossier (admin_audit.c) -->
  <xsl:template name="history-link">
    <xsl:if test="/page/user/@auditor = '1'">
      <p class="history-link">
        <a href="/admin/audit?entity=dossier&amp;id={/page/dossier/@id}"><xsl:value-of select="i:t('audit.history.dossier')"/></a>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p class="back-link">
        <a href="/"><xsl:value-of select="i:t('dossier.back')"/></a>
      </p>
      <h1>
        <xsl:value-of select="i:t('dossier.title')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="dossier/@cycle"/>
        <xsl:text> – </xsl:text>
        <xsl:value-of select="dossier/@employee"/>
      </h1>
      <xsl:call-template name="deputy-notice"/>
      <xsl:call-template name="history-link"/>
    </div>

    <section class="panel statebar" aria-labelledby="dossier-facts-title">
      <h2 id="dossier-facts-title" class="visually-hidden"><xsl:value-of select="i:t('dossier.facts')"/></h2>
      <dl class="facts facts-row">
        <div>
          <dt><xsl:value-of select="i:t('role.employee')"/></dt>
          <dd><xsl:value-of select="dossier/@employee"/></dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('role.manager')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="string(dossier/@manager) != ''"><xsl:value-of select="dossier/@manager"/></xsl:when>
              <xsl:otherwise>–</xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('dossier.cycle')"/></dt>
          <dd><xsl:value-of select="dossier/@cycle"/></dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('dossier.status')"/></dt>
          <dd>
            <xsl:call-template name="badge">
              <xsl:with-param name="state" select="string(dossier/@status)"/>
            </xsl:call-template>
          </dd>
        </div>
      </dl>
      <xsl:if test="dossier/@side = 'reader'">
        <p class="private-note"><xsl:value-of select="i:t('dossier.readonly')"/></p>
      </xsl:if>
    </section>

    <xsl:call-template name="conversations"/>

    <xsl:call-template name="kind-section">
      <xsl:with-param name="kind" select="'result'"/>
    </xsl:call-template>
    <xsl:call-template name="kind-section">
      <xsl:with-param name="kind" select="'development'"/>
    </xsl:call-template>
    <xsl:call-template name="kind-section">
      <xsl:with-param name="kind" select="'action'"/>
    </xsl:call-template>

    <xsl:call-template name="collective-section"/>
    <!-- Who of HR read this dossier (issue 17): the employee's own view -->
    <xsl:if test="/page/reads">
      <section class="section" aria-labelledby="reads-title">
        <h2 id="reads-title"><xsl:value-of select="i:t('reads.own.title')"/></h2>
        <p class="muted"><xsl:value-of select="i:t('reads.own.intro')"/></p>
        <xsl:call-template name="reads-table"/>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The conversations of the cycle                                    -->
  <!-- ================================================================ -->

  <xsl:template name="conversations">
    <section class="section" aria-labelledby="conversations-title">
      <h2 id="conversations-title"><xsl:value-of select="i:t('dossier.conversations.title')"/></h2>
      <xsl:choose>
        <xsl:when test="conversations/conversation">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('dossier.conversations.conversation')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dossier.conversations.due')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dossier.conversations.scheduled')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dossier.conversations.status')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dossier.conversations.signed')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="conversations/conversation">
                  <xsl:sort select="number(@seq)" data-type="number"/>
                  <tr>
                    <th scope="row">
                      <span class="step" aria-hidden="true"><xsl:value-of select="position()"/></span>
                      <a href="/conversations/{@id}">
                        <xsl:call-template name="conv-name">
                          <xsl:with-param name="type" select="string(@type)"/>
                          <xsl:with-param name="seq" select="string(@seq)"/>
                        </xsl:call-template>
                      </a>
                    </th>
                    <td data-label="{i:t('dossier.conversations.due')}">
                      <xsl:choose>
                        <xsl:when test="string(@due_on) != ''">
                          <xsl:call-template name="date">
                            <xsl:with-param name="value" select="@due_on"/>
                          </xsl:call-template>
                        </xsl:when>
                        <xsl:otherwise>–</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('dossier.conversations.scheduled')}">
                      <xsl:choose>
                        <xsl:when test="string(@held_on) != ''">
                          <xsl:value-of select="i:t('dossier.conversations.held')"/>
                          <xsl:text> </xsl:text>
                          <xsl:call-template name="date">
                            <xsl:with-param name="value" select="@held_on"/>
                          </xsl:call-template>
                        </xsl:when>
                        <xsl:when test="string(@scheduled_at) != ''">
                          <xsl:call-template name="datetime">
                            <xsl:with-param name="value" select="@scheduled_at"/>
                          </xsl:call-template>
                        </xsl:when>
                        <xsl:otherwise>
                          <span class="muted"><xsl:value-of select="i:t('dossier.conversations.unscheduled')"/></span>
                        </xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('dossier.conversations.status')}">
                      <xsl:call-template name="badge">
                        <xsl:with-param name="state" select="string(@status)"/>
                      </xsl:call-template>
                    </td>
                    <td data-label="{i:t('dossier.conversations.signed')}">
                      <xsl:choose>
                        <xsl:when test="signature[not(@voided)]">
                          <ul class="plain">
                            <xsl:for-each select="signature[not(@voided)]">
                              <li>
                                <xsl:value-of select="@name"/>
                                <xsl:text>: </xsl:text>
                                <xsl:value-of select="i:t(concat('status.', @verdict))"/>
                                <xsl:text> (</xsl:text>
                                <xsl:call-template name="datetime">
                                  <xsl:with-param name="value" select="@at"/>
                                </xsl:call-template>
                                <xsl:text>)</xsl:text>
                              </li>
                            </xsl:for-each>
                          </ul>
                        </xsl:when>
                        <xsl:otherwise><span class="muted">–</span></xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('dossier.conversations.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Items by kind, each with its notes per conversation               -->
  <!-- ================================================================ -->

  <xsl:template name="kind-section">
    <xsl:param name="kind"/>
    <xsl:variable name="items" select="items/item[@kind = $kind]"/>
    <section class="section items-section" aria-labelledby="kind-{$kind}-title">
      <h2 id="kind-{$kind}-title"><xsl:value-of select="i:t(concat('conversation.section.', $kind))"/></h2>
      <xsl:choose>
        <xsl:when test="$items">
          <ol class="items">
            <xsl:apply-templates select="$items" mode="item"/>
          </ol>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t(concat('conversation.section.', $kind, '.empty'))"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="item" mode="item">
    <xsl:variable name="kind" select="string(@kind)"/>
    <li class="item" id="item-{@id}">
      <div class="item-head">
        <h3 class="item-title"><xsl:value-of select="@title"/></h3>
        <xsl:call-template name="badge">
          <xsl:with-param name="state" select="string(@status)"/>
        </xsl:call-template>
      </div>
      <dl class="facts facts-grid">
        <xsl:if test="$kind != 'action'">
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="concat('item.field.', $kind, '.measure')"/>
            <xsl:with-param name="value" select="measure"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="$kind != 'development'">
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="concat('item.field.', $kind, '.responsible')"/>
            <xsl:with-param name="value" select="@responsible"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="string(@deadline) != ''">
          <div>
            <dt><xsl:value-of select="i:t(concat('item.field.', $kind, '.deadline'))"/></dt>
            <dd>
              <xsl:call-template name="date">
                <xsl:with-param name="value" select="@deadline"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$kind = 'result'">
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="'item.field.result.org_goal'"/>
            <xsl:with-param name="value" select="@org_goal"/>
          </xsl:call-template>
          <xsl:call-template name="fact-link">
            <xsl:with-param name="key" select="'item.field.result.area'"/>
            <xsl:with-param name="n" select="area"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="$kind = 'development'">
          <xsl:call-template name="fact-link">
            <xsl:with-param name="key" select="'item.field.development.competence'"/>
            <xsl:with-param name="n" select="competence"/>
          </xsl:call-template>
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="'item.field.result.weight'"/>
            <xsl:with-param name="value" select="@weight"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="string(@achieved_on) != ''">
          <div>
            <dt><xsl:value-of select="i:t('dossier.item.achieved_on')"/></dt>
            <dd>
              <xsl:call-template name="date">
                <xsl:with-param name="value" select="@achieved_on"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$kind = 'action'">
          <xsl:call-template name="fact-text">
            <xsl:with-param name="key" select="'item.field.action.measure'"/>
            <xsl:with-param name="value" select="measure"/>
          </xsl:call-template>
        </xsl:if>
      </dl>
      <p class="item-meta">
        <xsl:value-of select="i:t('item.author')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@author"/>
        <xsl:text> (</xsl:text>
        <xsl:value-of select="i:t(concat('role.', @author_side))"/>
        <xsl:call-template name="by-other"/>
        <xsl:text>)</xsl:text>
        <xsl:variable name="origin" select="/page/conversations/conversation[@id = current()/@conversation]"/>
        <xsl:if test="$origin">
          <span class="sep" aria-hidden="true"> · </span>
          <xsl:call-template name="conv-name">
            <xsl:with-param name="type" select="string($origin/@type)"/>
            <xsl:with-param name="seq" select="string($origin/@seq)"/>
          </xsl:call-template>
        </xsl:if>
      </p>
      <xsl:if test="update">
        <div class="notes">
          <h4><xsl:value-of select="i:t('dossier.item.history')"/></h4>
          <ol class="history">
            <xsl:for-each select="update">
              <xsl:sort select="number(@seq)" data-type="number"/>
              <xsl:sort select="@at"/>
              <li class="note">
                <p class="note-meta">
                  <strong>
                    <a href="/conversations/{@conversation}">
                      <xsl:call-template name="conv-name">
                        <xsl:with-param name="type" select="string(@type)"/>
                        <xsl:with-param name="seq" select="string(@seq)"/>
                      </xsl:call-template>
                    </a>
                  </strong>
                  <span class="sep" aria-hidden="true"> · </span>
                  <xsl:value-of select="@author"/>
                  <xsl:text> (</xsl:text>
                  <xsl:value-of select="i:t(concat('role.', @author_side))"/>
                  <xsl:call-template name="by-other"/>
                  <xsl:text>)</xsl:text>
                  <xsl:if test="string(@at) != ''">
                    <span class="sep" aria-hidden="true"> · </span>
                    <xsl:call-template name="date">
                      <xsl:with-param name="value" select="@at"/>
                    </xsl:call-template>
                  </xsl:if>
                </p>
                <xsl:if test="string(@status) != '' or string(@rating) != ''">
                  <p class="note-state">
                    <xsl:call-template name="badge">
                      <xsl:with-param name="state" select="string(@status)"/>
                    </xsl:call-template>
                    <xsl:if test="string(@rating) != ''">
                      <xsl:text> </xsl:text>
                      <span class="rating">
                        <xsl:value-of select="i:t('item.rating')"/>
                        <xsl:text>: </xsl:text>
                        <xsl:variable name="r" select="string(@rating)"/>
                        <xsl:choose>
                          <xsl:when test="/page/scale/label[@value = $r]">
                            <xsl:value-of select="/page/scale/label[@value = $r]"/>
                            <xsl:text> (</xsl:text>
                            <xsl:value-of select="$r"/>
                            <xsl:text>)</xsl:text>
                          </xsl:when>
                          <xsl:otherwise><xsl:value-of select="$r"/></xsl:otherwise>
                        </xsl:choose>
                      </span>
                    </xsl:if>
                  </p>
                </xsl:if>
                <xsl:if test="normalize-space(note) != ''">
                  <p class="note-text"><xsl:value-of select="note"/></p>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </div>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
