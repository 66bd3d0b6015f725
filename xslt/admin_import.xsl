<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_import.xsl - GET /admin/import and POST /admin/import: upload the
  organisation as CSV or XML, as a dry run or for real.
  Input: /page/form[@name='import'] (mode as chosen, errors on mode and
  file), /page/alert/@key (import.conflict, import.guard.refused,
  import.preview_differs, import.preview_gone), /page/import-errors (@total;
  problem(@line, @reason, @detail): each bad row), /page/import-result (a dry
  run: @token (the kept file, for the apply form), @rows, @new, @changed,
  @deactivated, @unchanged, @departments, guard (@active, @deactivated,
  @max-percent, @trips, @share, @hr, @self; hr-member(@login, @name): the
  deactivation guard, rules/plan.h), and
  the lists new, changed (with change(@field, @before, @after)),
  deactivated, new-departments; a list has @more when it is cut short),
  /page/imports/import (@format, @new, @changed, @deactivated,
  @departments, entry(@at, @actor)): the imports applied so far.
  /page/directory-sync (@started, @finished, @outcome applied | refused |
  failed, @entries, @pages, @new, @changed, @deactivated, @departments,
  @error): the last `gesprekctl sync` from the directory (issue 19), when
  one ran.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="f" select="/page/form[@name='import']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('import.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin"><xsl:value-of select="i:t('admin.org.back')"/></a></p>
      <h1><xsl:value-of select="i:t('import.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('import.intro')"/></p>
    </div>
    <xsl:if test="alert">
      <div class="alert alert-error" role="alert">
        <p><xsl:value-of select="i:t(string(alert/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:apply-templates select="import-errors"/>
    <xsl:apply-templates select="import-result"/>
    <xsl:call-template name="upload-form"/>
    <xsl:apply-templates select="mapping"/>
    <xsl:call-template name="formats"/>
    <xsl:apply-templates select="directory-sync"/>
    <xsl:apply-templates select="imports"/>
  </xsl:template>

  <!-- ============================================== directory sync -->

  <xsl:template match="directory-sync">
    <section class="section" aria-labelledby="sync-title">
      <h2 id="sync-title"><xsl:value-of select="i:t('import.sync.title')"/></h2>
      <xsl:variable name="class">
        <xsl:choose>
          <xsl:when test="@outcome = 'applied'">alert alert-success</xsl:when>
          <xsl:otherwise>alert alert-error</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <div class="{$class}">
        <p>
          <strong><xsl:value-of select="i:t(concat('import.sync.outcome.', @outcome))"/></strong>
          <xsl:text> </xsl:text>
          <xsl:value-of select="i:t('import.sync.at')"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="date"><xsl:with-param name="value" select="@finished"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:value-of select="substring(@finished, 12, 5)"/>
        </p>
        <xsl:if test="@error">
          <p><xsl:value-of select="i:t('import.sync.error')"/><xsl:text> </xsl:text><code><xsl:value-of select="@error"/></code></p>
        </xsl:if>
      </div>
      <dl class="facts">
        <dt><xsl:value-of select="i:t('import.sync.entries')"/></dt>
        <dd><xsl:value-of select="@entries"/></dd>
        <dt><xsl:value-of select="i:t('import.result.new')"/></dt>
        <dd><xsl:value-of select="@new"/></dd>
        <dt><xsl:value-of select="i:t('import.result.changed')"/></dt>
        <dd><xsl:value-of select="@changed"/></dd>
        <dt><xsl:value-of select="i:t('import.result.deactivated')"/></dt>
        <dd><xsl:value-of select="@deactivated"/></dd>
        <dt><xsl:value-of select="i:t('import.result.departments')"/></dt>
        <dd><xsl:value-of select="@departments"/></dd>
      </dl>
    </section>
  </xsl:template>

  <!-- ========================================================== form -->

  <xsl:template name="upload-form">
    <xsl:variable name="file-error" select="string($f/field[@name='file']/@error)"/>
    <xsl:variable name="mode-error" select="string($f/field[@name='mode']/@error)"/>
    <xsl:variable name="mode">
      <xsl:choose>
        <!-- A dry run has its own apply form below its result: a new
             upload starts as a dry run again. -->
        <xsl:when test="/page/import-result">dry-run</xsl:when>
        <xsl:when test="$f/field[@name='mode']/@value = 'apply'">apply</xsl:when>
        <xsl:otherwise>dry-run</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section class="section" aria-labelledby="upload-title">
      <h2 id="upload-title"><xsl:value-of select="i:t('import.field.file')"/></h2>
      <form method="post" action="/admin/import" enctype="multipart/form-data" class="form">
        <xsl:call-template name="csrf-input"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="$file-error != ''"> field-invalid</xsl:if></xsl:attribute>
          <label for="f-file"><xsl:value-of select="i:t('import.field.file')"/></label>
          <xsl:if test="$file-error != ''">
            <span class="field-error" id="f-file-error"><xsl:value-of select="i:t($file-error)"/></span>
          </xsl:if>
          <input type="file" id="f-file" name="file" required="required"
                 accept=".csv,.xml,text/csv,application/xml,text/xml">
            <xsl:if test="$file-error != ''">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">f-file-error</xsl:attribute>
            </xsl:if>
          </input>
        </div>
        <fieldset>
          <legend><xsl:value-of select="i:t('import.field.mode')"/></legend>
          <xsl:if test="$mode-error != ''">
            <span class="field-error"><xsl:value-of select="i:t($mode-error)"/></span>
          </xsl:if>
          <div class="field">
            <label for="f-mode-dry">
              <input type="radio" id="f-mode-dry" name="mode" value="dry-run">
                <xsl:if test="$mode = 'dry-run'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <xsl:text> </xsl:text>
              <xsl:value-of select="i:t('import.mode.dry_run')"/>
            </label>
          </div>
          <div class="field">
            <label for="f-mode-apply">
              <input type="radio" id="f-mode-apply" name="mode" value="apply">
                <xsl:if test="$mode = 'apply'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <xsl:text> </xsl:text>
              <xsl:value-of select="i:t('import.mode.apply')"/>
            </label>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('import.submit')"/>
          </button>
        </div>
      </form>
    </section>
  </xsl:template>

  <xsl:template name="formats">
    <section class="section" aria-labelledby="formats-title">
      <h2 id="formats-title"><xsl:value-of select="i:t('import.format.title')"/></h2>
      <ul>
        <li><xsl:value-of select="i:t('import.format.csv')"/></li>
        <li><xsl:value-of select="i:t('import.format.xml')"/></li>
      </ul>
      <p><xsl:value-of select="i:t('import.format.rules')"/></p>
    </section>
  </xsl:template>

  <!-- ================================================ column mapping -->

  <!-- The saved mapping: per field of ours the header of the HR export's
       column (mapping/field(@name, @header)); a refused form
       (form[@name='import-mapping']) shows what was typed. -->
  <xsl:template match="mapping">
    <xsl:variable name="mf" select="/page/form[@name='import-mapping']"/>
    <section class="section" aria-labelledby="mapping-title">
      <h2 id="mapping-title"><xsl:value-of select="i:t('import.mapping.title')"/></h2>
      <p><xsl:value-of select="i:t('import.mapping.intro')"/></p>
      <form method="post" action="/admin/import/mapping" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:for-each select="field">
          <xsl:variable name="typed" select="$mf/field[@name = current()/@name]"/>
          <xsl:variable name="error" select="string($typed/@error)"/>
          <div>
            <xsl:attribute name="class">field<xsl:if test="$error != ''"> field-invalid</xsl:if></xsl:attribute>
            <label for="m-{@name}"><xsl:value-of select="i:t(concat('import.mapping.field.', @name))"/></label>
            <xsl:if test="$error != ''">
              <span class="field-error" id="m-{@name}-error"><xsl:call-template name="error-text"><xsl:with-param name="error" select="$error"/><xsl:with-param name="max" select="string($typed/@max)"/></xsl:call-template></span>
            </xsl:if>
            <input type="text" id="m-{@name}" name="{@name}" maxlength="100">
              <xsl:attribute name="value">
                <xsl:choose>
                  <xsl:when test="$mf"><xsl:value-of select="$typed/@value"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@header"/></xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
              <xsl:if test="$error != ''">
                <xsl:attribute name="aria-invalid">true</xsl:attribute>
                <xsl:attribute name="aria-describedby">m-<xsl:value-of select="@name"/>-error</xsl:attribute>
              </xsl:if>
            </input>
          </div>
        </xsl:for-each>
        <div class="form-actions">
          <button type="submit" class="button"><xsl:value-of select="i:t('import.mapping.submit')"/></button>
        </div>
      </form>
    </section>
  </xsl:template>

  <xsl:template match="ignored-columns">
    <h3><xsl:value-of select="i:t('import.result.ignored')"/></h3>
    <ul>
      <xsl:for-each select="column">
        <li><xsl:value-of select="@name"/></li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- ======================================================== errors -->

  <xsl:template match="import-errors">
    <section class="section" aria-labelledby="errors-title">
      <div class="alert alert-error" role="alert">
        <h2 id="errors-title"><xsl:value-of select="i:t('import.errors.title')"/></h2>
        <p><xsl:value-of select="i:t('import.errors.intro')"/></p>
        <p>
          <xsl:value-of select="i:t('import.errors.total')"/>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="@total"/>
        </p>
      </div>
      <div class="table-wrap">
        <table class="list stack">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="i:t('import.errors.line')"/></th>
              <th scope="col"><xsl:value-of select="i:t('import.errors.reason')"/></th>
              <th scope="col"><xsl:value-of select="i:t('import.errors.detail')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="problem">
              <tr>
                <th scope="row">
                  <xsl:choose>
                    <xsl:when test="@line"><xsl:value-of select="@line"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="i:t('import.errors.file')"/></xsl:otherwise>
                  </xsl:choose>
                </th>
                <td data-label="{i:t('import.errors.reason')}">
                  <xsl:value-of select="i:t(concat('import.error.', @reason))"/>
                </td>
                <td data-label="{i:t('import.errors.detail')}">
                  <xsl:if test="@detail"><code><xsl:value-of select="@detail"/></code></xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
      <xsl:if test="@total &gt; count(problem)">
        <p class="muted"><xsl:value-of select="i:t('import.errors.more')"/></p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ======================================================== dry run -->

  <xsl:template match="import-result">
    <section class="section" aria-labelledby="result-title">
      <xsl:apply-templates select="guard[@trips = '1']"/>
      <div class="alert alert-info" role="status">
        <h2 id="result-title"><xsl:value-of select="i:t('import.result.title')"/></h2>
        <p><xsl:value-of select="i:t('import.result.intro')"/></p>
      </div>
      <div class="table-wrap">
        <table class="list">
          <tbody>
            <xsl:call-template name="count-row"><xsl:with-param name="key" select="'import.result.rows'"/><xsl:with-param name="n" select="@rows"/></xsl:call-template>
            <xsl:call-template name="count-row"><xsl:with-param name="key" select="'import.result.new'"/><xsl:with-param name="n" select="@new"/></xsl:call-template>
            <xsl:call-template name="count-row"><xsl:with-param name="key" select="'import.result.changed'"/><xsl:with-param name="n" select="@changed"/></xsl:call-template>
            <xsl:call-template name="count-row"><xsl:with-param name="key" select="'import.result.deactivated'"/><xsl:with-param name="n" select="@deactivated"/></xsl:call-template>
            <xsl:call-template name="count-row"><xsl:with-param name="key" select="'import.result.unchanged'"/><xsl:with-param name="n" select="@unchanged"/></xsl:call-template>
            <xsl:call-template name="count-row"><xsl:with-param name="key" select="'import.result.departments'"/><xsl:with-param name="n" select="@departments"/></xsl:call-template>
          </tbody>
        </table>
      </div>
      <xsl:apply-templates select="ignored-columns[column]"/>
      <xsl:apply-templates select="new | changed | deactivated"/>
      <xsl:if test="new-departments/department">
        <h3><xsl:value-of select="i:t('import.result.departments')"/></h3>
        <ul>
          <xsl:for-each select="new-departments/department">
            <li><xsl:value-of select="@name"/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="@token">
        <xsl:call-template name="apply-form"/>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- The deactivation guard: what this import would do to the organisation,
       above everything else, with the people who matter named. -->
  <xsl:template match="guard">
    <div class="alert alert-error" role="alert" id="import-guard">
      <h2><xsl:value-of select="i:t('import.guard.title')"/></h2>
      <p>
        <strong>
          <xsl:value-of select="@deactivated"/>
          <xsl:value-of select="i:t('import.guard.of')"/>
          <xsl:value-of select="@active"/>
          <xsl:value-of select="i:t('import.guard.share')"/>
        </strong>
      </p>
      <ul>
        <xsl:if test="@share = '1'">
          <li>
            <xsl:value-of select="i:t('import.guard.reason.share')"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@max-percent"/>
            <xsl:text>%.</xsl:text>
          </li>
        </xsl:if>
        <xsl:if test="@hr &gt; 0">
          <li>
            <xsl:value-of select="i:t('import.guard.reason.hr')"/>
            <xsl:text> </xsl:text>
            <xsl:for-each select="hr-member">
              <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
              <xsl:value-of select="@name"/>
              <xsl:text> (</xsl:text>
              <xsl:value-of select="@login"/>
              <xsl:text>)</xsl:text>
            </xsl:for-each>
            <xsl:if test="@hr &gt; count(hr-member)"><xsl:text>, …</xsl:text></xsl:if>
          </li>
        </xsl:if>
        <xsl:if test="@self = '1'">
          <li><xsl:value-of select="i:t('import.guard.reason.self')"/></li>
        </xsl:if>
      </ul>
      <p><xsl:value-of select="i:t('import.guard.confirm_needed')"/></p>
    </div>
  </xsl:template>

  <!-- Applies the file of this dry run, kept on the server: only its token
       travels.  When the guard trips, an unchecked confirmation comes first. -->
  <xsl:template name="apply-form">
    <xsl:variable name="trips" select="guard/@trips = '1'"/>
    <form method="post" action="/admin/import" class="form" aria-labelledby="apply-title">
      <h3 id="apply-title"><xsl:value-of select="i:t('import.apply.title')"/></h3>
      <p><xsl:value-of select="i:t('import.apply.kept')"/></p>
      <xsl:call-template name="csrf-input"/>
      <input type="hidden" name="mode" value="apply"/>
      <input type="hidden" name="token" value="{@token}"/>
      <xsl:if test="$trips">
        <div class="field">
          <label for="f-confirm">
            <input type="checkbox" id="f-confirm" name="confirm" value="1" required="required"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="i:t('import.apply.confirm')"/>
            <xsl:text> (</xsl:text>
            <xsl:value-of select="guard/@deactivated"/>
            <xsl:text>)</xsl:text>
          </label>
        </div>
      </xsl:if>
      <div class="form-actions">
        <button type="submit">
          <xsl:attribute name="class">
            <xsl:choose>
              <xsl:when test="$trips">button button-danger</xsl:when>
              <xsl:otherwise>button button-primary</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:value-of select="i:t('import.apply.submit')"/>
        </button>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="count-row">
    <xsl:param name="key"/>
    <xsl:param name="n"/>
    <tr>
      <th scope="row"><xsl:value-of select="i:t($key)"/></th>
      <td class="num"><xsl:value-of select="$n"/></td>
    </tr>
  </xsl:template>

  <xsl:template match="new | changed | deactivated">
    <h3><xsl:value-of select="i:t(concat('import.result.', local-name()))"/></h3>
    <xsl:choose>
      <xsl:when test="employee">
        <div class="table-wrap">
          <table class="list stack">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="i:t('import.col.login')"/></th>
                <th scope="col"><xsl:value-of select="i:t('import.col.name')"/></th>
                <xsl:if test="local-name() = 'new'">
                  <th scope="col"><xsl:value-of select="i:t('import.col.department')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('import.col.manager')"/></th>
                </xsl:if>
                <xsl:if test="local-name() = 'changed'">
                  <th scope="col"><xsl:value-of select="i:t('import.col.changes')"/></th>
                </xsl:if>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="employee">
                <tr>
                  <th scope="row"><xsl:value-of select="@login"/></th>
                  <td data-label="{i:t('import.col.name')}"><xsl:value-of select="@name"/></td>
                  <xsl:if test="local-name(..) = 'new'">
                    <td data-label="{i:t('import.col.department')}"><xsl:value-of select="@department"/></td>
                    <td data-label="{i:t('import.col.manager')}"><xsl:value-of select="@manager"/></td>
                  </xsl:if>
                  <xsl:if test="local-name(..) = 'changed'">
                    <td data-label="{i:t('import.col.changes')}">
                      <ul>
                        <xsl:for-each select="change">
                          <li>
                            <xsl:value-of select="i:t(concat('import.change.', @field))"/>
                            <xsl:text>: </xsl:text>
                            <xsl:call-template name="or-none"><xsl:with-param name="v" select="@before"/></xsl:call-template>
                            <xsl:text> → </xsl:text>
                            <xsl:call-template name="or-none"><xsl:with-param name="v" select="@after"/></xsl:call-template>
                          </li>
                        </xsl:for-each>
                      </ul>
                    </td>
                  </xsl:if>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:if test="@more">
          <p class="muted">
            <xsl:value-of select="i:t('import.result.more')"/>
            <xsl:text>: </xsl:text>
            <xsl:value-of select="@more"/>
          </p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="i:t('import.result.none')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="or-none">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="string($v) != ''"><xsl:value-of select="$v"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="i:t('admin.org.none')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ======================================================== history -->

  <xsl:template match="imports">
    <section class="section" aria-labelledby="history-title">
      <h2 id="history-title"><xsl:value-of select="i:t('import.history.title')"/></h2>
      <xsl:choose>
        <xsl:when test="import">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('import.history.at')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('import.history.by')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('import.history.format')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="i:t('import.result.new')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="i:t('import.result.changed')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="i:t('import.result.deactivated')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="i:t('import.result.departments')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="import">
                  <tr>
                    <th scope="row">
                      <xsl:call-template name="date"><xsl:with-param name="value" select="entry/@at"/></xsl:call-template>
                      <xsl:text> </xsl:text>
                      <xsl:value-of select="substring(entry/@at, 12, 5)"/>
                    </th>
                    <td data-label="{i:t('import.history.by')}">
                      <xsl:choose>
                        <xsl:when test="string(entry/@actor) != ''"><xsl:value-of select="entry/@actor"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="i:t('audit.system')"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td data-label="{i:t('import.history.format')}"><xsl:value-of select="translate(@format, 'cvsxmldap', 'CVSXMLDAP')"/></td>
                    <td class="num" data-label="{i:t('import.result.new')}"><xsl:value-of select="@new"/></td>
                    <td class="num" data-label="{i:t('import.result.changed')}"><xsl:value-of select="@changed"/></td>
                    <td class="num" data-label="{i:t('import.result.deactivated')}"><xsl:value-of select="@deactivated"/></td>
                    <td class="num" data-label="{i:t('import.result.departments')}"><xsl:value-of select="@departments"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('import.history.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
