#!/bin/sh
# t/install.sh: make install puts slugindex in bindir, slugserve in sbindir
# and the cgi-bin folder, the man pages, the guides in docdir, the sample
# site in datadir, and creates the index folder; both programs name the
# configured default index; the installed sample builds and serves; make
# uninstall removes it all. With
# --enable-static-slugserve, slugserve needs neither libfcgi nor pcre2:
# ldd lists neither, and it answers with both libraries hidden.
. "$(dirname "$0")/lib.sh"
: "${top_builddir:=$top_srcdir}"
root=$tmp/root
MAKE=${MAKE:-make}

if ! $MAKE -s -C "$top_builddir" install DESTDIR="$root" >"$tmp/install.log" 2>&1; then
	fail "make install DESTDIR=..." "$(tail -5 "$tmp/install.log")"
	done_testing; exit
fi
pass "make install DESTDIR=..."
find "$root" -type f >"$tmp/files"
for f in bin/slugindex sbin/slugserve cgi-bin/slugserve man1/slugindex.1 man8/slugserve.8 \
	doc/slugserve/install.md doc/slugserve/setup-nginx.md doc/slugserve/README.md \
	systemd/system/slugserve.socket systemd/system/slugserve.service \
	systemd/system/slugserve@.socket systemd/system/slugserve@.service \
	slugserve/data/site.yml slugserve/data/layout.html \
	"slugserve/data/content/french/blog/les-meetups-kubernetes-et-cloud-native-de-lest-du-canada-de-mars-2019.html"; do
	if grep -q "/$f\$" "$tmp/files"; then pass "installed: $f"; else fail "installed: $f"; fi
done
si=$(grep '/bin/slugindex$' "$tmp/files")
ss=$(grep '/cgi-bin/slugserve$' "$tmp/files")
sd=$(grep '/sbin/slugserve$' "$tmp/files")
conf=$(grep '/slugserve/data/site.yml$' "$tmp/files")

# The default index configure chose (config.h, as Makefile.am passes it)
# is what both installed programs print, and its folder was created.
def=${SLUG_DEFAULT_INDEX:-}
if [ -z "$def" ]; then
	skip "SLUG_DEFAULT_INDEX unset (run through make check)" "default index"
else
	if [ -d "$root$(dirname "$def")" ]; then pass "installed: the index folder $(dirname "$def")"
	else fail "installed: the index folder $(dirname "$def")"; fi
	like "$("$sd" -h)" "$def" "slugserve -h names the default index $def"
	like "$("$si" --help)" "$def" "slugindex --help names the default index $def"
	like "$("$sd" --version)" "slugserve $SLUG_VERSION" "slugserve --version is the package's"
	like "$("$si" --version)" "slugindex $SLUG_VERSION" "slugindex --version is the package's"
fi
# The units start the installed slugserve on the configured index
unit=$(grep '/systemd/system/slugserve.service$' "$tmp/files")
if [ -n "$def" ] && [ -n "$unit" ]; then
	like "$(grep '^ExecStart=' "$unit")" "/sbin/slugserve -i $def" "slugserve.service runs sbindir's slugserve on the default index"
	like "$(grep '^ExecReload=' "$unit")" "kill -HUP" "systemctl reload sends SIGHUP"
	is "$(grep -c '^ProtectSystem=strict$\|^NoNewPrivileges=yes$\|^PrivateTmp=yes$\|^ReadOnlyPaths=' "$unit")" 4 "slugserve.service: systemd's hardening"
	if command -v systemd-analyze >/dev/null 2>&1; then
		for u in "$unit" "$(grep '/systemd/system/slugserve.socket$' "$tmp/files")"; do
			# --man=no: the units' man:slugserve(8) is installed
			# under the test's prefix, which man(1) does not search
			# (tools/deb-check.sh verifies it with the package's)
			out=$(systemd-analyze verify --man=no "$u" 2>&1 | grep -v 'is not executable: No such file')
			is "$out" "" "systemd-analyze verify ${u##*/}"
		done
	else
		skip "systemd-analyze not found (apt-get install systemd)" "systemd-analyze verify"
	fi
fi
# The default is in config.h, which slugserve's object depends on: a new
# configure option rebuilds it.
dep=$top_builddir/src/.deps/slugserve-slugserve.Po
if [ -r "$dep" ]; then
	if grep -q 'config\.h' "$dep"; then pass "slugserve.o depends on config.h"
	else fail "slugserve.o depends on config.h" "$(head -3 "$dep")"; fi
else
	skip "no dependency tracking here" "slugserve.o depends on config.h"
fi
run_ok "the installed sample site builds" "$si" build -c "$conf" -o "$tmp/site.idx"
cgi() { env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET REQUEST_URI=/about/ \
	SLUGSERVE_INDEX="$tmp/site.idx" "$@" 2>&1 | head -n 1 | tr -d '\r'; }
is "$(cgi "$ss")" "Status: 200 OK" "the installed slugserve answers a CGI request"

if [ "${STATIC_SLUGSERVE:-no}" != yes ]; then
	skip "configure --enable-static-slugserve to test it (tools/check.sh does)" "static slugserve: ldd"
	skip "configure --enable-static-slugserve to test it (tools/check.sh does)" "static slugserve: runs without the libraries"
else
	libs=$(ldd "$ss" 2>&1)
	case "$libs" in
	*libfcgi*|*libpcre2*) fail "static slugserve: ldd lists neither libfcgi nor pcre2" "$libs" ;;
	*) pass "static slugserve: ldd lists neither libfcgi nor pcre2" ;;
	esac
	# Hide both libraries in a private mount namespace, then run it.
	hide=""
	for l in /usr/lib/*/libfcgi.so.0 /usr/lib/*/libpcre2-8.so.0; do
		[ -e "$l" ] && hide="$hide mount --bind /dev/null $(readlink -f "$l");"
	done
	if command -v unshare >/dev/null 2>&1 && unshare -m true 2>/dev/null; then
		got=$(unshare -m sh -c "$hide"' "$@"' sh env -i GATEWAY_INTERFACE=CGI/1.1 \
			REQUEST_METHOD=GET REQUEST_URI=/about/ SLUGSERVE_INDEX="$tmp/site.idx" "$ss" 2>&1 |
			head -n 1 | tr -d '\r')
		is "$got" "Status: 200 OK" "static slugserve answers with libfcgi and pcre2 hidden"
	else
		skip "unshare -m is not permitted here (needs root)" "static slugserve: runs without the libraries"
	fi
fi

$MAKE -s -C "$top_builddir" uninstall DESTDIR="$root" >"$tmp/uninstall.log" 2>&1
is "$(find "$root" -type f | wc -l | tr -d ' ')" 0 "make uninstall removes every file"
done_testing
