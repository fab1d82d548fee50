#!/bin/sh
# t/linkcheck.sh: slugindex check's internal link check on a small site
# written here: HTML and Markdown pages with every kind of link (paths,
# relative references, the site's own host in http and https, other hosts,
# fragments, schemes), links that only look like links (comments, script,
# text, Markdown code), and each answer (page, alias, rule redirect, 404,
# 410, a file): the warnings, their exact file:line:column, and the counts.
. "$(dirname "$0")/lib.sh"

s=$tmp/site
mkdir -p "$s/content/blog"
cat >"$s/site.yml" <<'YML'
title: Links
base_url: https://www.example.org
content:
  - dir: content
rules:
  - match: '^/\d{4}/\d{2}/([^/]+)/$'
    to: '/blog/$1/'
    action: 301
  - match: '^/wp-admin/'
    action: 410
YML
cat >"$s/content/blog/target.md" <<'MD'
---
title: Target
aliases:
  - /old-target/
---
The page everything links to.
MD
# An HTML page: its body starts on line 4.
cat >"$s/content/blog/page.html" <<'HTML'
---
title: An HTML page
---
<p><a href="/blog/target/">fine</a> <a href="/old-target/">alias</a></p>
<p><a href='/2019/03/target/'>rule</a> <a href=/nowhere/>unquoted 404</a></p>
<!-- <a href="/in-a-comment/">not a link</a> -->
<script>var x = '<a href="/in-a-script/">';</script>
<p>Text that says href="/in-text/" is not a link.</p>
<p><a href="https://www.example.org/wp-admin/x">gone</a>
<a href="http://WWW.EXAMPLE.ORG/blog/target/#top">host, any case, fragment</a>
<a href="https://other.example.com/nowhere/">another site</a>
<a href="#section">fragment</a> <a href="mailto:a@example.org">mail</a>
<img src="/images/photo.jpeg"> <img src="/missing-page">
<a href="../target/?a=1&amp;b=2">relative</a> <a href="./">itself</a>
<a href="target">relative, no slash</a></p>
HTML
# A Markdown page: its body starts on line 4.
cat >"$s/content/blog/notes.md" <<'MD'
---
title: Notes
---
A [link](/blog/target/) and an [alias](/old-target/ "title").

![an image](/images/a.png) and ![a page](/nowhere-md/)

    <a href="/in-indented-code/">code</a>

```
[in a fence](/in-a-fence/)
```

`[in a code span](/in-a-code-span/)` and <https://www.example.org/autolink-404/>

<div class="x"><a href="/html-block-404/">raw HTML</a></div>

Inline <a href="/inline-html-404/">HTML</a> and [ref][r].

[r]: /2019/03/target/
MD
cat >"$s/content/blog/quoted.md" <<'MD'
---
title: Quoted
---
> quoted <a href="/nope-quoted/">x</a>

- item
  <a href="/nope-listed/">y</a>
MD
out=$(cd "$s" && TMPDIR=$tmp "$SLUGINDEX" check -c site.yml 2>&1); rc=$?
is "$rc" 0 "links are warnings: check still exits 0"
# w LINE NAME: the output has LINE; on failure show the link lines only
w() {
	if printf '%s\n' "$out" | grep -qF -- "$1"; then pass "$2"
	else fail "$2" "want: $1" "$(printf '%s\n' "$out" | grep 'link')"; fi
}
no() { case "$out" in *"$1"*) fail "$2" "found: $1" ;; *) pass "$2" ;; esac; }
P=./content/blog/page.html
w "$P:4:46: warning: link to '/old-target/' is an alias (200): link to '/blog/target/' instead" "HTML: an alias, at its line and column, with the canonical path"
w "$P:5:13: warning: link to '/2019/03/target/' is redirected (301): link to '/blog/target/' instead" "HTML: a single-quoted link a rule redirects"
w "$P:5:48: warning: link to '/nowhere/' answers nothing (404)" "HTML: an unquoted value"
w "$P:9:13: warning: link to 'https://www.example.org/wp-admin/x' is gone (410)" "the site's own host in https: a 410 by a rule"
w "$P:13:42: warning: link to '/missing-page' answers nothing (404)" "an img src that is not a file and not a page"
no "in-a-comment" "a link in a comment is not a link"
no "in-a-script" "a link in a script is not a link"
no "in-text" "href= in the text is not a link"
no "other.example.com" "another host is not checked"
no "WWW.EXAMPLE.ORG" "the host in another case and a fragment: the page, fine"
no "/images/photo.jpeg" "an image file is not a page: not checked"
no "'../target/?a=1&b=2'" "a relative link with &amp; in its query: the page, fine"
no "'./'" "./ is the page itself"
w "$P:15:10: warning: link to 'target' answers nothing (404)" "a relative link without a slash resolves against the page's folder"
M=./content/blog/notes.md
w "$M:4:40: warning: link to '/old-target/' is an alias (200)" "Markdown: a link's destination, at its column"
w "$M:6:42: warning: link to '/nowhere-md/' answers nothing (404)" "Markdown: an image that names no page"
w "$M:14:43: warning: link to 'https://www.example.org/autolink-404/' answers nothing (404)" "Markdown: an autolink"
w "$M:16:25: warning: link to '/html-block-404/' answers nothing (404)" "Markdown: raw HTML in a block"
w "$M:18:17: warning: link to '/inline-html-404/' answers nothing (404)" "Markdown: inline raw HTML"
w "$M:20:6: warning: link to '/2019/03/target/' is redirected (301)" "Markdown: a reference definition"
Q=./content/blog/quoted.md
w "$Q:4:19: warning: link to '/nope-quoted/' answers nothing (404)" "Markdown: raw HTML in a block quote, at its column in the source"
w "$Q:7:12: warning: link to '/nope-listed/' answers nothing (404)" "Markdown: raw HTML in a list item, at its column"
no "in-indented-code" "Markdown: indented code is not a link"
no "in-a-fence" "Markdown: a fenced code block is not a link"
no "in-a-code-span" "Markdown: a code span is not a link"
w "slugindex: links: 19 to the site's pages: 5 fine, 10 answer nothing, 2 redirected, 2 to aliases" "the summary counts each answer"
w "2 to files that are not pages (not checked), 1 to other sites, 2 other" "and the links not checked"
is "$(echo "$out" | grep -c 'warning: link')" 14 "fourteen link warnings, no more"
out=$(cd "$s" && TMPDIR=$tmp "$SLUGINDEX" build -c site.yml -o "$tmp/x.idx" 2>&1)
no "warning: link" "build does not check links (check does)"
is "$(ls "$tmp" | grep -c slugindex-check)" 0 "the temporary index of check is removed"
done_testing
