#!/bin/sh
# t/cli.sh: slugindex end to end on a small site made here: build, check,
# lookup, dump, and every kind of bad input, which must be reported with
# file:line:column and must leave the previous index exactly as it was.
. "$(dirname "$0")/lib.sh"

site=$tmp/site
mkdir -p "$site/content/en/blog/bundle" "$site/content/fr/blog"
cat >"$site/site.yml" <<'YML'
title: Test & Site
base_url: https://www.example.org/
cache_control: "public, max-age=60"
content:
  - dir: content/en
    lang: en
  - dir: content/fr
    lang: fr
    prefix: /fr
YML
cat >"$site/content/en/blog/first-post.md" <<'MD'
---
title: "First <post>"
date: 2019-03-08
author: Ann
aliases:
  - /2019/03/first-post/
  - old-first
  - /First%20Post.html
---
Hello *world*.

<div class="raw">kept</div>
MD
cat >"$site/content/en/blog/bundle/index.md" <<'MD'
{
  "title": "A bundle",
  "lastmod": "2020-01-02T03:04:05Z",
  "aliases": ["/bundle-old/"]
}
Bundle body.
MD
cat >"$site/content/en/blog/draft.md" <<'MD'
---
title: Draft
draft: true
---
Not yet.
MD
cat >"$site/content/en/blog/future.md" <<'MD'
---
title: Future
publishDate: 2999-01-01
---
Later.
MD
cat >"$site/content/fr/blog/premier.html" <<'MD'
---
title: Premier billet
slug: /premier-billet
date: "2019-03-09"
aliases:
    - /fr/2019/03/premier-billet/
    - /fr/2018/02/l%E2%80%89espace/
---
<p>Bonjour.</p>
MD

idx=$tmp/site.idx
run_ok "build the site" "$SLUGINDEX" build -c "$site/site.yml" -o "$idx"
magic=$(head -c 8 "$idx" | od -An -c | tr -d ' \n')
is "$magic" '177SLUGIDX' "the index starts with its magic number"
is "$(ls "$tmp" | grep -c 'site.idx.tmp')" 0 "no temporary file is left"

lookup() { "$SLUGINDEX" lookup -i "$idx" "$@"; }
T=$(printf '\t')
FP="/blog/first-post/${T}First <post>"
is "$(lookup /blog/first-post/)" "200$T$FP${T}page" "canonical path"
is "$(lookup /blog/first-post)" "301$T$FP${T}spelling" "without the trailing slash: the 301 the server sends"
is "$(lookup '/blog/first-post?a=b c')" "301$T/blog/first-post/?a=b%20c${T}First <post>${T}spelling" "the query goes into the Location, encoded"
is "$(lookup /blog/%66irst-post/)" "301$T$FP${T}spelling" "percent-encoded letters"
is "$(lookup /blog/./x/../first-post//)" "301$T$FP${T}spelling" "dot segments and //"
is "$(lookup /2019/03/first-post/)" "200$T$FP${T}alias" "absolute alias"
is "$(lookup /blog/old-first/)" "200$T$FP${T}alias" "relative alias resolves against the section"
is "$(lookup '/First%20Post.html')" "200$T$FP${T}alias" "alias with .html and an escaped space"
is "$(lookup /blog/bundle/)" "200$T/blog/bundle/${T}A bundle${T}page" "bundle with JSON front matter"
is "$(lookup /bundle-old)" "200$T/blog/bundle/${T}A bundle${T}alias" "JSON alias"
is "$(lookup /fr/blog/premier-billet/)" "200$T/fr/blog/premier-billet/${T}Premier billet${T}page" "French slug with a leading slash"
is "$(lookup /fr/2019/03/premier-billet/)" "200$T/fr/blog/premier-billet/${T}Premier billet${T}alias" "prefixed alias is not prefixed twice"
is "$(lookup /fr/fr/2019/03/premier-billet/)" "404$T$T${T}none" "no /fr/fr/ path"
is "$(lookup "/fr/2018/02/l$(printf '\342\200\211')espace/")" "200$T/fr/blog/premier-billet/${T}Premier billet${T}alias" "escaped alias matches the literal character"
is "$(lookup /fr/2018/02/l%E2%80%89espace/)" "200$T/fr/blog/premier-billet/${T}Premier billet${T}alias" "escaped alias"
is "$(lookup /blog/draft/)" "404$T$T${T}none" "drafts are left out"
is "$(lookup /blog/future/)" "404$T$T${T}none" "future pages are left out"
is "$(lookup /nowhere/)" "404$T$T${T}none" "unknown path"
is "$(lookup -m POST /blog/first-post/)" "405$T$T${T}none" "-m POST: 405, as the server"
is "$(lookup -m HEAD /blog/first-post/)" "200$T$FP${T}page" "-m HEAD: as GET"
like "$(lookup /bad%zz)" "400" "malformed escape is 400"
like "$(lookup /a%00b)" "400" "NUL is 400"
like "$(lookup /a%C0%AF)" "400" "overlong UTF-8 is 400"

"$SLUGINDEX" dump -i "$idx" >"$tmp/dump"
is "$(LC_ALL=C sort "$tmp/dump" | cmp - "$tmp/dump" && echo sorted)" sorted "dump is sorted"
is "$(wc -l <"$tmp/dump" | tr -d ' ')" 31 "dump lists every key: 9 paths, 4 home and section pages and their /page/1/, 9 archives, 2 feeds and their /feed/ aliases, the sitemap"
like "$(cat "$tmp/dump")" "/2019/03/first-post$T/blog/first-post/" "dump names the canonical path"

run_ok "--drafts keeps drafts" "$SLUGINDEX" build --drafts -c "$site/site.yml" -o "$tmp/drafts.idx"
like "$("$SLUGINDEX" lookup -i "$tmp/drafts.idx" /blog/draft/)" "200" "draft found with --drafts"
like "$("$SLUGINDEX" --help)" "usage: slugindex build" "--help"
like "$("$SLUGINDEX" --version)" "slugindex " "--version"
run_fails "unknown command" "$SLUGINDEX" frobnicate
like "$("$SLUGINDEX" build --help)" "usage: slugindex build -c SITE.yml" "build --help: build's own help"
is "$("$SLUGINDEX" help build)" "$("$SLUGINDEX" build --help)" "help build: the same text"
like "$("$SLUGINDEX" lookup -h)" "usage: slugindex lookup -i FILE.idx" "lookup -h: lookup's own help"
run_fails "help for an unknown command" "$SLUGINDEX" help frobnicate

# Bad input: each case breaks one copy of the site, must report the
# position, and must leave the index exactly as it was.
cp "$idx" "$tmp/good.idx"
bad_case() { # NAME FILE CONTENT EXPECTED-MESSAGE
	rm -rf "$tmp/bad" && cp -r "$site" "$tmp/bad"
	printf '%b' "$3" >"$tmp/bad/$2"
	out=$("$SLUGINDEX" build -c "$tmp/bad/site.yml" -o "$idx" 2>&1)
	rc=$?
	is "$rc" 1 "$1: build fails"
	like "$out" "$4" "$1: message names the place"
	if cmp -s "$idx" "$tmp/good.idx"; then pass "$1: old index untouched"
	else fail "$1: old index untouched"; fi
}
bad_case "malformed YAML" content/en/blog/x.md '---\ntitle: "unclosed\ndate: 2019-01-01\n---\nbody\n' \
	"content/en/blog/x.md:4:1: error: malformed YAML: a quoted string is not closed (opened at line 2, column 8)"
bad_case "number for aliases" content/en/blog/x.md '---\ntitle: X\naliases: 42\n---\nbody\n' \
	"content/en/blog/x.md:3:10: error: aliases: must be a list of paths, not a number"
bad_case "mapping for title" content/en/blog/x.md '---\ntitle:\n  a: b\n---\n' \
	"content/en/blog/x.md:3:3: error: title: must be a string"
bad_case "bad date" content/en/blog/x.md '---\ntitle: X\ndate: 2019-13-45\n---\n' \
	"content/en/blog/x.md:3:7: error: date: not a date"
bad_case "alias that is a URL" content/en/blog/x.md '---\naliases:\n  - https://example.org/x\n---\n' \
	"content/en/blog/x.md:3:5: error: alias 'https://example.org/x': an alias must be a path, not a URL"
bad_case "invalid UTF-8 in an alias" content/en/blog/x.md '---\naliases: ["/a%C3%28"]\n---\n' \
	"content/en/blog/x.md:2:11: error: path /a%C3%28: path is not valid UTF-8"
long=$(printf '%02000d' 0 | sed 's/0/\\303\\251/g')
bad_case "alias no request could reach (over 8 KiB encoded)" content/en/blog/x.md "---\\naliases: [/$long]\\n---\\n" \
	"...: path too long"
bad_case "not a text file" content/en/blog/x.md '---\ntitle: X\n---\nab\000cd\n' \
	"content/en/blog/x.md:4:3: error: not a text file"
bad_case "invalid UTF-8 text" content/en/blog/x.md '---\ntitle: caf\351\n---\n' \
	"content/en/blog/x.md:2:11: error: not valid UTF-8"
bad_case "unclosed front matter" content/en/blog/x.md '---\ntitle: X\n' \
	"content/en/blog/x.md:1:1: error: front matter opened with --- is never closed"
bad_case "malformed TOML front matter" content/en/blog/x.md '+++\ntitle = "X"\ndate = 2019-02-29\n+++\n' \
	"content/en/blog/x.md:3:8: error: malformed TOML: not a valid date"
bad_case "TOML key defined twice" content/en/blog/x.md '+++\n[params]\na = 1\n[params]\n+++\n' \
	"content/en/blog/x.md:4:2: error: malformed TOML: table 'params' is already defined"
bad_case "two pages claim one alias" content/en/blog/x.md '---\naliases: [/2019/03/first-post/]\n---\n' \
	"path '/2019/03/first-post' (alias) is also claimed by"
bad_case "alias claims another page's path" content/en/blog/x.md '---\naliases: [/blog/bundle/]\n---\n' \
	"is also claimed by $tmp/bad/content/en/blog/bundle/index.md (canonical path)"
bad_case "config: wrong alias_mode" site.yml 'alias_mode: 302\ncontent:\n  - dir: content/en\n' \
	"site.yml:1:13: error: alias_mode: must be serve, 301 or 308"
bad_case "config: bad prefix" site.yml 'content:\n  - dir: content/en\n    prefix: fr\n' \
	"site.yml:3:13: error: prefix: must be a path"
bad_case "config: malformed" site.yml 'content: [\n' "site.yml:2:1: error: malformed YAML"
rm -rf "$tmp/bad" && cp -r "$site" "$tmp/bad"
printf '<p>{{ title </p>\n' >"$tmp/bad/layout.html"
printf 'layout: layout.html\ncontent:\n  - dir: content/en\n' >"$tmp/bad/site.yml"
out=$("$SLUGINDEX" build -c "$tmp/bad/site.yml" -o "$idx" 2>&1)
like "$out" "layout.html:1:4: error: layout" "layout error is reported with its position"
cmp -s "$idx" "$tmp/good.idx" && pass "layout error: old index untouched" || fail "layout error: old index untouched"

# check: lists every problem and exits 1; shortcodes are warnings.
rm -rf "$tmp/bad" && cp -r "$site" "$tmp/bad"
printf -- '---\ntitle: A\n---\nx\n{{< youtube abc >}}\n' >"$tmp/bad/content/en/blog/sc.md"
out=$("$SLUGINDEX" check -c "$tmp/bad/site.yml" 2>&1); rc=$?
is "$rc" 0 "check: shortcodes are not errors"
like "$out" "content/en/blog/sc.md:5:1: warning: Hugo shortcode {{< youtube abc >}}" "check: shortcode named with file and line"
printf -- '---\ndate: nope\n---\n' >"$tmp/bad/content/en/blog/a.md"
printf -- '---\naliases: 7\n---\n' >"$tmp/bad/content/en/blog/b.md"
out=$("$SLUGINDEX" check -c "$tmp/bad/site.yml" 2>&1); rc=$?
is "$rc" 1 "check: exits 1 on errors"
like "$out" "a.md:2:7: error" "check: first error listed"
like "$out" "b.md:2:10: error" "check: second error listed"

# A truncated or bit-flipped index is refused with a reason.
head -c 1000 "$idx" >"$tmp/short.idx"
like "$("$SLUGINDEX" lookup -i "$tmp/short.idx" / 2>&1)" "truncated" "truncated index refused"
cp "$idx" "$tmp/flip.idx"
printf '\377' | dd of="$tmp/flip.idx" bs=1 seek=300 conv=notrunc 2>/dev/null
like "$("$SLUGINDEX" lookup -i "$tmp/flip.idx" / 2>&1)" "checksum" "bit-flipped index refused"
printf 'hello' >"$tmp/foreign.idx"
run_fails "foreign file refused" "$SLUGINDEX" lookup -i "$tmp/foreign.idx" /

# A site mixing YAML and TOML front matter: the keys mean the same in both.
mixed=$tmp/mixed
mkdir -p "$mixed/content/blog"
printf 'content:\n  - dir: content\n' >"$mixed/site.yml"
printf -- '---\ntitle: From YAML\ndate: 2019-03-08\naliases: [/old-yaml/]\n---\nY.\n' \
	>"$mixed/content/blog/yaml-page.md"
cat >"$mixed/content/blog/toml-page.md" <<'MD'
+++
title = "From TOML"
date = 2019-03-09T10:00:00Z
slug = "toml-slug"
aliases = ["/old-toml/", "older"]
[params]
author = "Ann"
+++
T.
MD
printf '+++\ntitle = "Draft"\ndraft = true\n+++\nNo.\n' >"$mixed/content/blog/toml-draft.md"
printf '+++\ntitle = "Later"\npublishDate = 2999-01-01\n+++\nNo.\n' >"$mixed/content/blog/toml-future.md"
run_ok "mixed YAML and TOML pages build" "$SLUGINDEX" build -c "$mixed/site.yml" -o "$tmp/mixed.idx"
mlookup() { "$SLUGINDEX" lookup -i "$tmp/mixed.idx" "$@"; }
is "$(mlookup /blog/yaml-page/)" "200$T/blog/yaml-page/${T}From YAML${T}page" "mixed: the YAML page"
is "$(mlookup /blog/toml-slug/)" "200$T/blog/toml-slug/${T}From TOML${T}page" "mixed: the TOML page, by its slug"
is "$(mlookup /old-toml/)" "200$T/blog/toml-slug/${T}From TOML${T}alias" "mixed: a TOML alias"
is "$(mlookup /blog/older/)" "200$T/blog/toml-slug/${T}From TOML${T}alias" "mixed: a relative TOML alias"
is "$(mlookup /blog/toml-draft/)" "404$T$T${T}none" "mixed: a TOML draft is left out"
is "$(mlookup /blog/toml-future/)" "404$T$T${T}none" "mixed: a future TOML publishDate is left out"
run_ok "mixed: check is clean" "$SLUGINDEX" check -c "$mixed/site.yml"

done_testing
