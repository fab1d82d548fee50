#!/bin/sh
# slugindex-build.sh [SIZES...]: time `slugindex build` on synthetic sites of
# each size (default 1000 10000 100000 pages, made by gen-site.sh) against
# Hugo building the same site in the same run, and print a Markdown table.
# A benchmark, not a test: never part of make check. See bench/README.md.
#
# Per size: generate the site (not timed); run slugindex build BENCH_RUNS
# times (default 3) and take the median wall time, and the largest peak RSS
# (GNU time's %M, "Maximum resident set size"); then the same for
# `hugo --renderToMemory`, unless the size is above BENCH_HUGO_MAX.
# Everything happens in one mktemp -d folder, removed at the end.
#
# Environment:
#   SLUGINDEX        the binary (default: src/slugindex next to bench/)
#   HUGO             the hugo binary (default: hugo); "none" skips Hugo
#   BENCH_RUNS       runs per program and size (default 3)
#   BENCH_HUGO_MAX   skip Hugo for sizes above this many pages (default: none)
#   BENCH_HUGO_DEST  render Hugo's output to this folder (emptied before each
#                    run, e.g. on a tmpfs) instead of --renderToMemory, which
#                    keeps the whole output in Hugo's memory and so in its RSS
#   TMPDIR           where the sites and indexes go (about 1.1 GB per 100,000
#                    pages, twice for the index); a tmpfs removes the disk
#
# Exit status: 0; 1 when a build fails; 2 on a usage error.
set -eu

me="slugindex-build.sh"
here=$(cd "$(dirname "$0")" && pwd)
slugindex=${SLUGINDEX:-$here/../src/slugindex}
hugo=${HUGO:-hugo}
runs=${BENCH_RUNS:-3}
hugo_max=${BENCH_HUGO_MAX:-}
hugo_dest=${BENCH_HUGO_DEST:-}

if [ $# -eq 0 ]; then
	set -- 1000 10000 100000
fi
for v in "$@" "$runs" ${hugo_max:+"$hugo_max"}; do
	case $v in
	'' | *[!0-9]* | 0)
		echo "usage: $me [SIZES...] (positive integers; also BENCH_RUNS, BENCH_HUGO_MAX)" >&2
		exit 2
		;;
	esac
done
if [ ! -x "$slugindex" ]; then
	echo "$me: $slugindex: not built (cd to the top folder and run make)" >&2
	exit 2
fi
if [ "$hugo" != none ] && ! command -v "$hugo" >/dev/null 2>&1; then
	echo "$me: $hugo not found: Hugo columns left empty (apt-get install hugo)" >&2
	hugo=none
fi
gnutime=/usr/bin/time
if [ ! -x "$gnutime" ]; then
	echo "$me: $gnutime not found: RSS columns left empty (apt-get install time)" >&2
	gnutime=
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/slugindex-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Nanoseconds since the epoch (GNU date).
now() {
	date +%s%N
}

# measure LOG CMD...: run CMD once; append "NANOSECONDS RSS_KB CPU_SECONDS"
# (user + system) to LOG.
# CMD's output goes to $tmp/out; fails when CMD fails.
measure() {
	log=$1
	shift
	t0=$(now)
	if [ -n "$gnutime" ]; then
		st=0
		"$gnutime" -o "$tmp/rss" -f '%M %U %S' "$@" >"$tmp/out" 2>&1 || st=$?
	else
		st=0
		"$@" >"$tmp/out" 2>&1 || st=$?
		echo - - - >"$tmp/rss"
	fi
	t1=$(now)
	if [ "$st" -ne 0 ]; then
		echo "$me: failed ($st): $*" >&2
		cat "$tmp/out" >&2
		exit 1
	fi
	echo "$((t1 - t0)) $(tail -n 1 "$tmp/rss")" >>"$log"
}

# median LOG: "SECONDS MAX_RSS_MB CPU_SECONDS" from measure's lines: the
# median wall time, the largest RSS, the median CPU time (the lower middle
# run for an even count).
median() {
	awk '{ print $3 + $4 }' "$1" | sort -n >"$tmp/cpu"
	sort -n "$1" | awk -v cpu="$(sed -n "$(( ($(wc -l <"$1") + 1) / 2 ))p" "$tmp/cpu")" '
	{ t[NR] = $1; if ($2 == "-") dash = 1; else if ($2 + 0 > rss) rss = $2 + 0 }
	END { printf "%.3f %s %s\n", t[int((NR + 1) / 2)] / 1e9,
	    dash ? "-" : sprintf("%.0f", rss / 1024), dash ? "-" : cpu }'
}

echo "# slugindex build vs Hugo, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
echo "- machine: $(uname -sm), ${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo ?) cores, ${mem:-? GB} RAM"
echo "- slugindex: $("$slugindex" --version 2>/dev/null | head -n 1 || echo "$slugindex")"
if [ "$hugo" != none ]; then
	echo "- hugo: $("$hugo" version | head -n 1)"
	echo "- hugo output: ${hugo_dest:-in memory (--renderToMemory)}"
fi
echo "- runs per cell: $runs (median wall time, median CPU time, largest peak RSS); TMPDIR ${TMPDIR:-/tmp}"
echo "- load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)" \
    "(other work on the machine skews both programs)"
echo
echo "| pages | slugindex s | CPU s | pages/s | peak RSS MB | index MB | of which meta MB | index/bodies | RSS/index | Hugo s | Hugo CPU s | Hugo RSS MB | Hugo/slugindex |"
echo "|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|"

for n in "$@"; do
	site=$tmp/site-$n
	sh "$here/gen-site.sh" "$n" "$site"
	bodies=$(awk '$1 == "body_bytes" { print $2 }' "$site/gen-stats")
	idx=$tmp/site-$n.idx
	: >"$tmp/slug-$n"
	r=0
	while [ "$r" -lt "$runs" ]; do
		measure "$tmp/slug-$n" "$slugindex" build -c "$site/site.yml" -o "$idx"
		r=$((r + 1))
	done
	# The index must hold what the generator wrote: a French absolute alias.
	last=$(( n / 5 * 5 ))
	if [ "$last" -gt 0 ]; then
		key=$(sed -n 's/^  - \(\/fr\/.*\)$/\1/p' \
		    "$site"/content/french/*/post-"$(printf %06d "$last")".* | head -n 1)
		if ! "$slugindex" lookup -i "$idx" "$key" >/dev/null; then
			echo "$me: $key not found in the index of $n pages" >&2
			exit 1
		fi
	fi
	read -r slug_s slug_rss slug_cpu <<EOF
$(median "$tmp/slug-$n")
EOF
	idx_bytes=$(wc -c <"$idx" | tr -d ' ')
	# Everything before the bodies (header, tables, strings): the u64 at
	# H_BODIES_OFF (120, little-endian; see src/index_format.h).
	meta_bytes=$(od -An -t u8 -j 120 -N 8 "$idx" | tr -d ' ')
	hugo_s=-
	hugo_rss=-
	hugo_cpu=-
	if [ "$hugo" != none ] && { [ -z "$hugo_max" ] || [ "$n" -le "$hugo_max" ]; }; then
		: >"$tmp/hugo-$n"
		r=0
		while [ "$r" -lt "$runs" ]; do
			if [ -n "$hugo_dest" ]; then
				rm -rf "$hugo_dest"
				mkdir -p "$hugo_dest"
				set -- --destination "$hugo_dest"
			else
				set -- --renderToMemory
			fi
			measure "$tmp/hugo-$n" env \
			    HUGO_RESOURCEDIR="$tmp/hugo-resources" "$hugo" \
			    --quiet --source "$site" "$@" \
			    --cacheDir "$tmp/hugo-cache" --ignoreCache --noBuildLock
			r=$((r + 1))
		done
		read -r hugo_s hugo_rss hugo_cpu <<EOF
$(median "$tmp/hugo-$n")
EOF
	fi
	echo "$n $slug_s $slug_rss $idx_bytes $bodies $hugo_s $hugo_rss $meta_bytes $slug_cpu $hugo_cpu" >>"$tmp/raw"
	tail -n 1 "$tmp/raw" | awk '{
		n = $1; s = $2; rss = $3; mb = $4 / 1048576
		printf "| %d | %.3f | %s | %.0f | %s | %.1f | %.1f | %.3f | %s | %s | %s | %s | %s |\n",
		    n, s, $9, (s > 0 ? n / s : 0), rss, mb, $8 / 1048576, $4 / $5,
		    (rss == "-" ? "-" : sprintf("%.2f", rss / mb)), $6, $10, $7,
		    ($6 == "-" || s <= 0 ? "-" : sprintf("%.1f", $6 / s))
	}'
	rm -rf "$site" "$idx" "$tmp/hugo-cache" "$tmp/hugo-resources"
done

echo
echo "- load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"

# The aims, checked at every size (the first one scaled: 100,000 pages in
# 10 s is 10,000 pages/s).
echo
echo "Aims, per size:"
echo
awk '
function verdict(ok) { return ok ? "met" : "MISSED" }
{
	n = $1; s = $2; rss = $3; mb = $4 / 1048576; r = $4 / $5
	speed = speed sprintf(" %d: %s (%.0f pages/s);", n,
	    verdict(s > 0 && n / s >= 10000), s > 0 ? n / s : 0)
	if ($6 == "-")
		hugo = hugo sprintf(" %d: not run;", n)
	else
		hugo = hugo sprintf(" %d: %s (%.1fx);", n, verdict($6 >= 10 * s),
		    s > 0 ? $6 / s : 0)
	if (rss == "-")
		mem = mem sprintf(" %d: not measured;", n)
	else
		mem = mem sprintf(" %d: %s (%.2fx);", n, verdict(rss < 2 * mb),
		    rss / mb)
	size = size sprintf(" %d: %s (%+.1f%%);", n,
	    verdict(r >= 0.9 && r <= 1.1), (r - 1) * 100)
}
END {
	sub(/;$/, "", speed); sub(/;$/, "", hugo); sub(/;$/, "", mem); sub(/;$/, "", size)
	print "- 100,000 pages in under 10 s (>= 10,000 pages/s):" speed
	print "- at least 10x faster than Hugo:" hugo
	print "- peak RSS under 2x the index size:" mem
	print "- index size within 10% of the bodies:" size
}' "$tmp/raw"
