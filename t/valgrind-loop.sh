#!/bin/sh
# t/valgrind-loop.sh: the short version of bench/valgrind-loop.sh: 1,000
# FastCGI requests to one slugserve process under valgrind's memcheck; no
# memcheck error and nothing definitely, indirectly or possibly lost.
# Skips when valgrind is missing, or when slugserve is built with
# AddressSanitizer (which valgrind cannot run).
#
# Environment: SLUGSERVE, SLUGINDEX, top_srcdir (see t/lib.sh), and
# FCGI_CLIENT (default: $top_builddir/bench/fcgi-client if built, else
# compiled by the bench script), VALGRIND_REQUESTS (1000).
. "$(dirname "$0")/lib.sh"

: "${top_builddir:=$top_srcdir}"
if ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind not found (apt-get install valgrind)" "memcheck over a request loop"
	done_testing
	exit
fi
if ldd "$SLUGSERVE" 2>/dev/null | grep -q -e libasan -e libtsan; then
	skip "slugserve is built with a sanitizer, which valgrind cannot run" "memcheck over a request loop"
	done_testing
	exit
fi
[ -z "${FCGI_CLIENT:-}" ] && [ -x "$top_builddir/bench/fcgi-client" ] &&
    FCGI_CLIENT=$top_builddir/bench/fcgi-client
export SLUGSERVE SLUGINDEX
[ -n "${FCGI_CLIENT:-}" ] && export FCGI_CLIENT
n=${VALGRIND_REQUESTS:-1000}
out=$(SITE=$top_srcdir/data/site.yml sh "$top_srcdir/bench/valgrind-loop.sh" "$n" 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
line() { printf '%s\n' "$out" | sed -n "s/^$1: //p" | head -n 1; }
like "$(line 'requests (new connection each)')" "errors 0" "$((n / 2)) requests, a connection each: all answered"
like "$(line 'requests (one kept connection)')" "errors 0" "$((n - n / 2)) requests over one connection: all answered"
is "$(line 'slugserve exit status')" 0 "slugserve exits 0 on SIGTERM under memcheck"
is "$(line 'memcheck errors')" 0 "no invalid access (memcheck errors)"
for kind in "definitely lost" "indirectly lost" "possibly lost"; do
	is "$(line "$kind")" "0 bytes in 0 blocks" "$kind: nothing"
done
is "$rc" 0 "bench/valgrind-loop.sh passes"
done_testing
