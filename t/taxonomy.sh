#!/bin/sh
# t/taxonomy.sh: taxonomy, term and pager pages as slugindex serves them,
# from the test site t/hugo-sites/taxonomies (t/hugo-compare.sh checks
# their paths against Hugo itself): a term page lists its pages newest
# first, split into pagers of paginate pages; the layout's prev, next,
# prev_link and next_link are right on the first, a middle and the last
# pager; PATH/page/1/ is an alias of the list page; tags/_index.md and
# tags/TERM/_index.md give those pages their title and body; disableKinds and the
# site.yml keys paginate, paginate_path and taxonomies hold. Prints TAP.
. "$(dirname "$0")/lib.sh"

site=$top_srcdir/t/hugo-sites/taxonomies
printf '<title>{{ title }}</title>{{ prev_link }}{{ next_link }}\nprev=[{{ prev }}] next=[{{ next }}]\n{{ body }}\n' \
	>"$tmp/layout.html"
cat >"$tmp/site.yml" <<YML
title: Taxonomies
base_url: https://www.example.org
layout: $tmp/layout.html
archives: false
feeds: false
sitemap: false
paginate: 3
taxonomies:
  tag: tags
  category: categories
  serie: series
content:
  - dir: $site/content/english
    lang: en
  - dir: $site/content/french
    lang: fr
    prefix: /fr
YML
INDEX=$tmp/site.idx
if ! "$SLUGINDEX" build -c "$tmp/site.yml" -o "$INDEX" >"$tmp/build.log" 2>&1; then
	fail "the taxonomies site builds from a site.yml" "$(cat "$tmp/build.log")"
	done_testing
	exit 1
fi
pass "the taxonomies site builds from a site.yml"

get() { cgi_request REQUEST_METHOD=GET REQUEST_URI="$1"; }
links() { grep -o 'href="/blog/[^"]*"' "$tmp/body" | sed 's/href="//; s/"$//' | tr '\n' ' '; }

# Kubernetes: ten pages (YAML list, YAML string, TOML, JSON, KUBERNETES
# in capitals), three a pager: four pagers.
get /tags/kubernetes/
like "$(head -n 1 "$tmp/out")" "200" "term page: 200"
is "$(links)" "/blog/deep/d1/ /blog/ten/ /blog/nine/ " \
	"term page: its first pager, newest first"
like "$(cat "$tmp/body")" "<title>Kubernetes</title><link rel=\"next\" href=\"https://www.example.org/tags/kubernetes/page/2/\">" \
	"first pager: a next link and no prev link"
like "$(cat "$tmp/body")" "prev=[] next=[/tags/kubernetes/page/2/]" \
	"first pager: prev empty, next the second"
get /tags/kubernetes/page/2/
is "$(links)" "/blog/eight/ /blog/seven/ /blog/six/ " "second pager: the next three"
like "$(cat "$tmp/body")" "prev=[/tags/kubernetes/] next=[/tags/kubernetes/page/3/]" \
	"middle pager: prev the list page, next the third"
like "$(cat "$tmp/body")" "<link rel=\"prev\" href=\"https://www.example.org/tags/kubernetes/\"><link rel=\"next\" href=\"https://www.example.org/tags/kubernetes/page/3/\">" \
	"middle pager: both links"
get /tags/kubernetes/page/3/
is "$(links)" "/blog/five/ /blog/four/ /blog/three/ " "third pager"
get /tags/kubernetes/page/4/
is "$(links)" "/blog/one/ " "last pager: the oldest page"
like "$(cat "$tmp/body")" "prev=[/tags/kubernetes/page/3/] next=[]" \
	"last pager: prev the third, next empty"
get /tags/kubernetes/page/5/
like "$(head -n 1 "$tmp/out")" "404" "no fifth pager"
get /tags/kubernetes/page/1/
like "$(cat "$tmp/head")" 'Link: <https://www.example.org/tags/kubernetes/>; rel="canonical"' \
	"/page/1/ is an alias of the list page"

# Term names: accents kept, capitals folded, punctuation (and a % not
# before two hex digits) dropped, spaces made '-'; two spellings of one
# term are one term, titled by the first.
for p in /tags/%C3%A9t%C3%A9-2020/ /tags/c++-go/ /tags/spaced-out/ \
	/tags/what-why/ /tags/a/b-path/ /tags/100-sure/ \
	/categories/devops-sre/ /series/getting-started/ \
	/fr/tags/%C3%A9l%C3%A9phant-rose/ /fr/tags/%C3%A7a-va/; do
	get "$p"
	like "$(head -n 1 "$tmp/out")" "200" "term page $p"
done
get /tags/cloud-native/
like "$(cat "$tmp/body")" "<title>Cloud Native</title>" "a term's title: its first spelling"
is "$(links)" "/blog/two/ /blog/one/ " "Cloud Native and cloud native: one term"
get /tags/draft-only/
like "$(head -n 1 "$tmp/out")" "404" "a draft's terms: no page"
get /tags/unlisted-only/
is "$(links)" "/blog/unlisted/ " "a page in no list is still on its term page (as in Hugo 0.111)"
get /categories/section-itself/
like "$(cat "$tmp/body")" 'href="/blog/"' "a section's terms list the section"

# The taxonomy page lists its terms, newest first, in pagers too.
get /fr/tags/
like "$(cat "$tmp/body")" "<title>Tags</title>" "taxonomy page: its title"
get /tags/
like "$(cat "$tmp/body")" "<title>All the tags</title>" "taxonomy page: the title of tags/_index.md"
like "$(cat "$tmp/body")" "<p>Every tag of the site.</p>" "taxonomy page: the body of tags/_index.md"
is "$(grep -o 'href="/tags/[^"]*"' "$tmp/body" | tr '\n' ' ')" \
	'href="/tags/deep/" href="/tags/kubernetes/" href="/tags/unlisted-only/" ' \
	"taxonomy page: its newest terms"
get /tags/deep/
like "$(cat "$tmp/body")" "<title>Deep dives</title>" "term page: the title of tags/deep/_index.md"
is "$(links)" "/blog/deep/d4/ /blog/deep/d3/ /blog/deep/d2/ " "term page of an _index file: its pages"
get /fr/series/
like "$(head -n 1 "$tmp/out")" "200" "a taxonomy page without terms, per language"

# A section lists its own pages, not its subsection's: deep's pages are
# on /blog/deep/, so /blog/ has its eleven regular pages in four pagers.
get /blog/page/4/
like "$(head -n 1 "$tmp/out")" "200" "section: fourth pager"
get /blog/page/5/
like "$(head -n 1 "$tmp/out")" "404" "section: no fifth pager"

# The built-in layout links the pagers in its <head>; read through the
# site's own hugo.toml (paginate 3, the same pagers).
"$SLUGINDEX" build -c "$site" -o "$tmp/hugo.idx" >/dev/null 2>&1
INDEX=$tmp/hugo.idx
get /tags/kubernetes/page/2/
like "$(cat "$tmp/body")" '<link rel="prev" href="https://www.example.org/tags/kubernetes/"><link rel="next" href="https://www.example.org/tags/kubernetes/page/3/">' \
	"built-in layout: prev and next links"
INDEX=$tmp/site.idx

# paginate_path; disableKinds in a Hugo config.
sed 's/^paginate: 3$/paginate: 4\npaginate_path: seite/' "$tmp/site.yml" >"$tmp/seite.yml"
"$SLUGINDEX" build -c "$tmp/seite.yml" -o "$tmp/seite.idx" >/dev/null 2>&1
is "$("$SLUGINDEX" lookup -i "$tmp/seite.idx" /tags/kubernetes/seite/3/ | cut -f1,2)" \
	"200$(printf '\t')/tags/kubernetes/seite/3/" "paginate_path and paginate from a site.yml"
cp -r "$site" "$tmp/kinds"
sed -i 's/^disableKinds = .*/disableKinds = ["term", "RSS"]/' "$tmp/kinds/hugo.toml"
"$SLUGINDEX" build -c "$tmp/kinds" -o "$tmp/kinds.idx" >/dev/null 2>&1
keys=$("$SLUGINDEX" dump -i "$tmp/kinds.idx" | cut -f1 | grep -c '^/\(fr/\)\{0,1\}\(tags\|categories\|series\)')
is "$keys" 12 "disableKinds term: the taxonomy pages alone (and their /page/1/)"
sed -i 's/^disableKinds = .*/disableKinds = ["taxonomy", "term"]/' "$tmp/kinds/hugo.toml"
"$SLUGINDEX" build -c "$tmp/kinds" -o "$tmp/kinds.idx" >/dev/null 2>&1
keys=$("$SLUGINDEX" dump -i "$tmp/kinds.idx" | cut -f1 | grep -c '^/\(fr/\)\{0,1\}\(tags\|categories\|series\)')
is "$keys" 0 "disableKinds taxonomy and term: none"
printf '[pagination]\npagerSize = 5\n' >>"$tmp/kinds/hugo.toml"
out=$("$SLUGINDEX" check -c "$tmp/kinds" 2>&1)
like "$out" "pagination: read by newer Hugo only" "pagination (newer Hugo's) is refused"
done_testing
