<?xml version="1.0" encoding="UTF-8"?>
<!--
  access_export.xsl - the right of access as a page (issue 18, AVG art. 15):
  GET /me/export (the user's own) and GET /admin/employees/{id}/export (HR,
  on the person's request).  Everything stored about the person, as the
  personal export holds it (pages/access.c): the dossiers with their
  conversations, answers, remarks, signatures and goals; the feedback as
  its page shows it; the reopens, signed reports, audit records, who read
  the data and the deletions; and what was left out about other people,
  and why.  Made to print to PDF from the browser: the print stylesheet
  leaves out the navigation and starts each dossier on a new page.
  Input: /page/access-export/@{subject, name, by-hr} with the export's
  <report xmlns="urn:gesprek:report:1" kind="personal"> inside.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    xmlns:r="urn:gesprek:report:1"
    exclude-result-prefixes="i r">

  <xsl:import href="layout.xsl"/>
  <xsl:include href="admin_parts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="x" select="/page/access-export"/>
  <xsl:variable name="rep" select="$x/r:report"/>
  <xsl:variable name="acc" select="$rep/r:access"/>

  <xsl:template name="page-title">
    <xsl:choose>
      <xsl:when test="$x/@by-hr = '1'"><xsl:value-of select="i:t('access.title.hr')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t('access.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <h1><xsl:call-template name="page-title"/></h1>
      <p class="lead">
        <xsl:choose>
          <xsl:when test="$x/@by-hr = '1'"><xsl:value-of select="i:t('access.intro.hr')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i:t('access.intro')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <dl class="facts">
        <div>
          <dt><xsl:value-of select="i:t('access.person')"/></dt>
          <dd><xsl:value-of select="$x/@name"/></dd>
        </div>
        <div>
          <dt><xsl:value-of select="i:t('access.generated')"/></dt>
          <dd><xsl:call-template name="utc"><xsl:with-param name="at" select="$rep/@generated"/></xsl:call-template></dd>
        </div>
        <xsl:if test="$acc/@requested_by">
          <div>
            <dt><xsl:value-of select="i:t('access.requested_by')"/></dt>
            <dd><xsl:value-of select="$acc/@requested_by"/></dd>
          </div>
        </xsl:if>
      </dl>
      <ul class="links">
        <li>
          <a>
            <xsl:attribute name="href">
              <xsl:choose>
                <xsl:when test="$x/@by-hr = '1'">/admin/employees/<xsl:value-of select="$x/@subject"/>/export.xml</xsl:when>
                <xsl:otherwise>/me/export.xml</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:value-of select="i:t('access.xml')"/>
          </a>
        </li>
      </ul>
      <xsl:call-template name="print-button"/>
    </div>

    <section class="section access-omitted" aria-labelledby="access-omitted-title">
      <h2 id="access-omitted-title"><xsl:value-of select="i:t('access.omitted')"/></h2>
      <ul>
        <xsl:for-each select="$acc/r:omitted/r:reason">
          <li><xsl:value-of select="i:t(concat('access.omitted.', @key))"/></li>
        </xsl:for-each>
      </ul>
    </section>

    <section class="section access-part" aria-labelledby="access-dossiers-title">
      <h2 id="access-dossiers-title"><xsl:value-of select="i:t('access.dossiers')"/></h2>
      <xsl:if test="not($rep/r:dossier)">
        <p class="empty"><xsl:value-of select="i:t('access.none')"/></p>
      </xsl:if>
      <xsl:apply-templates select="$rep/r:dossier"/>
    </section>

    <section class="section access-part" aria-labelledby="access-feedback-title">
      <h2 id="access-feedback-title"><xsl:value-of select="i:t('access.feedback')"/></h2>
      <xsl:if test="not($rep/r:feedback)">
        <p class="empty"><xsl:value-of select="i:t('access.none')"/></p>
      </xsl:if>
      <xsl:apply-templates select="$rep/r:feedback"/>
    </section>

    <xsl:call-template name="reopens"/>
    <xsl:call-template name="snapshots"/>
    <xsl:call-template name="audit"/>
    <xsl:call-template name="reads"/>
    <xsl:call-template name="deletions"/>
    <xsl:call-template name="given"/>
  </xsl:template>

  <!-- A UTC time of the export: day, hh:mm and "UTC". -->
  <xsl:template name="utc">
    <xsl:param name="at"/>
    <xsl:call-template name="date"><xsl:with-param name="value" select="$at"/></xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($at, 12, 5)"/>
    <xsl:text> UTC</xsl:text>
  </xsl:template>

  <!-- ============================================================ dossiers -->

  <xsl:template match="r:dossier">
    <article class="panel access-dossier" aria-labelledby="access-dossier-{@id}">
      <h3 id="access-dossier-{@id}"><xsl:value-of select="@cycle"/></h3>
      <dl class="facts">
        <div>
          <dt><xsl:value-of select="i:t('access.manager')"/></dt>
          <dd><xsl:value-of select="r:manager/@name"/></dd>
        </div>
      </dl>
      <xsl:apply-templates select="r:conversation"/>
      <xsl:if test="r:item">
        <h4><xsl:value-of select="i:t('access.items')"/></h4>
        <ul class="access-list">
          <xsl:apply-templates select="r:item"/>
        </ul>
      </xsl:if>
    </article>
  </xsl:template>

  <xsl:template match="r:conversation">
    <div class="access-conversation">
      <h4>
        <xsl:value-of select="i:t(concat('conversation.type.', @type))"/>
        <xsl:text> – </xsl:text>
        <xsl:value-of select="i:t(concat('status.', @status))"/>
        <xsl:if test="@held_on">
          <xsl:text> – </xsl:text>
          <xsl:call-template name="date"><xsl:with-param name="value" select="@held_on"/></xsl:call-template>
        </xsl:if>
      </h4>
      <xsl:if test="r:overall_note">
        <p><xsl:value-of select="r:overall_note"/></p>
      </xsl:if>
      <xsl:if test="r:reopen_reason">
        <p><xsl:value-of select="i:t('access.reopen_reason')"/>: <xsl:value-of select="r:reopen_reason"/></p>
      </xsl:if>
      <xsl:if test="r:answer | r:competence_rating">
        <ul class="access-list">
          <xsl:for-each select="r:answer | r:competence_rating">
            <li>
              <strong><xsl:value-of select="@title | @name"/></strong>
              <xsl:if test="@rating_label | @level_label">
                <xsl:text> – </xsl:text>
                <xsl:value-of select="@rating_label | @level_label"/>
              </xsl:if>
              <xsl:if test="r:body">
                <xsl:text>: </xsl:text>
                <xsl:value-of select="r:body"/>
              </xsl:if>
              <xsl:if test="r:explanation">
                <xsl:text> </xsl:text>
                <xsl:value-of select="r:explanation"/>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:for-each select="r:remark">
        <p class="remark"><strong><xsl:value-of select="@author"/></strong>: <xsl:value-of select="r:text"/></p>
      </xsl:for-each>
      <xsl:for-each select="r:signature">
        <p>
          <xsl:value-of select="i:t('access.signed')"/>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="@name"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="i:t(concat('status.', @verdict))"/>
          <xsl:text> – </xsl:text>
          <xsl:call-template name="utc"><xsl:with-param name="at" select="@signed_at"/></xsl:call-template>
          <xsl:if test="r:remark">
            <xsl:text>: </xsl:text>
            <xsl:value-of select="r:remark"/>
          </xsl:if>
        </p>
      </xsl:for-each>
    </div>
  </xsl:template>

  <xsl:template match="r:item">
    <li>
      <strong><xsl:value-of select="r:title"/></strong>
      <xsl:text> (</xsl:text>
      <xsl:value-of select="i:t(concat('status.', @status))"/>
      <xsl:text>)</xsl:text>
      <xsl:if test="r:measure">
        <xsl:text>: </xsl:text>
        <xsl:value-of select="r:measure"/>
      </xsl:if>
      <xsl:for-each select="r:update[r:note]">
        <br/>
        <xsl:value-of select="@author"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="r:note"/>
      </xsl:for-each>
    </li>
  </xsl:template>

  <!-- ============================================================ feedback -->

  <xsl:template match="r:feedback">
    <div class="access-feedback">
      <p>
        <xsl:value-of select="i:t(concat('access.feedback.', @anonymity))"/>
        <xsl:text> – </xsl:text>
        <xsl:value-of select="i:t('access.feedback.answered')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="@answered"/>
        <xsl:text> / </xsl:text>
        <xsl:value-of select="@invited"/>
      </p>
      <xsl:if test="@show != 'aggregate' and @show != 'named'">
        <p class="muted"><xsl:value-of select="i:t('access.feedback.hidden')"/></p>
      </xsl:if>
      <xsl:for-each select="r:questions/r:question[r:level[@count &gt; 0] or r:text or r:answer]">
        <h3><xsl:value-of select="@title"/></h3>
        <ul class="access-list">
          <xsl:for-each select="r:level[@count &gt; 0]">
            <li><xsl:value-of select="@label"/>: <xsl:value-of select="@count"/></li>
          </xsl:for-each>
          <xsl:for-each select="r:text">
            <li><xsl:value-of select="."/></li>
          </xsl:for-each>
          <xsl:for-each select="r:answer">
            <li>
              <strong><xsl:value-of select="@author"/></strong>
              <xsl:text>: </xsl:text>
              <xsl:if test="@rating">
                <xsl:variable name="level" select="../r:level[@value = current()/@rating]/@label"/>
                <xsl:choose>
                  <xsl:when test="string($level) != ''"><xsl:value-of select="$level"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@rating"/></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="string(.) != ''"><xsl:text> – </xsl:text></xsl:if>
              </xsl:if>
              <xsl:value-of select="."/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- ============================================================ the records -->

  <xsl:template name="none-if">
    <xsl:param name="rows"/>
    <xsl:if test="not($rows)">
      <p class="empty"><xsl:value-of select="i:t('access.none')"/></p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="reopens">
    <section class="section access-part" aria-labelledby="access-reopens-title">
      <h2 id="access-reopens-title"><xsl:value-of select="i:t('access.reopens')"/></h2>
      <xsl:call-template name="none-if"><xsl:with-param name="rows" select="$acc/r:reopen"/></xsl:call-template>
      <xsl:if test="$acc/r:reopen">
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col"><xsl:value-of select="i:t('access.at')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.by')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.conversation')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.reason')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="$acc/r:reopen">
                <tr>
                  <td><xsl:call-template name="utc"><xsl:with-param name="at" select="@at"/></xsl:call-template></td>
                  <td><xsl:value-of select="@by"/></td>
                  <td><xsl:value-of select="@conversation_id"/></td>
                  <td><xsl:value-of select="r:reason"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="snapshots">
    <section class="section access-part" aria-labelledby="access-snapshots-title">
      <h2 id="access-snapshots-title"><xsl:value-of select="i:t('access.snapshots')"/></h2>
      <p class="section-intro"><xsl:value-of select="i:t('access.snapshots.intro')"/></p>
      <xsl:call-template name="none-if"><xsl:with-param name="rows" select="$acc/r:snapshot"/></xsl:call-template>
      <xsl:if test="$acc/r:snapshot">
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col"><xsl:value-of select="i:t('access.at')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.conversation')"/></th>
              <th scope="col">SHA-256</th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="$acc/r:snapshot">
                <tr>
                  <td><xsl:call-template name="utc"><xsl:with-param name="at" select="@signed_at"/></xsl:call-template></td>
                  <td><xsl:value-of select="@conversation_id"/></td>
                  <td><code class="hash"><xsl:value-of select="@sha256"/></code></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="audit">
    <section class="section access-part" aria-labelledby="access-audit-title">
      <h2 id="access-audit-title"><xsl:value-of select="i:t('access.audit')"/></h2>
      <xsl:call-template name="none-if"><xsl:with-param name="rows" select="$acc/r:audit_entry"/></xsl:call-template>
      <xsl:if test="$acc/r:audit_entry">
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col"><xsl:value-of select="i:t('access.at')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.by')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.what')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.detail')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="$acc/r:audit_entry">
                <tr>
                  <td><xsl:call-template name="utc"><xsl:with-param name="at" select="@at"/></xsl:call-template></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="string(@actor) != ''"><xsl:value-of select="@actor"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="i:t('audit.system')"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><xsl:value-of select="@entity"/><xsl:text> </xsl:text><xsl:value-of select="@action"/></td>
                  <td class="audit-detail">
                    <xsl:choose>
                      <xsl:when test="@withheld = '1'">
                        <span class="muted"><xsl:value-of select="i:t('access.withheld')"/></span>
                      </xsl:when>
                      <xsl:otherwise><xsl:value-of select="r:detail"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="reads">
    <section class="section access-part" aria-labelledby="access-reads-title">
      <h2 id="access-reads-title"><xsl:value-of select="i:t('access.reads')"/></h2>
      <xsl:call-template name="none-if"><xsl:with-param name="rows" select="$acc/r:read"/></xsl:call-template>
      <xsl:if test="$acc/r:read">
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col"><xsl:value-of select="i:t('access.day')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.reader')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.role')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.what')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="$acc/r:read">
                <tr>
                  <td><xsl:call-template name="date"><xsl:with-param name="value" select="@day"/></xsl:call-template></td>
                  <td><xsl:value-of select="@reader"/></td>
                  <td><xsl:value-of select="i:t(concat('access.role.', @role))"/></td>
                  <td>
                    <xsl:value-of select="i:t(concat('access.read.', @kind))"/>
                    <xsl:if test="@kind = 'export'">
                      <xsl:text> </xsl:text>
                      <xsl:value-of select="@object_id"/>
                      <xsl:if test="string(@what) != ''">
                        <xsl:text> (</xsl:text><xsl:value-of select="@what"/><xsl:text>)</xsl:text>
                      </xsl:if>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="deletions">
    <section class="section access-part" aria-labelledby="access-deletions-title">
      <h2 id="access-deletions-title"><xsl:value-of select="i:t('access.deletions')"/></h2>
      <xsl:call-template name="none-if"><xsl:with-param name="rows" select="$acc/r:deletion"/></xsl:call-template>
      <xsl:if test="$acc/r:deletion">
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col"><xsl:value-of select="i:t('access.at')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.rule')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.what')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.count')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="$acc/r:deletion">
                <tr>
                  <td><xsl:call-template name="utc"><xsl:with-param name="at" select="@at"/></xsl:call-template></td>
                  <td><xsl:value-of select="@rule"/></td>
                  <td><xsl:value-of select="@kind"/></td>
                  <td><xsl:value-of select="@n"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- The feedback they were asked to give about colleagues. -->
  <xsl:template name="given">
    <section class="section access-part" aria-labelledby="access-given-title">
      <h2 id="access-given-title"><xsl:value-of select="i:t('access.given')"/></h2>
      <xsl:call-template name="none-if"><xsl:with-param name="rows" select="$acc/r:feedback_invitation"/></xsl:call-template>
      <xsl:if test="$acc/r:feedback_invitation">
        <div class="table-wrap">
          <table class="list">
            <thead><tr>
              <th scope="col"><xsl:value-of select="i:t('access.given.about')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.given.deadline')"/></th>
              <th scope="col"><xsl:value-of select="i:t('access.given.answers')"/></th>
            </tr></thead>
            <tbody>
              <xsl:for-each select="$acc/r:feedback_invitation">
                <tr>
                  <td><xsl:value-of select="@about"/></td>
                  <td><xsl:call-template name="date"><xsl:with-param name="value" select="@deadline"/></xsl:call-template></td>
                  <td>
                    <xsl:variable name="mine" select="$acc/r:feedback_given[@conversation_id = current()/@conversation_id]"/>
                    <xsl:choose>
                      <xsl:when test="$mine">
                        <xsl:for-each select="$mine">
                          <xsl:if test="position() &gt; 1"><br/></xsl:if>
                          <xsl:if test="@rating"><xsl:value-of select="@rating"/><xsl:text> </xsl:text></xsl:if>
                          <xsl:value-of select="."/>
                        </xsl:for-each>
                      </xsl:when>
                      <xsl:when test="@answered = '1'"><xsl:value-of select="i:t('access.given.anonymous')"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="i:t('access.given.open')"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
