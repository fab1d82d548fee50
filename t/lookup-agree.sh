#!/bin/sh
# t/lookup-agree.sh: slugindex lookup answers as the server does: every
# case of the routing spec (t/routing.spec) through lookup, its status
# (a 304 is lookup's 200) and Location judged. The corpus's legacy URLs are
# compared the same way in t/legacy.sh. Prints TAP.
. "$(dirname "$0")/lib.sh"
: "${top_builddir:=$top_srcdir}"
spec_indexes "$tmp"
tap_run lookup "$top_builddir/t/spec-run" -t lookup -w "$tmp/site.idx" \
    $(spec_named "$tmp" .idx) "$top_srcdir/t/routing.spec"
done_testing
