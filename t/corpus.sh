#!/bin/sh
# t/corpus.sh: slugindex on the real corpus in ../shared/corpus. The whole
# folder must be refused for its one real alias conflict, naming the path
# and the three files; without the two pages that copied the alias, it
# builds, and its real-world quirks resolve as docs/paths.md says.
. "$(dirname "$0")/lib.sh"

: "${SLUG_CORPUS:=$top_srcdir/../shared/corpus/cloudops-co-website}"
if [ ! -d "$SLUG_CORPUS/content" ]; then
	skip "corpus not found at $SLUG_CORPUS (set SLUG_CORPUS)" "corpus tests"
	done_testing
	exit
fi
c=$tmp/site
mkdir -p "$c"
cp -r "$SLUG_CORPUS/content" "$c/"
corpus_config "$c/site.yml" "archives: false" "feeds: false" "sitemap: false"
conflict=/accelerating-digital-transformation-software-delivery-automation
out=$("$SLUGINDEX" build -c "$c/site.yml" -o "$tmp/full.idx" 2>&1); rc=$?
is "$rc" 1 "the whole corpus is refused"
like "$out" "path '$conflict' (alias) is also claimed by" "the conflict names the path"
like "$out" "english/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud/index.md" "names the English copy"
like "$out" "french/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud/index.md" "names the French copy"
like "$out" "english/blog/accelerating-digital-transformation-software-delivery-automation/index.md" "names the page that owns it"
is "$(ls "$tmp" | grep -c idx)" 0 "nothing is written"

rm -rf "$c"/content/*/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud
out=$("$SLUGINDEX" check -c "$c/site.yml" 2>&1); rc=$?
is "$rc" 0 "check passes without the two copies"
like "$out" "168 pages, 323 paths" "168 pages (with home and section pages and 24 pagers) and 323 paths (with 4 /page/1/)"
run_ok "build without the two copies" "$SLUGINDEX" build -c "$c/site.yml" -o "$tmp/site.idx"

T=$(printf '\t')
lookup() { "$SLUGINDEX" lookup -i "$tmp/site.idx" "$1" | cut -f1,2; }
is "$(lookup $conflict)" "200$T/blog/accelerating-digital-transformation-software-delivery-automation/" "the conflicting alias belongs to its owner"
is "$(lookup /cloud-are-like-airlines)" "200$T/blog/clouds-are-like-airlines/" "typo alias kept as written"
is "$(lookup /fr/2018/02/cloudops-mise-sur-lannee-2018%E2%80%89-voici-comment/)" \
	"$(lookup /fr/blog/cloudops-mise-sur-lannee-2018-voici-comment/)" "thin-space alias, encoded"
like "$(lookup /fr/2018/02/cloudops-mise-sur-lannee-2018%E2%80%89-voici-comment/)" "200$T/fr/" "thin-space alias is a French page"
is "$(lookup /evaluation-du-succes-avec-le-radar-de-la-sante-devops)" \
	"200$T/fr/blog/evaluation-du-succes-avec-le-radar-de-la-sante-devops/" "French alias outside /fr/ with its slug"
is "$(lookup /blog/become-cloud-native-how-to-migrate-your-applications-into-the-cloud/)" \
	"200$T/blog/become-cloud-native-how-to-migrate-your-applications-into-the-cloud/" "colon dropped from a folder name, as Hugo does"
wrong=/blog/youre-always-wrong-about-your-it-needs-and-here-is-why
is "$("$SLUGINDEX" lookup -i "$tmp/site.idx" $wrong/ | cut -f1,2,4)" \
	"200$T$wrong/${T}page" "relative alias equal to its own page: the page itself"
is "$(lookup $wrong)" "301$T$wrong/" "its spelling without the slash is redirected, as the server does"
is "$(lookup /)" "200$T/" "home page made up as Hugo does"
is "$(lookup /fr/)" "200$T/fr/" "French home page"
is "$(lookup /fr/blog/)" "200$T/fr/blog/" "French section page"
done_testing
