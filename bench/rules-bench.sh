#!/bin/sh
# bench/rules-bench.sh: what legacy rule matching costs a request the index
# does not know. Builds the sample site with 20 WordPress-like rules that
# the probe path does not match, then measures ruleset_match() per request
# (a timed loop, and instructions with callgrind when valgrind is there),
# and a hostile path against a catastrophic pattern. Aim: < 5 us for 20
# rules. Run from a built tree: make bench/rules-bench && sh bench/rules-bench.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/bench/rules-bench
[ -x "$bin" ] || { echo "build it first: make bench/rules-bench" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	echo "base_url: https://www.example.org"
	echo "content:"
	echo "  - dir: $top/data/content/english"
	echo "rules:"
	for i in $(seq 1 19); do
		printf "  - match: '^/%s%02d/(\\\\d{4})/(\\\\d{2})/([^/]+)/\$'\n    to: '/blog/\$3/'\n" archive "$i"
	done
	printf "  - match: '^/evil/(a+)+\$'\n    to: '/blog/x/'\n"
} >"$tmp/site.yml"
"$top/src/slugindex" build -c "$tmp/site.yml" -o "$tmp/site.idx" >/dev/null 2>&1
probe=/fr/2019/03/some-post-that-no-rule-knows/
"$bin" "$tmp/site.idx" "$probe" 1000000
"$bin" "$tmp/site.idx" /evil/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!/ 2000
if command -v valgrind >/dev/null 2>&1; then
	for n in 1000 2000; do
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$n" "$bin" \
			"$tmp/site.idx" "$probe" "$n" >/dev/null 2>&1
	done
	i1=$(awk '/^summary:/ {print $2}' "$tmp/cg.1000")
	i2=$(awk '/^summary:/ {print $2}' "$tmp/cg.2000")
	echo "callgrind: $(( (i2 - i1) / 1000 )) instructions per match through 20 rules"
fi
