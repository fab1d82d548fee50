#!/bin/sh
# compress-report.sh: what precompressed pages cost and save on the real
# corpus (../shared/corpus/cloudops-co-website, without the two pages that
# copied an alias, see its SOURCE.md), built through t/hugo-corpus.toml:
# bytes per page in identity, gzip and brotli as slugserve sends them (one
# CGI request per page and coding, Content-Length of the 200), the index
# size, and the build time, against an older slugindex when one is given.
# Prints Markdown. A benchmark, not a test: never part of make check.
#
# Environment:
#   SLUGINDEX      the binary (default: src/slugindex next to bench/)
#   SLUGSERVE      the responder (default: src/slugserve next to bench/)
#   SLUGINDEX_OLD  a slugindex of the previous format (no compression), to
#                  compare index size and build time; unset: not compared
#   SLUG_CORPUS    the corpus folder (default: ../shared/corpus/...)
#   BENCH_RUNS     builds per binary; the median wall time is kept (default 5)
#
# Exit status: 0; 1 when a build or a request fails.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
slugindex=${SLUGINDEX:-$here/../src/slugindex}
slugserve=${SLUGSERVE:-$here/../src/slugserve}
corpus=${SLUG_CORPUS:-$here/../../shared/corpus/cloudops-co-website}
runs=${BENCH_RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/site"
cp -R "$corpus/content" "$tmp/site/"
rm -rf "$tmp"/site/content/*/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud
cp "$here/../t/hugo-corpus.toml" "$tmp/site/hugo.toml"

# build BINARY OUT: the median wall time of $runs builds, in ms
build() {
	i=0
	: >"$tmp/times"
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$1" build -c "$tmp/site" -o "$2" >"$tmp/build.log" 2>&1 ||
		    { cat "$tmp/build.log" >&2; exit 1; }
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000000 )) >>"$tmp/times"
		i=$((i + 1))
	done
	sort -n "$tmp/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

new_ms=$(build "$slugindex" "$tmp/new.idx")
new_size=$(wc -c <"$tmp/new.idx" | tr -d ' ')
if [ -n "${SLUGINDEX_OLD:-}" ]; then
	old_ms=$(build "$SLUGINDEX_OLD" "$tmp/old.idx")
	old_size=$(wc -c <"$tmp/old.idx" | tr -d ' ')
fi

# length PATH [ACCEPT-ENCODING]: "Content-Length Content-Encoding" of the
# 200 slugserve sends for PATH
length() {
	env -i GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX="$tmp/new.idx" \
	    REQUEST_METHOD=HEAD REQUEST_URI="$1" ${2:+HTTP_ACCEPT_ENCODING="$2"} \
	    "$slugserve" | tr -d '\r' | awk '
	    NR == 1 && $2 != 200 { exit 1 }
	    tolower($1) == "content-length:" { n = $2 }
	    tolower($1) == "content-encoding:" { e = $2 }
	    END { print n, (e == "" ? "identity" : e) }'
}

"$slugindex" dump -i "$tmp/new.idx" | cut -f2 | sort -u >"$tmp/pages"
while read -r p; do
	id=$(length "$p") gz=$(length "$p" gzip) br=$(length "$p" br) ||
	    { echo "compress-report.sh: $p is not a 200" >&2; exit 1; }
	echo "${id% *} ${gz% *} ${gz#* } ${br% *} ${br#* }"
done <"$tmp/pages" >"$tmp/sizes"

awk -v ms="$new_ms" -v size="$new_size" -v oms="${old_ms:-}" \
    -v osize="${old_size:-}" '
function med(a, n,   i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	n++; id[n] = $1; gz[n] = $2; br[n] = $4
	sid += $1; sgz += $2; sbr += $4
	ngz += $3 == "gzip"; nbr += $5 == "br"
}
END {
	printf "Corpus: %d pages (canonical paths, 200 answers).\n\n", n
	print "| form | pages stored | total bytes | mean | median | vs identity |"
	print "|---|---|---|---|---|---|"
	printf "| identity | %d | %d | %d | %d | 1.000 |\n", n, sid, sid / n, med(id, n)
	printf "| gzip (zlib 9) | %d | %d | %d | %d | %.3f |\n", ngz, sgz, sgz / n, med(gz, n), sgz / sid
	printf "| br (quality 11) | %d | %d | %d | %d | %.3f |\n", nbr, sbr, sbr / n, med(br, n), sbr / sid
	print ""
	print "(A page not stored in a coding counts at its identity size in that row.)"
	print ""
	if (osize != "") {
		print "| | previous format | with compressed forms | growth |"
		print "|---|---|---|---|"
		printf "| index size | %d | %d | %+.1f%% |\n", osize, size, (size / osize - 1) * 100
		printf "| build time (median) | %d ms | %d ms | %+.1f%% |\n", oms, ms, (ms / oms - 1) * 100
	} else {
		printf "Index: %d bytes; build: %d ms (median).\n", size, ms
	}
}' "$tmp/sizes"
