#!/bin/sh
# tools/deb-check.sh: build the Debian package from this tree (in a temp
# copy: `dpkg-buildpackage -us -uc -b`), lint it (lintian: no errors),
# install it on this machine, check what it installed (paths, the
# slugserve user, /var/lib/slugserve, the units, the man pages), then run
# the set-up tests against the installed /usr/sbin/slugserve: nginx
# (t/server-nginx.sh, docs/setup-nginx.md), socket activation and leaving
# root. Run as root on Debian 12, after tools/install-deps.sh --tests; CI
# runs it after tools/check.sh (.ci/run). The package stays installed
# (KEEP_DEB=0 purges it at the end). Prints the time of each step.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/slugserve-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
now() { date +%s; }
step() { echo "== $1"; t0=$(now); }
took() { echo "   ($(($(now) - t0)) s)"; }
bad() { echo "deb-check: FAILED: $*" >&2; failed=1; }

step "copy the tree"
mkdir "$work/slugserve"
(cd "$top" && tar --exclude=./_build --exclude=./_b --exclude=./.git \
	--exclude='./slugserve-*' -cf - .) | tar -xf - -C "$work/slugserve"
# a tree configured in place (the README's main job) is cleaned first
if [ -f "$work/slugserve/config.status" ]; then
	make -s -C "$work/slugserve" distclean >/dev/null 2>&1 || true
fi
took

# The guides' command, as written (docs/install.md, docs/setup-nginx.md):
# dpkg-buildpackage -us -uc -b && apt-get install -y ../slugserve_V_ARCH.deb
guide=$(sed -n 's/^ *\(dpkg-buildpackage -us -uc -b && apt-get install .*\)$/\1/p' \
	"$top/docs/install.md" | head -n 1)
nginx_guide=$(sed -n 's/^ *\(dpkg-buildpackage -us -uc -b && apt-get install .*\)$/\1/p' \
	"$top/docs/setup-nginx.md" | head -n 1)
[ -n "$guide" ] && [ "$guide" = "$nginx_guide" ] ||
	bad "docs/install.md and docs/setup-nginx.md build the package with different commands"
build=${guide%% && *}
install=${guide#* && }
step "$build"
if ! (cd "$work/slugserve" && $build) >"$work/build.log" 2>&1; then
	tail -n 40 "$work/build.log"
	echo "deb-check: dpkg-buildpackage failed (log above)" >&2
	exit 1
fi
deb=$(ls "$work"/slugserve_*.deb)
echo "   $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
took

step "lintian (no errors)"
lintian --info --display-info --fail-on error "$deb" | tee "$work/lintian.log" ||
	bad "lintian reports errors"
took

step "$install"
export DEBIAN_FRONTEND=noninteractive
(cd "$work/slugserve" && $install -qq) >"$work/apt.log" 2>&1 || {
	cat "$work/apt.log"
	echo "deb-check: the package does not install with the guides' command" >&2
	exit 1
}
took

step "what it installed"
for f in /usr/bin/slugindex /usr/sbin/slugserve /usr/lib/cgi-bin/slugserve \
	/lib/systemd/system/slugserve.socket /lib/systemd/system/slugserve.service \
	/lib/systemd/system/slugserve@.socket /lib/systemd/system/slugserve@.service \
	/usr/share/man/man1/slugindex.1.gz /usr/share/man/man5/slugindex.5.gz \
	/usr/share/man/man8/slugserve.8.gz \
	/usr/share/doc/slugserve/install.md /usr/share/doc/slugserve/setup-nginx.md; do
	[ -e "$f" ] && echo "   ok $f" || bad "$f is missing"
done
id slugserve >/dev/null 2>&1 && echo "   ok user slugserve: $(id slugserve)" || bad "no user slugserve"
owner=$(stat -c %U:%G:%a /var/lib/slugserve 2>/dev/null || echo none)
# the package's choice, unless the admin's dpkg-statoverride says other
want=$(dpkg-statoverride --list /var/lib/slugserve 2>/dev/null | awk '{ print $1 ":" $2 ":" $3 }')
[ -n "$want" ] && echo "   (dpkg-statoverride for /var/lib/slugserve: $want)"
: "${want:=slugserve:slugserve:755}"
[ "$owner" = "$want" ] && echo "   ok /var/lib/slugserve $owner" ||
	bad "/var/lib/slugserve is $owner, not $want"
/usr/sbin/slugserve -h | grep -q '/var/lib/slugserve/site.idx' &&
	echo "   ok slugserve -h names /var/lib/slugserve/site.idx" ||
	bad "slugserve -h does not name /var/lib/slugserve/site.idx"
v=$(/usr/bin/slugindex --version)
[ "$v" = "slugindex $(dpkg-query -W -f='${Version}' slugserve)" ] && echo "   ok $v" ||
	bad "slugindex --version says '$v'"
# the templates are verified as an instance of them
mkdir "$work/units"
cp /lib/systemd/system/slugserve@.socket "$work/units/slugserve@a.socket"
cp /lib/systemd/system/slugserve@.service "$work/units/slugserve@a.service"
out=$(systemd-analyze verify /lib/systemd/system/slugserve.socket \
	/lib/systemd/system/slugserve.service "$work/units/slugserve@a.socket" \
	"$work/units/slugserve@a.service" 2>&1) && [ -z "$out" ] &&
	echo "   ok systemd-analyze verify: slugserve.socket, .service, slugserve@a.socket, @a.service" ||
	bad "systemd-analyze verify: $out"
# enabled at the first install (deb-systemd-helper keeps an admin's
# disable over reinstalls, so the state here may say other)
grep -q "deb-systemd-helper enable 'slugserve.socket'" /var/lib/dpkg/info/slugserve.postinst &&
	echo "   ok postinst enables slugserve.socket at first install (now: $(systemctl is-enabled slugserve.socket 2>&1))" ||
	bad "postinst does not enable slugserve.socket"
took

# The units as systemd would run them, where systemd is not running (CI's
# container): the socket's ListenStream= through systemd-socket-activate,
# the service's ExecStart= exec'd as its User= (setpriv keeps the pid that
# LISTEN_PID names), on the index path it names: slugserve.socket and
# slugserve.service, then the template as slugserve@deb-check. Skipped
# when the index is there already (not ours) or the address is taken.
run_unit() { # NAME (slugserve or slugserve@INSTANCE)
	inst=${1#*@}
	[ "$inst" = "$1" ] && inst=""
	tmpl=${1%%@*}${inst:+@}
	listen=$(sed -n "s/^ListenStream=//p" "/lib/systemd/system/$tmpl.socket" | sed "s/%i/$inst/g")
	exec_start=$(sed -n "s/^ExecStart=//p" "/lib/systemd/system/$tmpl.service" | sed "s/%i/$inst/g")
	user=$(sed -n "s/^User=//p" "/lib/systemd/system/$tmpl.service")
	index=$(echo "$exec_start" | sed -n 's/.* -i \([^ ]*\).*/\1/p')
	case $listen in
	/*) taken=$([ ! -e "$listen" ] || echo yes) ;;
	*) taken=$( ! (echo >"/dev/tcp/${listen%:*}/${listen##*:}") 2>/dev/null || echo yes) ;;
	esac
	if [ -e "$index" ] || [ -n "$taken" ]; then
		echo "   skipped $1: $index exists or $listen is in use"
		return
	fi
	made=""
	[ -d "$(dirname "$index")" ] || { mkdir -p "$(dirname "$index")"; made=$(dirname "$index"); }
	made_run=""
	case $listen in /*)
		[ -d "$(dirname "$listen")" ] || { mkdir -p "$(dirname "$listen")"; made_run=$(dirname "$listen"); } ;;
	esac
	slugindex build -c /usr/share/slugserve/data/site.yml -o "$index" 2>/dev/null ||
		bad "$1: the sample site does not build into $index"
	# shellcheck disable=SC2086 # ExecStart= is a command line
	systemd-socket-activate -l "$listen" setpriv --reuid="$user" --regid="$user" \
		--init-groups $exec_start >"$work/unit.log" 2>&1 &
	unit=$!
	i=0
	got=""
	while [ "$i" -lt 50 ] && [ "$got" != "Status: 200 OK" ]; do
		sleep 0.1
		got=$(env -i REQUEST_METHOD=GET REQUEST_URI=/about/ \
			cgi-fcgi -bind -connect "$listen" 2>/dev/null | head -n 1 | tr -d '\r')
		i=$((i + 1))
	done
	[ "$got" = "Status: 200 OK" ] && echo "   ok $1: GET /about/ through $listen as $user: $got" ||
		bad "$1: GET /about/ through $listen: '$got' ($(tail -n 3 "$work/unit.log"))"
	kill "$unit" 2>/dev/null || true
	wait "$unit" 2>/dev/null || true
	rm -f "$index"
	case $listen in /*) rm -f "$listen" ;; esac
	[ -z "$made" ] || rmdir "$made"
	[ -z "$made_run" ] || rmdir "$made_run"
}
step "the units, as systemd runs them"
if command -v cgi-fcgi >/dev/null 2>&1; then
	run_unit slugserve
	run_unit slugserve@deb-check
else
	echo "   skipped: cgi-fcgi not found (apt-get install libfcgi-bin)"
fi
took

# The routing spec's runner for the set-up tests (a test program, not in
# the package).
step "build the routing spec's runner (t/spec-run)"
# tools/check.sh leaves one in _build/plain; else build it.
SPEC_RUN=$top/_build/plain/t/spec-run
if [ ! -x "$SPEC_RUN" ]; then
	mkdir "$work/tests"
	SPEC_RUN=$work/tests/t/spec-run
	(cd "$work/tests" && "$top/configure" -q >/dev/null &&
	    make -s t/spec-run >/dev/null 2>&1) || bad "t/spec-run does not build"
fi
export SPEC_RUN
took

# The set-up tests, against the installed programs: SLUG_INSTALLED makes
# t/server-lib.sh run /usr/sbin/slugserve itself, the guide's paths as
# written; slugserve started as root drops to the package's user.
for t in server-nginx socket-activation privdrop; do
	step "t/$t.sh against the installed package"
	if env -u SLUGSERVE_USER SLUG_INSTALLED=1 SLUGSERVE=/usr/sbin/slugserve \
	    SLUGINDEX=/usr/bin/slugindex top_srcdir="$top" \
	    sh "$top/t/$t.sh" >"$work/$t.tap" 2>&1 &&
	    ! grep -q '^not ok' "$work/$t.tap" && grep -q '^ok' "$work/$t.tap"; then
		echo "   $(grep -c '^ok' "$work/$t.tap") passed, $(grep -c '# SKIP' "$work/$t.tap") skipped"
	else
		grep -v '^ok' "$work/$t.tap" | head -n 30
		bad "t/$t.sh against the installed package"
	fi
	took
done

if [ "${KEEP_DEB:-1}" = 0 ]; then
	step "purge the package"
	apt-get purge -y -qq slugserve >/dev/null 2>&1 || bad "apt-get purge slugserve"
	took
fi
[ "$failed" = 0 ] || exit 1
echo "deb-check: the package builds, lints clean, installs and serves"
