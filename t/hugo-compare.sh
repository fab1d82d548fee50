#!/bin/sh
# t/hugo-compare.sh: slugindex gives every page and every alias the path
# Hugo itself gives it. Hugo builds the sample site (data/) and the real
# corpus (without the two pages that copied an alias); every path Hugo
# writes must resolve through `slugindex lookup` to the page Hugo points it
# at, and slugindex must have no key Hugo does not write.
. "$(dirname "$0")/lib.sh"

: "${SLUG_CORPUS:=$top_srcdir/../shared/corpus/cloudops-co-website}"
T=$(printf '\t')

# enc PATH: PATH with every byte above 0x7f as %XX.
enc() {
	printf '%s' "$1" | perl -pe 's/([\x80-\xff])/sprintf("%%%02X", ord($1))/ge'
}

# compare NAME SITE CONFIG [dup]: hugo on SITE, slugindex with CONFIG;
# with dup, Hugo is expected to write some paths twice (and keep one).
compare() {
	name=$1 site=$2 config=$3 out=$tmp/$1
	mkdir -p "$out"
	sh "$top_srcdir/t/hugo-paths.sh" "$site" "$out/hugo" >"$out/hugo.txt" 2>"$out/hugo.err"
	rc=$?
	if [ "$rc" != 0 ] && { [ "$rc" != 3 ] || [ "${4:-}" != dup ]; }; then
		fail "$name: hugo builds the site" "$(cat "$out/hugo.err")"
		return
	fi
	pass "$name: hugo builds the site ($(grep -c '^page' "$out/hugo.txt") pages, $(grep -c '^alias' "$out/hugo.txt") aliases)"
	if ! "$SLUGINDEX" build -c "$config" -o "$out/site.idx" 2>"$out/build.err"; then
		fail "$name: slugindex builds the site" "$(cat "$out/build.err")"
		return
	fi
	pass "$name: slugindex builds the site"
	# Every Hugo path: a page resolves to itself, an alias to its target.
	bad=0
	while IFS="$T" read -r kind path target; do
		# asked for as a browser asks: UTF-8 bytes percent-encoded
		path=$(enc "$path") target=$(enc "$target")
		got=$("$SLUGINDEX" lookup -i "$out/site.idx" "$path" | cut -f1,2)
		if [ "$kind" = page ]; then target=$path; fi
		want=$("$SLUGINDEX" lookup -i "$out/site.idx" "$target" | cut -f1,2)
		case "$got" in
		"200$T"*) ;;
		*) bad=$((bad + 1)); echo "# $kind $path: $got"; continue ;;
		esac
		if [ "$got" != "$want" ]; then
			bad=$((bad + 1)); echo "# $kind $path: $got, Hugo says $target ($want)"
		fi
		# A page's own canonical path is Hugo's, byte for byte (its
		# non-ASCII bytes percent-encoded).
		if [ "$kind" = page ] && printf '%s' "$path" | LC_ALL=C grep -q '^[ -~]*$' &&
		   [ "$got" != "200$T$path" ]; then
			bad=$((bad + 1)); echo "# page $path: canonical $got"
		fi
	done <"$out/hugo.txt"
	is "$bad" 0 "$name: every Hugo page and alias resolves to Hugo's page"
	is "$("$SLUGINDEX" dump -i "$out/site.idx" | grep -vc '^/?p=' | tr -d ' ')" \
		"$(wc -l <"$out/hugo.txt" | tr -d ' ')" \
		"$name: slugindex has exactly as many keys as Hugo writes paths"
}

if ! command -v hugo >/dev/null 2>&1; then
	skip "hugo is not installed (apt-get install hugo)" "sample site agrees with Hugo"
	skip "hugo is not installed (apt-get install hugo)" "corpus agrees with Hugo"
	done_testing
	exit
fi

# slugindex's own pages (archives, feeds, sitemap) are not Hugo's: off here.
nogen='archives: false
feeds: false
sitemap: false'
cat >"$tmp/sample.yml" <<YML
title: Sample
base_url: https://www.example.org
$nogen
content:
  - dir: $top_srcdir/data/content/english
    lang: en
  - dir: $top_srcdir/data/content/french
    lang: fr
    prefix: /fr
YML
compare sample "$top_srcdir/data" "$tmp/sample.yml"

# Leaf bundles and headless: a bundle's other content files and subfolders
# are resources (no page, no made-up section for a bundle at the top); a
# headless leaf bundle has no page (and its resources are never read as
# pages); Hugo 0.111 ignores headless on a single page or a section.
# _build: render never or false: no page, no alias; list never: both.
b=$tmp/bundles-site
mkdir -p "$b/content/x" "$b/content/blog/hl" "$b/content/notes" \
	"$b/content/blog/y/sub"
printf 'baseURL = "http://x.invalid/"\ndisableKinds = ["taxonomy", "term"]\n' >"$b/hugo.toml"
fm() { printf -- '---\n%s\n---\nbody\n' "$2" >"$b/content/$1"; }
fm x/index.md 'title: X'
fm x/bio.md 'title: Bio
aliases: [/bio-old/]'
fm blog/hl/index.md 'title: HL
headless: true
aliases: [/hl-old/]'
printf -- '+++\ntitle = "part"\ndate = 2019-03-08T10:00:00Z\n+++\npart\n' \
	>"$b/content/blog/hl/part.md"
fm notes/_index.md 'title: N
headless: true'
fm notes/one.md 'title: N1'
fm blog/y/index.md 'title: Y'
fm blog/y/sub/page.md 'title: S'
fm blog/h2.md 'title: H2
headless: true'
fm blog/never.md 'title: Never
aliases: [/never-old/]
_build:
  render: never'
fm blog/off.md 'title: Off
_build:
  render: false'
fm blog/unlisted.md 'title: Unlisted
aliases: [/unlisted-old/]
_build:
  list: never'
printf '%s\ncontent:\n  - dir: %s\n' "$nogen" "$b/content" >"$b/site.yml"
compare bundles "$b" "$b/site.yml"

# Which config Hugo reads: hugo.toml over hugo.yaml and config.toml, then
# config/_default/ over it, config/production/ over that (each names
# another contentDir; only c2's page may be built).
p=$tmp/precedence-site
for d in c1 c2 c3 c4; do
	mkdir -p "$p/$d"
	printf -- '---\ntitle: %s\n---\n' "$d" >"$p/$d/page-$d.md"
done
mkdir -p "$p/config/_default" "$p/config/production"
printf 'contentDir = "c1"\ndisableKinds = ["taxonomy", "term"]\n' >"$p/hugo.toml"
printf 'contentDir = "c3"\n' >"$p/config.toml"
printf 'contentDir: c3\n' >"$p/hugo.yaml"
printf 'contentDir = "c4"\n' >"$p/config/_default/hugo.toml"
printf '[slugserve]\n%s\n' "$(printf '%s\n' "$nogen" | sed 's/: / = /')" \
	>"$p/config/_default/params.toml"
printf 'contentDir = "c2"\n' >"$p/config/production/config.toml"
compare precedence "$p" "$p"
is "$(grep -c page-c2 "$tmp/precedence/hugo.txt")" 1 "precedence: Hugo built c2's page"

# An alias claimed by two pages: an error naming alias_conflicts; with
# alias_conflicts: hugo, the page Hugo keeps (the last alias file Hugo
# writes: languages in order, regular pages in content-tree order, then
# sections), with a warning. The site is read through its own hugo.toml.
a=$tmp/aliases-site
mkdir -p "$a"
cat >"$a/hugo.toml" <<'TOML'
baseURL = "http://x.invalid/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.en]
contentDir = "en"
weight = 1
[languages.fr]
contentDir = "fr"
weight = 2
[params.slugserve]
archives = false
feeds = false
sitemap = false
TOML
al() { # al FILE TITLE ALIAS
	mkdir -p "$(dirname "$a/$1")"
	printf -- '---\ntitle: %s\ndate: 2019-01-01\naliases: [%s]\n---\nx\n' \
		"$2" "$3" >"$a/$1"
}
al en/blog/alpha.md A /old-a/	# one section: the last name
al en/blog/zed.md Z /old-a/
al en/mid.md M /old-b/		# "/__hb_mid" before "/blog/__hb_beta"
al en/blog/beta.md B /old-b/
al en/blog/_index.md Blog /old-c/	# sections are walked after pages
al en/blog/zz.md ZZ /old-c/
al en/blog/b1/index.md B1 /old-d/	# a bundle is keyed by its folder
al en/blog/b0.md B0 /old-d/
al en/blog/Zeta.md Zeta /old-e/	# keys are lower-cased
al en/blog/alpha2.md A2 /old-e/
al en/blog/sub/_index.md Sub /sub-old/	# a subsection after its parent's pages
al en/blog/sub/p.md P /old-f/
al en/blog/q.md Q /old-f/
al en/blog/2019/r.md R /old-g/	# a folder without _index is no section
al en/blog/s.md S /old-g/
al en/about.md About /old-h/	# the later language
al fr/apropos.md Apropos /old-h/
al fr/blog/zzz.md ZZZ /old-i/
al en/blog/zzzz.md ZZZZ /old-i/
out=$("$SLUGINDEX" check -c "$a" 2>&1)
like "$out" "en/blog/zed.md:4:11: error: path '/old-a' (alias) is also claimed by $a/en/blog/alpha.md (alias); 'alias_conflicts: hugo' keeps the page Hugo keeps" \
	"aliases: a shared alias is an error that names alias_conflicts"
printf 'alias_conflicts = "hugo"\n' >>"$a/hugo.toml"
compare aliases "$a" "$a" dup
like "$(cat "$tmp/aliases/build.err")" \
	"en/blog/zed.md:4:11: warning: alias '/old-a' is also claimed by $a/en/blog/alpha.md: $a/en/blog/zed.md keeps it, as Hugo does (alias_conflicts: hugo)" \
	"aliases: each one a warning naming the path, both files and the winner"
is "$(grep -c 'keeps it, as Hugo does' "$tmp/aliases/build.err")" 9 "aliases: nine warnings"

# Languages in Hugo's order, by weight: fr, de, en; the later language
# keeps a shared alias, and the default one is at /. (With a language of
# no weight beside weighted ones, Hugo's order changes from build to
# build: t/hugo-config.sh checks slugindex's warning.)
w=$tmp/weights-site
mkdir -p "$w/c1" "$w/fr" "$w/de"
cat >"$w/hugo.toml" <<'TOML'
baseURL = "http://x.invalid/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.de]
contentDir = "de"
weight = 2
[languages.en]
contentDir = "c1"
weight = 3
[languages.fr]
contentDir = "fr"
weight = 1
[params.slugserve]
alias_conflicts = "hugo"
archives = false
feeds = false
sitemap = false
TOML
a=$w
al fr/a.md A /shared-a/
al de/a.md A /shared-a/
al de/b.md B /shared-b/
al c1/b.md B /shared-b/
compare weights "$w" "$w" dup
is "$(grep '^alias' "$tmp/weights/hugo.txt" | grep -v '/page/1/' | cut -f3 | tr '\n' ' ')" "/de/a/ /b/ " \
	"weights: Hugo's own choice is the one checked"

# Taxonomy, term and pager pages: two languages, tags, categories and
# series, terms with accents, capitals, spaces and punctuation, paginate
# 3, front matter in YAML, TOML and JSON (t/taxonomy.sh checks what the
# pages list). Read through the site's own hugo.toml.
x=$top_srcdir/t/hugo-sites/taxonomies
compare taxonomies "$x" "$x"
is "$(grep -c '^page.*/page/[0-9]*/$' "$tmp/taxonomies/hugo.txt")" 20 \
	"taxonomies: Hugo wrote 20 pagers"
is "$(grep -c '^alias.*/page/1/' "$tmp/taxonomies/hugo.txt")" 31 \
	"taxonomies: and 31 /page/1/ redirects"
# disableKinds: without term pages (tags/deep/_index.md is then no page),
# and without either (tags/_index.md neither)
for k in term taxonomy; do
	cp -r "$x" "$tmp/no-$k-site"
	kinds='"term", "RSS"'
	if [ "$k" = taxonomy ]; then kinds='"taxonomy", "term", "RSS"'; fi
	sed "s/^disableKinds = .*/disableKinds = [$kinds]/" "$x/hugo.toml" >"$tmp/no-$k-site/hugo.toml"
	compare "taxonomies-no-$k" "$tmp/no-$k-site" "$tmp/no-$k-site"
done

if [ ! -d "$SLUG_CORPUS/content" ]; then
	skip "corpus not found at $SLUG_CORPUS (set SLUG_CORPUS)" "corpus agrees with Hugo"
else
	c=$tmp/corpus-site
	mkdir -p "$c"
	cp -r "$SLUG_CORPUS/content" "$c/"
	rm -rf "$c"/content/*/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud
	cp "$top_srcdir/t/hugo-corpus.toml" "$c/hugo.toml"
	corpus_config "$c/site.yml" "archives: false" "feeds: false" "sitemap: false"
	compare corpus "$c" "$c/site.yml"
	# the same corpus read through its own Hugo config, not a site.yml
	printf '\n[params.slugserve]\n%s\n' "$(printf '%s\n' "$nogen" |
		sed 's/: / = /')" >>"$c/hugo.toml"
	rm "$c/site.yml"
	compare corpus-hugo-config "$c" "$c"
	# and with Hugo's default taxonomies, without the blog section's
	# aliases /tags/ and /categories/, which the taxonomy pages would
	# overwrite in Hugo (slugindex refuses a site where an alias is
	# another page's path)
	sed -i 's/^disableKinds = .*/disableKinds = ["RSS", "sitemap"]/' "$c/hugo.toml"
	sed -i '/^    - \/tags\/$/d; /^    - \/categories\/$/d' "$c/content/english/blog/_index.md"
	compare corpus-taxonomies "$c" "$c"
fi
done_testing
