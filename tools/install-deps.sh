#!/bin/sh
# tools/install-deps.sh [--tests]: install, with apt-get, the Debian
# packages slugserve needs (run as root on Debian 12), by purpose:
#   (no option)  the main job: build slugindex and slugserve (the five
#                libraries, a compiler, the autotools) and serve the sample
#                site through lighttpd (tools/serve.sh)
#   --tests      also what the tests use: Hugo (path rules are checked
#                against it), the web servers and FastCGI tools the
#                integration tests start (Apache, mod_fcgid, nginx,
#                lighttpd-mod-deflate: they run with compression on,
#                spawn-fcgi, cgi-fcgi; libfcgi-dev only for the libfcgi
#                baseline of bench/serve-bench.sh: slugserve speaks
#                FastCGI itself), curl, valgrind, clang for the fuzzing
#                harnesses, and for the Debian package (tools/deb-check.sh)
#                debhelper, lintian and systemd (systemd-socket-activate)
set -eu
build="build-essential autoconf automake pkg-config libyaml-dev libpcre2-dev
libcmark-dev zlib1g-dev libbrotli-dev libexpat1-dev"
serve="lighttpd"
tests="hugo spawn-fcgi libfcgi-bin libfcgi-dev curl valgrind libxml2-utils wrk
lighttpd-mod-deflate
apache2 libapache2-mod-fcgid nginx procps clang libclang-rt-14-dev
debhelper dpkg-dev lintian systemd adduser"
case "${1:-}" in
'') want="$build $serve" ;;
--tests) want="$build $serve $tests" ;;
*)
	echo "usage: sh tools/install-deps.sh [--tests]" >&2
	exit 2
	;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# Keep the new servers from starting at install (Apache and nginx
	# would both claim port 80, and a failed start fails apt-get): the
	# tests start their own, on free loopback ports.
	policy=/usr/sbin/policy-rc.d
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		trap 'rm -f "$policy"' EXIT
	fi
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# Debian starts the servers it installs; the tests and tools/serve.sh
# start their own.
for s in lighttpd apache2 nginx; do
	if command -v service >/dev/null 2>&1; then service "$s" stop >/dev/null 2>&1 || true; fi
done
echo "dependencies ok${1:+ ($1)}"
