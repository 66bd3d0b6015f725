#!/bin/bash
# tests/deps.sh -- make sure the Debian packages that building and testing
# gesprek need are installed.
#
# As root: installs what is missing (apt-get update only when something is
# missing, so a second run is instant). Not root: prints what to install
# and exits 1.
#
# The system MariaDB, nginx and Apache that these packages bring are never used (the
# test stack runs its own, on private sockets and 127.0.0.1): while we
# install, a policy-rc.d keeps their services from starting at all.
set -euo pipefail

PACKAGES=(
    # build
    build-essential autoconf automake libtool pkg-config
    libfcgi-dev libmariadb-dev libxml2-dev libxslt1-dev libpam0g-dev nettle-dev
    # the stack
    mariadb-server mariadb-client nginx-light libpam-wrapper openssl
    # installation tests: the shipped Apache snippet (mod_proxy_fcgi), man pages
    apache2 man-db groff-base
    # tests (Debian's Python: /usr/bin/python3)
    python3 python3-pytest python3-requests python3-lxml python3-selenium
    # tests/run's integration workers (pytest -n N --dist loadfile)
    python3-pytest-xdist
    chromium chromium-driver libxml2-utils valgrind clang
    # browser-quality tests: PDF text (print), RFC 5545 reader (ics)
    poppler-utils python3-icalendar
    # the shipped fail2ban filter, run against real log lines (fail2ban-regex)
    fail2ban
    # tests/demo: its MariaDB's wall clock set back while the walk lives
    # through the demo cycle's past months (tests/stack.py DemoClock)
    libfaketime
    # single sign-on (issue 19, tests/integration/test_sso.py): a private
    # MIT Kerberos realm on loopback, Apache's SPNEGO module in front of
    # gesprekd's trusted listener, kinit for curl --negotiate and Chromium
    krb5-kdc krb5-admin-server krb5-user libapache2-mod-auth-gssapi curl
    # the directory sync (issue 19): libldap to build gesprekctl sync, and
    # a slapd on loopback with ldapmodify for tests/integration/test_ldap_sync.py;
    # SASL GSSAPI for [ldap] bind = gssapi
    libldap-dev slapd ldap-utils libsasl2-modules-gssapi-mit
    # the Debian package (debian/, tests/package): dpkg-buildpackage and
    # dpkg-checkbuilddeps, dh with autoreconf, lintian, and systemd-analyze
    # to verify the installed units
    dpkg-dev debhelper dh-autoreconf lintian systemd
    # the Galera cluster run (issue 20, tests/cluster/run): the provider
    # library, and rsync for the state transfer of a node that joins empty
    galera-4 rsync
)
# npm (axe-core, html-validate: tests/node/) comes with Debian's nodejs+npm,
# or with a nodejs package that bundles npm: only ask for both if npm is missing.
if ! command -v npm > /dev/null 2>&1; then
    PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
    case "$status" in
        ii*) ;;
        *) missing+=("$pkg") ;;
    esac
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
    echo "deps.sh: install them as root with:" >&2
    echo "    apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "deps.sh: installing ${missing[*]}" >&2

# Keep package scripts from starting services (system MariaDB, nginx and
# Apache on ports 80/443) while we install; only if no policy is in place already.
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from gesprek tests/deps.sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    own_policy=yes
fi
cleanup() {
    if [ "$own_policy" = yes ]; then rm -f "$policy"; fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"

# Check again: a package that did not install is an error here, not later.
still=()
for pkg in "${missing[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
    case "$status" in ii*) ;; *) still+=("$pkg") ;; esac
done
if [ ${#still[@]} -ne 0 ]; then
    echo "deps.sh: could not install: ${still[*]}" >&2
    exit 1
fi
