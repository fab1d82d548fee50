#!/bin/sh
# hugo-paths.sh SITE OUT: build the Hugo site SITE (content + hugo config)
# into OUT with the real Hugo and list every page and alias file it wrote,
# sorted (LC_ALL=C), one per line, tab-separated:
#
#   page<TAB>/path/                     a page (kinds home, section, page)
#   alias<TAB>/old/path/<TAB>/path/     a meta-refresh redirect Hugo wrote for
#                                       an alias, and the path of its page
#
# Paths are URL paths as Hugo writes them to disk: OUT/a/b/index.html is
# "/a/b/", OUT/a/b.html (url: or alias ending in .html) is "/a/b.html". They
# are the raw bytes of the file names, NOT percent-decoded: an alias written
# as /x%E2%80%89y/ is listed so, literally (compare with slugindex keys after
# decoding; see docs/paths.md).
#
# Kept: every page Hugo renders with the two layouts below (kinds home,
# section, page, taxonomy, term, in every language; the site's own
# disableKinds holds), every pager of a list page (PATH/page/N/, N >= 2,
# listed as a page: the list layout calls .Paginator) and every alias
# redirect, the pagers' PATH/page/1/ among them. Left out:
# - RSS, sitemap and robots.txt (not HTML) and Hugo's 404 page;
# - the language redirect Hugo adds on multilingual sites (/en/ -> / for the
#   default language, or / -> /en/ with defaultContentLanguageInSubdir); an
#   alias /L/ -> / written from front matter on a home page of language L
#   would be dropped as well;
# - files that are neither a page nor an alias (static files, page
#   resources, content files Hugo does not know and copies as they are),
#   except that an unrecognised *.html or index.html file is an error.
# A page is recognised by the first line our layouts write, wherever Hugo
# put it: url "/v1.2/x" gives the file OUT/v1.2/x, listed as "/v1.2/x".
#
# Determinism: the site's own layouts/ and theme layouts are not used (a
# private --layoutDir with _default/single.html and list.html printing a
# marker); baseURL is forced; HUGO_* variables are cleared; the cache,
# resources and build lock go to a temporary dir, so nothing is written into
# SITE. Future/expiry checks use the real clock unless HUGO_PATHS_CLOCK is set
# (passed to --clock, e.g. 2021-01-01T00:00:00Z). No network is needed.
#
# Hugo's warnings and errors go to stderr. Exit status: 0; 2 when Hugo fails
# or OUT is not empty or output is not understood; 3, after printing the
# listing, when Hugo reported "Duplicate target paths" (two pages, or two
# aliases, claim one file: Hugo keeps one of them silently) or when a page
# Hugo built has no file left (overwritten, e.g. by an alias of a language
# rendered later; found by listing .Site.AllPages in the home pages, so a
# page with _build.render "link" would be reported too). Only warned about
# on stderr: alias files overwritten by pages (Hugo writes a language's
# aliases before its pages, so a page always wins within one language), and
# fewer alias files than the pages declare (also aliases Hugo dropped).
#
# Paths containing a tab or newline would break the format (Hugo's own path
# sanitising removes them from file names and slugs, not from url/aliases).
# Needs hugo (tested with Debian's 0.111.3), find, awk, sort.
set -eu

me=hugo-paths.sh
if [ $# -ne 2 ]; then
	echo "usage: $me SITE OUT" >&2
	exit 2
fi
site=$1
out=$2
while [ "${out%/}" != "$out" ] && [ "$out" != / ]; do
	out=${out%/}
done
if [ ! -d "$site" ]; then
	echo "$me: $site: not a directory" >&2
	exit 2
fi
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
	echo "$me: $out: exists and is not empty" >&2
	exit 2
fi
mkdir -p "$out"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hugo-paths.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

# Our own layouts: one marker line (not an HTML comment: html/template drops
# those), then the canonical link in the same html/template context as in
# Hugo's alias template, so that the two Permalinks are escaped alike and can
# be matched as strings.
mkdir -p "$tmp/layouts/_default" "$tmp/cache" "$tmp/resources"
# A list page calls .Paginator, so that Hugo writes its pagers (PATH/page/N/
# and the redirect PATH/page/1/), and says which pager it is (a pager's
# .Permalink is its list page's).
marker='hugo-paths kind={{ .Kind }} lang={{ .Lang }} aliases={{ len .Aliases }}'
canon='<link rel="canonical" href="{{ .Permalink }}">'
printf '%s pager=0\n%s\n' "$marker" "$canon" >"$tmp/layouts/_default/single.html"
# Each home page also lists every page Hugo built (all languages), to find
# pages that were later overwritten.
expect='{{ if and .IsHome (eq .Paginator.PageNumber 1) }}{{ range .Site.AllPages }}{{ with .Permalink }}<link rel="hugo-paths-expect" href="{{ . }}">
{{ end }}{{ end }}{{ end }}'
printf '%s pager={{ .Paginator.PageNumber }}\n%s\n%s\n' "$marker" "$canon" \
	"$expect" >"$tmp/layouts/_default/list.html"
# Hugo's 404 page is not a page of the site's; RSS, sitemap and robots.txt
# are not HTML and are not listed.
printf 'hugo-paths-404\n' >"$tmp/layouts/404.html"

clock=${HUGO_PATHS_CLOCK:-}
for v in $(env | sed -n 's/^\(HUGO_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$v"
done
HUGO_RESOURCEDIR=$tmp/resources
export HUGO_RESOURCEDIR

base=http://hugo-paths.invalid/
set -- hugo --source "$site" --destination "$out" \
	--layoutDir "$tmp/layouts" --baseURL "$base" \
	--cacheDir "$tmp/cache" --ignoreCache --noBuildLock --printPathWarnings
if [ -n "$clock" ]; then
	set -- "$@" --clock "$clock"
fi
# Not --quiet: it hides the "Duplicate target paths" warning.
if ! "$@" >"$tmp/log" 2>&1; then
	grep -v '^hugo v\|^Start building' "$tmp/log" >&2 || true
	echo "$me: hugo failed" >&2
	exit 2
fi
grep 'WARN\|ERROR' "$tmp/log" >&2 || true
dup=0
if grep -q 'Duplicate target paths' "$tmp/log"; then
	dup=1
fi
# Hugo's own counts of what it wrote (the build summary table), all
# languages together, to catch files that were overwritten later.
stat() {
	awk -F '|' -v what="$1" '
	{ k = $1; gsub(/ /, "", k) }
	k == what { for (i = 2; i <= NF; i++) n += $i }
	END { print n + 0 }' "$tmp/log"
}
hugo_aliases=$(stat Aliases)

# One record per file: P(age) path canonical kind lang aliases, A(lias) path
# canonical, E(xpected page) canonical, or X (unknown HTML file) path.
# All files, not only *.html: a page whose url has a dot and no trailing
# slash (url: /v1.2/x) is written to exactly that file name.
find "$out" -type f -exec awk -v out="$out" '
function flush() {
	if (file == "")
		return
	p = substr(file, length(out) + 1)
	if (p ~ /(^|\/)index\.html$/)
		sub(/index\.html$/, "", p)
	if (substr(p, 1, 1) != "/")
		p = "/" p
	if (marker != "" && canon != "")
		printf "P\t%s\t%s\t%s\n", p, canon, marker
	else if (refresh && noindex && canon != "")
		printf "A\t%s\t%s\n", p, canon
	else if (p ~ /\.html$|\/$/)
		printf "X\t%s\n", p
}
FNR == 1 { flush(); file = FILENAME; marker = ""; canon = ""; refresh = 0; noindex = 0 }
FNR == 1 && /^hugo-paths-404$/ { file = "" }
/^hugo-paths kind=/ && FNR == 1 {
	marker = $0
	sub(/^hugo-paths /, "", marker)
	gsub(/ /, "\t", marker)
}
/<link rel="canonical" href="/ && canon == "" {
	canon = $0
	sub(/.*<link rel="canonical" href="/, "", canon)
	sub(/".*$/, "", canon)
}
/^<link rel="hugo-paths-expect" href="/ {
	e = $0
	sub(/^<link rel="hugo-paths-expect" href="/, "", e)
	sub(/".*$/, "", e)
	printf "E\t%s\n", e
}
/<meta http-equiv="refresh" content="0; url=/ { refresh = 1 }
/<meta name="robots" content="noindex">/ { noindex = 1 }
END { flush() }
' {} + >"$tmp/records"

if grep -q '^X' "$tmp/records"; then
	echo "$me: HTML files that are neither a page nor an alias:" >&2
	awk -F '\t' '$1 == "X" { print $2 }' "$tmp/records" >&2
	exit 2
fi

awk -F '\t' -v me="$me" -v tmpfile="$tmp/unknown" -v ha="$hugo_aliases" \
    -v lost="$tmp/lost" '
$1 == "P" && $7 != "pager=0" && $7 != "pager=1" {
	print "page\t" $2	# a pager: PATH/page/N/, N >= 2
	pages++
	next
}
$1 == "P" {
	path[$3] = $2
	k = $4; sub(/^kind=/, "", k); kind[$2] = k
	l = $5; sub(/^lang=/, "", l); lang[$2] = l
	a = $6; sub(/^aliases=/, "", a); declared += a
	print "page\t" $2
	pages++
	next
}
$1 == "A" { n++; apath[n] = $2; acanon[n] = $3; next }
$1 == "E" { expected[$2] = 1; next }
END {
	for (c in expected)
		if (!(c in path)) {
			printf "%s: page %s was built but its file is gone " \
			    "(overwritten by another page or an alias)\n",
			    me, c > "/dev/stderr"
			print c > lost
		}
	if (n != ha)
		printf "%s: Hugo wrote %d aliases, %d alias files are left " \
		    "(overwritten by a page or another alias)\n",
		    me, ha, n > "/dev/stderr"
	for (i = 1; i <= n; i++) {
		if (!(acanon[i] in path)) {
			print "alias target not found: " apath[i] " -> " acanon[i] > tmpfile
			continue
		}
		t = path[acanon[i]]
		# the language redirect Hugo adds by itself
		if (kind[t] == "home" && (apath[i] == "/" lang[t] "/" && t == "/" ||
		    apath[i] == "/" && t == "/" lang[t] "/"))
			continue
		print "alias\t" apath[i] "\t" t
		# the first pager of a list page, PATH/page/1/, is no alias of
		# its front matter
		r = substr(apath[i], length(t) + 1)
		if (substr(apath[i], 1, length(t)) == t && r ~ /^[^\/]+\/1\/$/)
			continue
		found++
	}
	if (found != declared)
		printf "%s: warning: pages declare %d aliases, %d alias files found\n",
		    me, declared, found > "/dev/stderr"
}
' "$tmp/records" | LC_ALL=C sort

if [ -s "$tmp/unknown" ]; then
	sed "s/^/$me: /" "$tmp/unknown" >&2
	exit 2
fi
if [ -s "$tmp/lost" ]; then
	dup=1
fi
if [ "$dup" = 1 ]; then
	echo "$me: Hugo wrote some paths more than once and kept one (see above)" >&2
	exit 3
fi
exit 0
