#!/bin/sh
# t/hugo-config.sh: slugindex reads a Hugo site's own config (a folder, or
# hugo.toml / config.yaml ... named with -c), as Hugo 0.111 finds and merges
# it, with slugserve's settings from [params.slugserve]; the settings that
# change paths and are not implemented are refused with file:line:column.
. "$(dirname "$0")/lib.sh"
# the build time is in the index: the same for every build here
SLUGINDEX_NOW=1733270400
export SLUGINDEX_NOW

# dump_of NAME CONFIG: build with CONFIG, the sorted keys into $tmp/NAME.
dump_of() {
	if "$SLUGINDEX" build -c "$2" -o "$tmp/$1.idx" 2>"$tmp/$1.err"; then
		"$SLUGINDEX" dump -i "$tmp/$1.idx" >"$tmp/$1"
	else
		echo "build failed: $(cat "$tmp/$1.err")" >"$tmp/$1"
	fi
}

# The sample site: data/hugo.toml says what data/site.yml says.
dump_of yml "$top_srcdir/data/site.yml"
dump_of dir "$top_srcdir/data"
dump_of toml "$top_srcdir/data/hugo.toml"
is "$(wc -l <"$tmp/yml" | tr -d ' ')" 46 "data/site.yml: 46 keys"
is "$(cat "$tmp/dir")" "$(cat "$tmp/yml")" "-c data/ gives the keys of -c data/site.yml"
is "$(cat "$tmp/toml")" "$(cat "$tmp/yml")" "-c data/hugo.toml gives the keys of -c data/site.yml"
if cmp -s "$tmp/dir.idx" "$tmp/yml.idx"; then pass "-c data/ and -c data/site.yml write the same index"
else fail "-c data/ and -c data/site.yml write the same index"; fi
"$SLUGINDEX" check -c "$top_srcdir/data/site.yml" >"$tmp/check.yml" 2>&1
"$SLUGINDEX" check -c "$top_srcdir/data" >"$tmp/check.dir" 2>&1
is "$(cat "$tmp/check.dir")" "$(cat "$tmp/check.yml")" "check -c data/: the same report (rules from [params.slugserve])"

# paths_of NAME: the keys of dump NAME, but the list pages' /page/1/.
paths_of() { cut -f1 "$tmp/$1" | grep -v '/page/1$'; }

# A site of our own: page() writes content/DIR/NAME.md.
s=$tmp/site
page() { mkdir -p "$s/$1" && printf -- '---\ntitle: %s\ndate: 2019-03-08\n---\nHello <span>x</span>\n' "$2" >"$s/$1/$2.md"; }
page c1 one
page c2 two
page c3 three
page fr deux
page de drei
off='disableKinds = ["taxonomy", "term"]'
printf '%s\ncontentDir = "c1"\n[params.slugserve]\narchives = false\nfeeds = false\nsitemap = false\n' "$off" >"$s/hugo.toml"
printf '%s\ncontentDir = "c2"\n' "$off" >"$s/config.toml"
printf 'contentDir: c3\n' >"$s/hugo.yaml"
dump_of prec "$s"
is "$(paths_of prec | tr '\n' ' ')" "/ /one " "hugo.toml before hugo.yaml and config.toml"
rm "$s/hugo.toml" "$s/hugo.yaml"
printf '%s\ncontentDir = "c2"\n[params.slugserve]\narchives = false\nfeeds = false\nsitemap = false\n' "$off" >"$s/config.toml"
dump_of prec2 "$s"
is "$(paths_of prec2 | tr '\n' ' ')" "/ /two " "config.toml when there is no hugo.*"

# config/_default/ merged over the top file, key by key; languages.toml,
# params.toml; config/production/ over _default.
mkdir -p "$s/config/_default" "$s/config/production"
printf 'contentDir = "c3"\n' >"$s/config/_default/hugo.toml"
printf '[slugserve]\narchives = true\n' >"$s/config/_default/params.toml"
printf '[slugserve]\narchives = false\n' >"$s/config/production/params.toml"
dump_of merged "$s"
is "$(paths_of merged | tr '\n' ' ')" "/ /three " "config/_default/ over config.toml; config/production/ over _default"
cat >"$s/config/_default/languages.toml" <<'TOML'
[de]
contentDir = "de"
weight = 2
[en]
contentDir = "c1"
[fr]
contentDir = "fr"
weight = 1
TOML
dump_of langs "$s"
is "$(paths_of langs | tr '\n' ' ')" "/ /de /de/drei /fr /fr/deux /one " "languages.toml: default language at /, the others under /LANG"
"$SLUGINDEX" build -c "$s" -o "$tmp/l.idx" >/dev/null 2>&1
is "$("$SLUGINDEX" lookup -i "$tmp/l.idx" /nowhere | cut -f1)" 404 "a 404 page"
head404() {
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX="$1" \
	    REQUEST_METHOD=GET REQUEST_URI=/nowhere/ "$SLUGSERVE" </dev/null 2>/dev/null |
	    grep -i '^Content-Language' | tr -d '\r'
}
is "$(head404 "$tmp/l.idx")" "Content-Language: en" "the 404 page is the default language's, not the first by weight"
# fr (weight 1), de (2), en (no weight: last, with a warning, as Hugo's
# order of it changes from build to build); the later language keeps a
# shared alias (alias_conflicts: hugo).
al() { printf -- '---\ntitle: %s\naliases: [%s]\n---\n' "$2" "$3" >"$s/$1"; }
al fr/a.md A /shared-a/
al de/a.md A /shared-a/
al de/b.md B /shared-b/
al c1/b.md B /shared-b/
printf '[slugserve]\nalias_conflicts = "hugo"\narchives = false\n' >"$s/config/production/params.toml"
"$SLUGINDEX" build -c "$s" -o "$tmp/o.idx" >/dev/null 2>"$tmp/o.err"
like "$(cat "$tmp/o.err")" "config.toml: warning: languages.en: no weight, beside languages with one: Hugo orders it differently from build to build" \
	"a language without a weight beside weighted ones: a warning"
is "$("$SLUGINDEX" lookup -i "$tmp/o.idx" /shared-a/ /shared-b/ | cut -f2 | tr '\n' ' ')" \
	"/de/a/ /b/ " "languages by weight, 0 last: de after fr, en after de"
rm "$s/fr/a.md" "$s/de/a.md" "$s/de/b.md" "$s/c1/b.md"
printf '[slugserve]\narchives = false\n' >"$s/config/production/params.toml"

# Raw HTML in Markdown: omitted as goldmark does unless unsafe = true.
body_of() { # body_of IDX PATH: the body slugserve sends
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX="$1" \
	    REQUEST_METHOD=GET REQUEST_URI="$2" "$SLUGSERVE" </dev/null 2>/dev/null
}
like "$(body_of "$tmp/l.idx" /one/)" "Hello <!-- raw HTML omitted -->x<!-- raw HTML omitted -->" \
	"markup.goldmark.renderer.unsafe unset: raw HTML omitted, as Hugo writes"
printf '[goldmark.renderer]\nunsafe = true\n' >"$s/config/_default/markup.toml"
"$SLUGINDEX" build -c "$s" -o "$tmp/u.idx" >/dev/null 2>&1
like "$(body_of "$tmp/u.idx" /one/)" "Hello <span>x</span>" "unsafe = true: raw HTML kept"

# Settings that change Hugo's paths and are not implemented: refused,
# with the place they were set.
refused() { # refused NAME FILE CONTENT MESSAGE
	r=$tmp/r && rm -rf "$r" && mkdir -p "$r/content" && page_r
	printf '%b' "$3" >"$r/$2"
	out=$("$SLUGINDEX" check -c "$r" 2>&1); rc=$?
	is "$rc" 1 "$1: refused"
	like "$out" "$4" "$1: the message names the key and its place"
}
page_r() { printf -- '---\ntitle: P\n---\n' >"$r/content/p.md"; }
refused permalinks hugo.toml "$off\n[permalinks]\nblog = '/:year/:slug/'\n" \
	"hugo.toml:2:2: error: permalinks: not implemented"
refused "uglyURLs per section" hugo.toml "$off\nuglyURLs = { post = true }\n" \
	"hugo.toml:2:12: error: uglyURLs: not implemented"
refused "pagination (newer Hugo's)" hugo.yaml "disableKinds: [taxonomy, term]\npagination:\n  pagerSize: 5\n" \
	"hugo.yaml:3:3: error: pagination: read by newer Hugo only (0.128 and later)"
refused "paginate not a number" hugo.yaml "paginate: ten\n" \
	"hugo.yaml:1:11: error: paginate: must be a number of pages per pager"
refused "paginatePath not a segment" hugo.toml "paginatePath = 'a/b'\n" \
	"hugo.toml:1:16: error: paginatePath: must be one path segment"
refused "defaultContentLanguageInSubdir" config.json '{"disableKinds": ["taxonomy", "term"],\n "defaultContentLanguageInSubdir": true}\n' \
	"config.json:2:36: error: defaultContentLanguageInSubdir: not implemented"
# Taxonomies: Hugo's tags and categories by default, none with {}.
r=$tmp/tx && mkdir -p "$r/content" && printf -- '---\ntitle: P\ntags: [x]\n---\n' >"$r/content/p.md"
printf 'title = "T"\n' >"$r/hugo.toml"
"$SLUGINDEX" build -c "$r" -o "$tmp/tx.idx" >/dev/null 2>&1
is "$("$SLUGINDEX" dump -i "$tmp/tx.idx" | cut -f1 | grep '^/\(tags\|categories\)' | grep -v '/page/1$' | tr '\n' ' ')" \
	"/categories /tags /tags/x " "taxonomies by default: tags and categories"
printf 'title = "T"\ntaxonomies = {}\n' >"$r/hugo.toml"
"$SLUGINDEX" build -c "$r" -o "$tmp/tx.idx" >/dev/null 2>&1
is "$("$SLUGINDEX" dump -i "$tmp/tx.idx" | cut -f1 | grep -c '^/\(tags\|categories\)')" 0 \
	"taxonomies = {}: none"
refused "a taxonomy plural not a segment" hugo.toml '[taxonomies]\ntag = "my tags"\n' \
	"hugo.toml:2:7: error: taxonomies: each taxonomy's plural must be one path segment"
refused "paginate in params.slugserve" hugo.toml "$off\n[params.slugserve]\npaginate = 5\n" \
	"hugo.toml:3:1: error: params.slugserve: paginate: set by the Hugo config's paginate, not here"
refused "disableKinds section" hugo.toml 'disableKinds = ["taxonomy", "term", "section"]\n' \
	"hugo.toml:1:37: error: disableKinds: 'section': leaving out home, section or page is not implemented"
refused "languages in one folder" hugo.toml "$off\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n" \
	"hugo.toml: error: languages.en: no contentDir: languages in one folder"
refused "a site key in params.slugserve" hugo.toml "$off\n[params.slugserve]\nbase_url = 'https://x.org'\n" \
	"hugo.toml:3:1: error: params.slugserve: base_url: set by the Hugo config's baseURL, not here"
refused "a misspelt slugserve key" hugo.toml "$off\n[params.slugserve]\nalias_mdoe = '301'\n" \
	"hugo.toml:3:1: error: params.slugserve: unknown key 'alias_mdoe' (did you mean 'alias_mode'?)"
mkdir -p "$tmp/o/content" && printf -- '---\ntitle: P\n---\n' >"$tmp/o/content/p.md"
printf '%s\n[outputs]\nhome = ["HTML", "JSON"]\n' "$off" >"$tmp/o/hugo.toml"
like "$("$SLUGINDEX" check -c "$tmp/o" 2>&1)" \
	"hugo.toml:2:2: warning: outputs: Hugo also writes these output formats; slugserve serves the HTML pages only" \
	"outputs: a warning, the pages' paths are the same"
refused "languageCode with a line break" hugo.toml "$off\nlanguageCode = \"en\\\\r\\\\nX-A: b\"\n" \
	"hugo.toml:2:16: error: languageCode: must be a language tag such as en or fr-CA"
refused "bad TOML" hugo.toml "$off\ntitle = = 1\n" "hugo.toml:2:9: error:"
refused "no config" notes.txt 'x\n' "error: no Hugo config"
done_testing
