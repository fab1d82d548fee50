#!/bin/sh
# tools/check.sh: build from scratch and run the whole test suite twice,
# plain and with AddressSanitizer + UndefinedBehaviorSanitizer, then check
# that the release tarball builds and passes on its own (make distcheck).
# This is the README's test command and what CI runs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)
# The real corpus lives beside the repository (../shared); tests find it by
# this absolute path, also from make distcheck's unpacked tarball.
if [ -z "${SLUG_CORPUS:-}" ] && [ -d "$top/../shared/corpus/cloudops-co-website" ]; then
	SLUG_CORPUS=$(cd "$top/../shared/corpus/cloudops-co-website" && pwd)
	export SLUG_CORPUS
fi
# The TOML conformance suite (toml-lang/toml-test) likewise, for t/toml-test.
if [ -z "${SLUG_TOML_TEST:-}" ] && [ -d "$top/../shared/toml-test/tests" ]; then
	SLUG_TOML_TEST=$(cd "$top/../shared/toml-test/tests" && pwd)
	export SLUG_TOML_TEST
fi
# The builds are out of tree: a tree configured in place (the README's
# main job does that) is cleaned first, or configure refuses.
if [ -f "$top/config.status" ]; then
	make -s -C "$top" distclean >/dev/null 2>&1 || rm -f "$top/config.status"
fi
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
for variant in plain sanitized; do
	dir=$top/_build/$variant
	rm -rf "$dir" && mkdir -p "$dir"
	# plain: slugserve as a user uploads it (pcre2 linked in);
	# sanitized: everything dynamic, under ASan and UBSan
	flags=--enable-static-slugserve
	[ "$variant" = sanitized ] && flags=--enable-sanitizers
	echo "== $variant build"
	(cd "$dir" && "$top/configure" -q $flags && make -s -j"$jobs" &&
		make -s -j"$jobs" check) || {
		for log in "$dir"/t/*.log; do
			grep -q '^not ok\|^ERROR\|^FAIL' "$log" 2>/dev/null && cat "$log"
		done
		exit 1
	}
done
# One closing line for CI, summed over both variants (TAP results counted).
sum() { cat "$top"/_build/*/test-suite.log | awk -v k="# $1:" '$1" "$2 == k {n += $3} END {print n + 0}'; }
summary="tests: $(sum PASS) passed, $(sum FAIL) failed, $(sum SKIP) skipped"
echo "== distcheck"
(cd "$top/_build/plain" && make -s -j"$jobs" distcheck >/dev/null) || {
	echo "make distcheck failed" >&2
	# automake leaves the unpacked tree when a check fails: show why
	find "$top/_build/plain" -path '*/slugserve-*/_build/*' -name '*.log' \
	    -exec grep -l '^not ok\|^ERROR\|^FAIL' {} + 2>/dev/null |
	    while read -r log; do echo "== $log"; cat "$log"; done
	exit 1
}
echo "== fuzz (a short pass: 10 seconds per harness, libFuzzer with ASan and UBSan)"
(cd "$top/_build/plain" && make -s fuzz) || {
	echo "the short fuzzing pass found a problem (see _build/plain/fuzz-build/log)" >&2
	exit 1
}
echo "all checks passed; TAP results of both builds (plain and sanitized):"
echo "$summary"
