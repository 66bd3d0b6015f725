<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_profiles.xsl - GET /admin/profiles and a refused POST
  /admin/profiles: the job profiles (functies) and a form for a new one.
  A profile names its competences by key, in the order a form lists them.
  Input: /page/profiles/profile (@id, @key, @name, @name-en,
  @competences, @employees: active employees with this profile),
  /page/competences/competence (@key, @name, @name-en: the keys to choose
  from), /page/refused-key/@key (the key a refused list stopped at),
  /page/form[@name='profile'].
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:gesprek:i18n"
    exclude-result-prefixes="i">

  <xsl:import href="admin_competences.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="pf" select="/page/form[@name='profile']"/>

  <xsl:template name="page-title">
    <xsl:value-of select="i:t('admin.profiles.title')"/>
  </xsl:template>

  <xsl:template name="page-content">
    <div class="page-head">
      <p><a href="/admin"><xsl:value-of select="i:t('admin.org.back')"/></a></p>
      <h1><xsl:value-of select="i:t('admin.profiles.title')"/></h1>
      <p class="lead"><xsl:value-of select="i:t('admin.profiles.intro')"/></p>
      <p><a href="/admin/competences"><xsl:value-of select="i:t('admin.competences.title')"/></a></p>
    </div>

    <section class="section" aria-labelledby="list-title">
      <h2 id="list-title"><xsl:value-of select="i:t('admin.profiles.list')"/></h2>
      <xsl:choose>
        <xsl:when test="profiles/profile">
          <div class="table-wrap">
            <table class="list stack">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="i:t('admin.competence.field.name')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.competence.field.key')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.profiles.competences')"/></th>
                  <th scope="col"><xsl:value-of select="i:t('admin.profiles.employees')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="profiles/profile">
                  <tr>
                    <th scope="row">
                      <a href="/admin/profiles/{@id}"><xsl:call-template name="competence-name"/></a>
                    </th>
                    <td data-label="{i:t('admin.competence.field.key')}"><code><xsl:value-of select="@key"/></code></td>
                    <td data-label="{i:t('admin.profiles.competences')}"><xsl:value-of select="@competences"/></td>
                    <td data-label="{i:t('admin.profiles.employees')}"><xsl:value-of select="@employees"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.profiles.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="section" aria-labelledby="new-title">
      <h2 id="new-title"><xsl:value-of select="i:t('admin.profiles.new')"/></h2>
      <xsl:call-template name="form-alert"><xsl:with-param name="form" select="$pf"/></xsl:call-template>
      <form method="post" action="/admin/profiles" class="form">
        <xsl:call-template name="csrf-input"/>
        <xsl:call-template name="profile-fields"/>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            <xsl:value-of select="i:t('admin.profiles.create')"/>
          </button>
        </div>
      </form>
    </section>
    <xsl:call-template name="available"/>
  </xsl:template>

  <xsl:template name="profile-fields">
    <xsl:param name="p" select="/.."/>
    <xsl:call-template name="f-input">
      <xsl:with-param name="form" select="$pf"/>
      <xsl:with-param name="prefix" select="'profile'"/>
      <xsl:with-param name="name" select="'key'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.key')"/>
      <xsl:with-param name="hint" select="i:t('admin.competence.field.key.hint')"/>
      <xsl:with-param name="default" select="string($p/@key)"/>
      <xsl:with-param name="maxlength" select="'64'"/>
    </xsl:call-template>
    <xsl:call-template name="f-input">
      <xsl:with-param name="form" select="$pf"/>
      <xsl:with-param name="prefix" select="'profile'"/>
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.name')"/>
      <xsl:with-param name="default" select="string($p/@name)"/>
      <xsl:with-param name="maxlength" select="'200'"/>
    </xsl:call-template>
    <xsl:call-template name="f-input">
      <xsl:with-param name="form" select="$pf"/>
      <xsl:with-param name="prefix" select="'profile'"/>
      <xsl:with-param name="name" select="'name_en'"/>
      <xsl:with-param name="label" select="i:t('admin.competence.field.name_en')"/>
      <xsl:with-param name="hint" select="i:t('admin.competence.field.en.hint')"/>
      <xsl:with-param name="default" select="string($p/@name-en)"/>
      <xsl:with-param name="maxlength" select="'200'"/>
    </xsl:call-template>
    <xsl:variable name="hint">
      <xsl:value-of select="i:t('admin.profile.field.competences.hint')"/>
      <xsl:if test="/page/refused-key/@key != ''">
        <xsl:text> </xsl:text>
        <xsl:value-of select="i:t('admin.profile.refused_key')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="/page/refused-key/@key"/>
      </xsl:if>
    </xsl:variable>
    <xsl:call-template name="f-textarea">
      <xsl:with-param name="form" select="$pf"/>
      <xsl:with-param name="prefix" select="'profile'"/>
      <xsl:with-param name="name" select="'competences'"/>
      <xsl:with-param name="label" select="i:t('admin.profile.field.competences')"/>
      <xsl:with-param name="hint" select="string($hint)"/>
      <xsl:with-param name="default" select="string($p/@keys)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The keys to choose from, with their names. -->
  <xsl:template name="available">
    <section class="section" aria-labelledby="available-title">
      <h2 id="available-title"><xsl:value-of select="i:t('admin.profile.available')"/></h2>
      <xsl:choose>
        <xsl:when test="/page/competences/competence">
          <ul>
            <xsl:for-each select="/page/competences/competence">
              <li><code><xsl:value-of select="@key"/></code><xsl:text> – </xsl:text><xsl:call-template name="competence-name"/></li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="i:t('admin.competences.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
