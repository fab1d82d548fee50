#!/bin/sh
# t/fuzz-regress.sh: replays every saved fuzz input (fuzz/seeds/HARNESS/*
# and the crashes found so far, fuzz/regress/HARNESS/*) through the same
# harness entry points, built without libFuzzer (fuzz/replay.c, by make
# check or fuzz/build.sh), one TAP line per input: the replay must exit 0
# within 10 seconds (a harness abort()s on a broken contract).
#
# Environment: top_srcdir, and FUZZ_REPLAY_DIR, the folder of the
# replay-HARNESS programs (default: $top_builddir/fuzz).
. "$(dirname "$0")/lib.sh"

: "${top_builddir:=$top_srcdir}"
: "${FUZZ_REPLAY_DIR:=$top_builddir/fuzz}"
for h in frontmatter config lookup index respond accesslog links toml fcgi fcgiconn hugoconfig; do
	bin=$FUZZ_REPLAY_DIR/replay-$h
	if [ ! -x "$bin" ]; then
		skip "$bin not built" "replay $h"
		continue
	fi
	for f in "$top_srcdir/fuzz/seeds/$h"/* "$top_srcdir/fuzz/regress/$h"/*; do
		[ -f "$f" ] || continue
		name="$h: ${f#"$top_srcdir"/fuzz/}"
		if out=$(top_srcdir=$top_srcdir timeout 10 "$bin" "$f" 2>&1); then
			pass "$name"
		else
			rc=$?
			fail "$name" "exit status $rc" "$(printf '%s\n' "$out" | tail -n 15)"
		fi
	done
done
done_testing
