#!/bin/sh
# tools/install-deps.sh: install, with apt-get, the Debian packages needed to
# build slugserve and run all its tests (run as root on Debian 12).
# Build: the four libraries and the autotools. Tests: Hugo (path rules are
# checked against it), the web servers and FastCGI tools the integration
# tests start, curl, valgrind, and clang for the fuzzing harnesses.
set -eu
build="build-essential autoconf automake pkg-config libyaml-dev libpcre2-dev
libfcgi-dev libcmark-dev"
tests="hugo lighttpd spawn-fcgi libfcgi-bin curl valgrind libxml2-utils wrk
apache2 libapache2-mod-fcgid nginx procps clang libclang-rt-14-dev"
missing=""
for p in $build $tests; do
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
# Debian starts the servers it installs; the tests start their own.
for s in lighttpd apache2 nginx; do
	if command -v service >/dev/null 2>&1; then service "$s" stop >/dev/null 2>&1 || true; fi
done
echo "dependencies ok"
