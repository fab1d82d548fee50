#!/bin/sh
# t/reconfigure.sh: the compiled-in default index follows configure, and a
# new configure option rebuilds what depends on it (the path is in config.h,
# not a compiler flag a rebuild would not notice): a fresh build in $tmp
# configured with one --with-default-index, then another, then the same
# again (nothing to rebuild). Builds slugserve only. Prints TAP.
. "$(dirname "$0")/lib.sh"
MAKE=${MAKE:-make}
if [ -f "$top_srcdir/config.status" ]; then
	echo "1..0 # SKIP the source tree is configured in place: configure refuses a second build beside it"
	exit 0
fi
b=$tmp/build
mkdir "$b"
conf() { (cd "$b" && "$top_srcdir/configure" -q "$@") >"$tmp/conf.log" 2>&1; }
build() { $MAKE -s -C "$b" src/slugserve >"$tmp/make.log" 2>&1; }

if ! conf --with-default-index=/srv/one/site.idx || ! build; then
	fail "a fresh build configures and builds" "$(tail -n 5 "$tmp/conf.log" "$tmp/make.log")"
	done_testing
	exit
fi
like "$("$b/src/slugserve" -h)" "/srv/one/site.idx" "--with-default-index=/srv/one/site.idx: slugserve -h names it"
conf --with-default-index=/srv/two/site.idx && build
like "$("$b/src/slugserve" -h)" "/srv/two/site.idx" "configured again with /srv/two/site.idx: make rebuilds, slugserve -h names it"
conf --localstatedir=/var && build
like "$("$b/src/slugserve" -h)" "/var/lib/slugserve/site.idx" "--localstatedir=/var: the default follows it"
conf --localstatedir=/var
# config.h is rewritten only when it changes: no object is compiled again
$MAKE -C "$b" src/slugserve V=1 >"$tmp/again.log" 2>&1
is "$(grep -c -- ' -c ' "$tmp/again.log")" 0 "the same options again: nothing is compiled again"
done_testing
