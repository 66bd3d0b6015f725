<?xml version="1.0" encoding="UTF-8"?>
<!--
  dashboard.xsl - GET /: my dossiers, my team (managers), HR links.
  Input: /page/user, /page/dashboard/{roles/role, todo/{conversation, group},
  dossiers/dossier, team/member, reviews/conversation (issue 17: assessments
  waiting for the viewer as second assessor: @id, @employee, @manager,
  @cycle)}.  The todo cards come in their order.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('dashboard.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <h1>
        <xsl:value-of select="i:t('dashboard.greeting')"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="user/@name"/>
      </h1>
      <xsl:if test="dashboard/roles/role">
        <p class="roles">
          <span class="visually-hidden">
            <xsl:value-of select="i:t('dashboard.roles')"/>
            <xsl:text>: </xsl:text>
          </span>
          <xsl:for-each select="dashboard/roles/role[. = 'employee' or . = 'manager' or . = 'hr' or . = 'advisor' or . = 'auditor']">
            <xsl:call-template name="badge">
              <xsl:with-param name="state" select="concat('role-', .)"/>
              <xsl:with-param name="key" select="concat('role.', .)"/>
            </xsl:call-template>
            <xsl:text> </xsl:text>
          </xsl:for-each>
        </p>
      </xsl:if>
    </div>

    <xsl:call-template name="dashboard-todo"/>

    <xsl:if test="dashboard/reviews/conversation">
      <xsl:call-template name="dashboard-reviews"/>
    </xsl:if>
    <xsl:if test="dashboard/feedback/invitation">
      <xsl:call-template name="dashboard-feedback"/>
    </xsl:if>
    <xsl:if test="dashboard/calibrations/proposal">
      <xsl:call-template name="dashboard-calibrations"/>
    </xsl:if>
    <!-- an HR advisor's way to the dossiers they read (issue 17) -->
    <xsl:if test="dashboard/roles/role = 'advisor'">
      <p class="advisor-link"><a href="/advisor/dossiers"><xsl:value-of select="i:t('dashboard.advisor.link')"/></a></p>
    </xsl:if>

    <xsl:call-template name="dashboard-dossiers"/>

    <xsl:if test="dashboard/borrowed/dossier or dashboard/borrowed/calibrations/proposal">
      <xsl:call-template name="dashboard-borrowed"/>
    </xsl:if>

    <xsl:if test="user/@manager = '1'">
      <xsl:call-template name="dashboard-team"/>
    </xsl:if>

    <xsl:if test="user/@hr = '1'">
      <xsl:call-template name="dashboard-hr"/>
    </xsl:if>
  </xsl:template>

  <!-- Wat wacht op jou: conversations to prepare, finalize or sign -->
  <xsl:template name="dashboard-todo">
    <section class="section" aria-labelledby="todo-title">
      <h2 id="todo-title"><xsl:value-of select="i:t('dashboard.todo.title')"/></h2>
      <xsl:choose>
        <xsl:when test="dashboard/todo/conversation">
          <!-- the order is the page's (rules/urgency.h): a signature owed
               first, then overdue, then by due date; grouped by cycle -->
          <xsl:for-each select="dashboard/todo/group">
            <xsl:variable name="cid" select="string(@cycle_id)"/>
            <xsl:variable name="cards" select="../conversation[string(@cycle_id) = $cid]"/>
            <section class="todo-group" aria-labelledby="todo-group-{$cid}">
              <h3 id="todo-group-{$cid}">
                <xsl:value-of select="i:t('dashboard.dossiers.cycle')"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="@cycle"/>
                <xsl:text> </xsl:text>
                <span class="muted todo-count">
                  <xsl:text>(</xsl:text>
                  <xsl:value-of select="@count"/>
                  <xsl:text> </xsl:text>
                  <xsl:choose>
                    <xsl:when test="@count = 1"><xsl:value-of select="i:t('dashboard.todo.group.one')"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="i:t('dashboard.todo.group.many')"/></xsl:otherwise>
                  </xsl:choose>
                  <xsl:text>)</xsl:text>
                </span>
              </h3>
              <ul class="cards">
                <xsl:apply-templates select="$cards[position() &lt;= $todo-shown]" mode="todo-card"/>
              </ul>
              <xsl:if test="count($cards) &gt; $todo-shown">
                <details class="todo-more">
                  <summary>
                    <xsl:value-of select="i:t('dashboard.todo.more.before')"/>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="count($cards) - $todo-shown"/>
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="i:t('dashboard.todo.more.after')"/>
                  </summary>
                  <ul class="cards">
                    <xsl:apply-templates select="$cards[position() &gt; $todo-shown]" mode="todo-card"/>
                  </ul>
                </details>
              </xsl:if>
            </section>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('dashboard.todo.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- the cards shown before the rest is folded away -->
  <xsl:variable name="todo-shown" select="5"/>

  <xsl:template match="conversation" mode="todo-card">
    <li>
      <a class="card" href="/conversations/{@id}">
        <span class="card-title">
          <xsl:value-of select="i:t(concat('dashboard.todo.action.', @action))"/>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="i:t(concat('conversation.type.', @type))"/>
        </span>
        <span class="card-text">
          <xsl:value-of select="@employee"/>
          <xsl:if test="string(@manager) != ''">
            <xsl:text> · </xsl:text>
            <xsl:value-of select="i:t('dashboard.borrowed.for')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@manager"/>
          </xsl:if>
          <xsl:if test="string(@due_on) != ''">
            <xsl:text> · </xsl:text>
            <xsl:value-of select="i:t('dashboard.todo.due')"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="value" select="@due_on"/>
            </xsl:call-template>
          </xsl:if>
        </span>
        <span class="card-text">
          <xsl:if test="@overdue = '1' and @action != 'sign'">
            <span class="badge badge-at_risk"><xsl:value-of select="i:t('dashboard.todo.overdue')"/></span>
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:call-template name="badge">
            <xsl:with-param name="state" select="@status"/>
          </xsl:call-template>
        </span>
      </a>
    </li>
  </xsl:template>

  <!-- Mijn dossiers -->
  <xsl:template name="dashboard-dossiers">
    <section class="section" aria-labelledby="dossiers-title">
      <h2 id="dossiers-title"><xsl:value-of select="i:t('dashboard.dossiers.title')"/></h2>
      <xsl:choose>
        <xsl:when test="dashboard/dossiers/dossier">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.dossiers.cycle')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.dossiers.manager')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.dossiers.status')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="dashboard/dossiers/dossier">
                  <!-- the newest cycle first (the rows come in no order) -->
                  <xsl:sort select="@starts_on" order="descending"/>
                  <xsl:sort select="@id" data-type="number" order="descending"/>
                  <tr>
                    <th scope="row">
                      <a href="/dossiers/{@id}">
                        <xsl:value-of select="i:t('dashboard.dossiers.cycle')"/>
                        <xsl:text> </xsl:text>
                        <xsl:value-of select="@cycle"/>
                      </a>
                    </th>
                    <td data-label="{i:t('dashboard.dossiers.manager')}">
                      <xsl:choose>
                        <xsl:when test="string(@manager) != ''"><xsl:value-of select="@manager"/></xsl:when>
                        <xsl:otherwise>–</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('dashboard.dossiers.status')}">
                      <xsl:call-template name="badge">
                        <xsl:with-param name="state" select="string(@status)"/>
                      </xsl:call-template>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('dashboard.dossiers.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <!-- the right of access (AVG/GDPR): every dossier, every cycle, as XML -->
      <xsl:if test="dashboard/dossiers/dossier">
        <p class="muted">
          <a href="/me/export"><xsl:value-of select="i:t('dashboard.export.page')"/></a>
          <xsl:text> · </xsl:text>
          <a href="/me/export.xml"><xsl:value-of select="i:t('dashboard.export.link')"/></a>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="i:t('dashboard.export.text')"/>
        </p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- Mijn team (managers only) -->
  <xsl:template name="dashboard-team">
    <section class="section" aria-labelledby="team-title">
      <h2 id="team-title"><xsl:value-of select="i:t('dashboard.team.title')"/></h2>
      <xsl:choose>
        <xsl:when test="dashboard/team/member">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.team.name')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.team.login')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.dossiers.cycle')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.team.next')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.team.overdue')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('dashboard.team.dossier')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="dashboard/team/member">
                  <tr>
                    <th scope="row"><xsl:value-of select="@name"/></th>
                    <td class="muted" data-label="{i:t('dashboard.team.login')}"><xsl:value-of select="@login"/></td>
                    <td class="team-cycle" data-label="{i:t('dashboard.dossiers.cycle')}">
                      <xsl:choose>
                        <xsl:when test="string(@cycle) != ''"><xsl:value-of select="@cycle"/></xsl:when>
                        <xsl:otherwise><span class="muted">–</span></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('dashboard.team.next')}">
                      <xsl:choose>
                        <xsl:when test="string(@next) != ''">
                          <a href="/conversations/{@next}">
                            <xsl:value-of select="i:t(concat('conversation.type.', @next_type))"/>
                          </a>
                          <xsl:text> </xsl:text>
                          <xsl:call-template name="badge">
                            <xsl:with-param name="state" select="@next_status"/>
                          </xsl:call-template>
                          <xsl:if test="string(@next_due) != ''">
                            <xsl:text> </xsl:text>
                            <span class="muted">
                              <xsl:value-of select="i:t('dashboard.todo.due')"/>
                              <xsl:text> </xsl:text>
                              <xsl:call-template name="date">
                                <xsl:with-param name="value" select="@next_due"/>
                              </xsl:call-template>
                            </span>
                          </xsl:if>
                        </xsl:when>
                        <xsl:otherwise>
                          <span class="muted">–</span>
                        </xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('dashboard.team.overdue')}">
                      <xsl:choose>
                        <xsl:when test="@overdue &gt; 0">
                          <span class="badge badge-at_risk"><xsl:value-of select="@overdue"/></span>
                        </xsl:when>
                        <xsl:otherwise><span class="muted">0</span></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('dashboard.team.dossier')}">
                      <xsl:choose>
                        <xsl:when test="string(@dossier) != ''">
                          <a href="/dossiers/{@dossier}">
                            <xsl:value-of select="i:t('dashboard.team.open')"/>
                            <span class="visually-hidden">
                              <xsl:text>: </xsl:text>
                              <xsl:value-of select="@name"/>
                              <xsl:if test="string(@cycle) != ''">
                                <xsl:text>, </xsl:text>
                                <xsl:value-of select="@cycle"/>
                              </xsl:if>
                            </span>
                          </a>
                        </xsl:when>
                        <xsl:otherwise>
                          <span class="muted"><xsl:value-of select="i:t('dashboard.team.no_dossier')"/></span>
                        </xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('dashboard.team.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <p class="team-deputies"><a href="/deputies"><xsl:value-of select="i:t('dashboard.deputies')"/></a></p>
      <p class="team-calibration"><a href="/calibration"><xsl:value-of select="i:t('dashboard.calibration')"/></a></p>
    </section>
  </xsl:template>

  <!-- issue 17: the dossiers the user holds today as a deputy, apart from
       their own team: dashboard/borrowed/dossier (@id, @cycle, @employee,
       @manager, @until), and the manager's to-do cards for them:
       dashboard/borrowed/todo/conversation (as dashboard/todo's, with
       @manager), and the calibration proposals waiting for that manager:
       dashboard/borrowed/calibrations/proposal (as
       dashboard/calibrations', with @manager), in name order. -->
  <xsl:template name="dashboard-borrowed">
    <section class="section" aria-labelledby="borrowed-title">
      <h2 id="borrowed-title"><xsl:value-of select="i:t('dashboard.borrowed.title')"/></h2>
      <p><xsl:value-of select="i:t('dashboard.borrowed.intro')"/></p>
      <!-- the manager's cards for these dossiers, in the same order as
           the own ones (rules/urgency.h) -->
      <xsl:if test="dashboard/borrowed/todo/conversation">
        <h3 id="borrowed-todo-title"><xsl:value-of select="i:t('dashboard.borrowed.todo')"/></h3>
        <ul class="cards">
          <xsl:apply-templates select="dashboard/borrowed/todo/conversation" mode="todo-card"/>
        </ul>
      </xsl:if>
      <!-- the deputy decides them for the manager, on the conversation
           page the manager's own card leads to -->
      <xsl:if test="dashboard/borrowed/calibrations/proposal">
        <h3 id="borrowed-calibrations-title"><xsl:value-of select="i:t('dashboard.borrowed.calibrations')"/></h3>
        <ul class="reviews borrowed-calibrations" aria-labelledby="borrowed-calibrations-title">
          <xsl:for-each select="dashboard/borrowed/calibrations/proposal">
            <li>
              <a href="/conversations/{@conversation}#calibration"><xsl:value-of select="@employee"/></a>
              <xsl:text>: </xsl:text>
              <xsl:value-of select="@old"/>
              <xsl:text> → </xsl:text>
              <xsl:value-of select="@new"/>
              <xsl:text> – </xsl:text>
              <xsl:value-of select="@author"/>
              <xsl:text> · </xsl:text>
              <xsl:value-of select="i:t('dashboard.borrowed.for')"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="@manager"/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="dashboard/borrowed/dossier">
        <h3 id="borrowed-list-title"><xsl:value-of select="i:t('dashboard.borrowed.list')"/></h3>
        <div class="table-wrap">
          <table class="list stack borrowed" aria-labelledby="borrowed-list-title">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('dashboard.team.name')"/></th>
                <th scope="col"><xsl:value-of select="i:t('dashboard.dossiers.cycle')"/></th>
                <th scope="col"><xsl:value-of select="i:t('deputy.col.manager')"/></th>
                <th scope="col"><xsl:value-of select="i:t('dashboard.borrowed.until')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="dashboard/borrowed/dossier">
                <tr data-dossier="{@id}">
                  <th scope="row"><a href="/dossiers/{@id}"><xsl:value-of select="@employee"/></a></th>
                  <td data-label="{i:t('dashboard.dossiers.cycle')}"><xsl:value-of select="@cycle"/></td>
                  <td data-label="{i:t('deputy.col.manager')}"><xsl:value-of select="@manager"/></td>
                  <td data-label="{i:t('dashboard.borrowed.until')}"><xsl:call-template name="date"><xsl:with-param name="value" select="@until"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:if>
      <!-- the team reports of the managers whose every report the user
           holds (dashboard/borrowed/team: @manager_id, @manager) -->
      <xsl:for-each select="dashboard/borrowed/team">
        <p class="borrowed-team">
          <a href="/reports?team={@manager_id}">
            <xsl:value-of select="i:t('dashboard.borrowed.report')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@manager"/>
          </a>
        </p>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- Tweede beoordelaar: assessments waiting for the viewer (issue 17) -->
  <xsl:template name="dashboard-reviews">
    <section class="section" aria-labelledby="reviews-title" id="reviews">
      <h2 id="reviews-title"><xsl:value-of select="i:t('dashboard.reviews.title')"/></h2>
      <p><xsl:value-of select="i:t('dashboard.reviews.intro')"/></p>
      <ul class="reviews">
        <xsl:for-each select="dashboard/reviews/conversation">
          <li>
            <a href="/conversations/{@id}#review">
              <xsl:value-of select="@employee"/>
            </a>
            <xsl:text> – </xsl:text>
            <xsl:value-of select="i:t('dashboard.reviews.manager')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@manager"/>
            <xsl:text> (</xsl:text>
            <xsl:value-of select="@cycle"/>
            <xsl:text>)</xsl:text>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- Kalibratie: proposals waiting for the viewer as manager (issue 17) -->
  <xsl:template name="dashboard-calibrations">
    <section class="section" aria-labelledby="calibrations-title" id="calibrations">
      <h2 id="calibrations-title"><xsl:value-of select="i:t('dashboard.calibrations.title')"/></h2>
      <p><xsl:value-of select="i:t('dashboard.calibrations.intro')"/></p>
      <ul class="reviews">
        <xsl:for-each select="dashboard/calibrations/proposal">
          <li>
            <a href="/conversations/{@conversation}#calibration"><xsl:value-of select="@employee"/></a>
            <xsl:text>: </xsl:text>
            <xsl:value-of select="@old"/>
            <xsl:text> → </xsl:text>
            <xsl:value-of select="@new"/>
            <xsl:text> – </xsl:text>
            <xsl:value-of select="@author"/>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- HR -->
  <xsl:template name="dashboard-hr">
    <section class="section" aria-labelledby="hr-title">
      <h2 id="hr-title"><xsl:value-of select="i:t('dashboard.hr.title')"/></h2>
      <p><xsl:value-of select="i:t('dashboard.hr.intro')"/></p>
      <ul class="cards">
        <li>
          <a class="card" href="/admin">
            <span class="card-title"><xsl:value-of select="i:t('dashboard.hr.admin')"/></span>
            <span class="card-text"><xsl:value-of select="i:t('dashboard.hr.admin.text')"/></span>
          </a>
        </li>
        <li>
          <a class="card" href="/reports">
            <span class="card-title"><xsl:value-of select="i:t('dashboard.hr.reports')"/></span>
            <span class="card-text"><xsl:value-of select="i:t('dashboard.hr.reports.text')"/></span>
          </a>
        </li>
        <li>
          <a class="card" href="/calibration">
            <span class="card-title"><xsl:value-of select="i:t('dashboard.calibration')"/></span>
            <span class="card-text"><xsl:value-of select="i:t('dashboard.calibration.text')"/></span>
          </a>
        </li>
      </ul>
    </section>
  </xsl:template>

  <!-- Feedback asked of the user (issue 17): one card per invitation. -->
  <xsl:template name="dashboard-feedback">
    <section class="section" aria-labelledby="feedback-title" id="dashboard-feedback">
      <h2 id="feedback-title"><xsl:value-of select="i:t('dashboard.feedback.title')"/></h2>
      <ul class="cards">
        <xsl:for-each select="dashboard/feedback/invitation">
          <li class="card">
            <a href="/feedback/{@id}">
              <xsl:value-of select="i:t('dashboard.feedback.about')"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="@employee"/>
            </a>
            <p class="muted">
              <xsl:value-of select="@cycle"/>
              <xsl:text> – </xsl:text>
              <xsl:value-of select="i:t('feedback.deadline')"/>
              <xsl:text> </xsl:text>
              <xsl:call-template name="date"><xsl:with-param name="value" select="@deadline"/></xsl:call-template>
            </p>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

</xsl:stylesheet>
