#!/bin/sh
# bench/replay-bench.sh: slugindex replay's speed and memory on a large
# synthetic combined-format log (paths of the sample site's index, their
# spellings, rule-matched WordPress shapes, misses, query strings and
# scanner noise), as a ratio against baselines read over the same file in
# the same run: wc -l (the floor of reading the lines) and awk printing the
# request field (what an operator would script). Not a test.
#   sh bench/replay-bench.sh [LINES]       (default 2000000)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${SLUGINDEX:=$top/src/slugindex}"
lines=${1:-2000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/replay-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$SLUGINDEX" build -c "$top/data/site.yml" -o "$dir/site.idx" 2>/dev/null
"$SLUGINDEX" dump -i "$dir/site.idx" | cut -f2 | sort -u >"$dir/paths"
awk -v n="$lines" 'NR == FNR { p[k++] = $0; next }
END {
	srand(1)
	split("GET GET GET GET GET GET GET HEAD POST GET", m, " ")
	for (i = 0; i < n; i++) {
		r = int(rand() * 100)
		if (r < 60) t = p[int(rand() * k)]
		else if (r < 70) t = p[int(rand() * k)] "?utm_source=feed&n=" i % 977
		else if (r < 80) t = "/2019/0" (i % 9 + 1) "/post-" i % 5003 "/"
		else if (r < 90) t = "/wp-content/uploads/2019/03/img-" i % 4001 ".jpg"
		else t = "/miss-" i % 20011 ".html"
		printf "198.51.100.%d - - [04/Dec/2026:10:%02d:%02d +0000] \"%s %s HTTP/1.1\" 200 %d \"https://www.example.org/\" \"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\"\n", \
			i % 254 + 1, i / 60 % 60, i % 60, m[i % 10 + 1], t, 1000 + i % 9000
	}
}' "$dir/paths" /dev/null >"$dir/access.log"
gzip -1 -c "$dir/access.log" >"$dir/access.log.gz"
size=$(wc -c <"$dir/access.log")

# best of three: wall seconds of a command, its output thrown away
best() {
	b=
	for _ in 1 2 3; do
		s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
		b=$(echo "$s $e ${b:-1e9}" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
	done
	echo "$b"
}
t_wc=$(best wc -l "$dir/access.log")
t_awk=$(best awk '{ print $7 }' "$dir/access.log")
t_replay=$(best "$SLUGINDEX" replay -i "$dir/site.idx" "$dir/access.log")
t_zcat=$(best sh -c "gzip -dc '$dir/access.log.gz' | wc -l")
t_zreplay=$(best "$SLUGINDEX" replay -i "$dir/site.idx" "$dir/access.log.gz")
rss=$( (command -v /usr/bin/time >/dev/null && /usr/bin/time -f %M "$SLUGINDEX" replay \
	-i "$dir/site.idx" "$dir/access.log" 2>&1 >/dev/null | tail -1) || echo "?")
echo "log: $lines lines, $((size / 1048576)) MiB ($(nproc) cores; best of 3 runs)"
awk -v l="$lines" -v wc="$t_wc" -v aw="$t_awk" -v r="$t_replay" -v z="$t_zcat" -v zr="$t_zreplay" -v rss="$rss" 'BEGIN {
	printf "  %-26s %8.3f s  %10.0f lines/s\n", "wc -l", wc, l / wc
	printf "  %-26s %8.3f s  %10.0f lines/s\n", "awk {print $7}", aw, l / aw
	printf "  %-26s %8.3f s  %10.0f lines/s  %.2fx wc, %.2fx awk\n", "slugindex replay", r, l / r, wc / r, aw / r
	printf "  %-26s %8.3f s  %10.0f lines/s\n", "gzip -dc | wc -l", z, l / z
	printf "  %-26s %8.3f s  %10.0f lines/s  %.2fx gzip -dc | wc -l\n", "slugindex replay (gzip)", zr, l / zr, z / zr
	printf "  peak RSS of replay: %s KiB\n", rss
}'
