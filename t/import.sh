#!/bin/sh
# t/import.sh: slugindex import over samples of each format a site's past
# leaves (t/import: the Redirection plugin's CSV and JSON exports, an
# .htaccess with WordPress's own block, an nginx server block, a WXR export
# of the sample site): the rules written, what is reported as not imported
# and at which line, conflicts refused with nothing written; then the
# rules included by a copy of the sample site, built, and every old
# address answered as the list meant, through slugindex lookup.
. "$(dirname "$0")/lib.sh"

in=$top_srcdir/t/import
cp -r "$top_srcdir/data" "$tmp/site" && chmod -R u+w "$tmp/site"
imp() { (cd "$in" && "$SLUGINDEX" import -c "$tmp/site/site.yml" "$@"); }
TAB=$(printf '\t')
NL='
'

out=$(imp -o "$tmp/site/csv.yml" redirection.csv 2>&1); rc=$?
is "$rc" 0 "Redirection CSV: exit 0"
like "$out" "redirection.csv:5: warning: not imported: '/tmp-promo/' is disabled in Redirection" "CSV: a disabled redirect, at its line"
like "$out" "redirection.csv:7: warning: not imported: '/not-found/': status 404 is not one slugserve sends" "CSV: a 404 entry"
like "$out" "redirection.csv:8: warning: not imported: '/elsewhere/': target 'https://other.example.com/' on another host" "CSV: a target on another host"
like "$out" "slugindex import: 5 rules, 3 entries not imported, 0 errors" "CSV: the summary"
y=$(cat "$tmp/site/csv.yml")
like "$y" "- alias: '/2019/03/radar/'$NL  to: '/blog/devops-health-radar/'" "CSV: an exact 301 is an alias; a full URL on the site's own host is a path"
like "$y" "- alias: '/with \"quote\"/'" "CSV: a quoted field with \"\" and a comma in the next one"
like "$y" "- match: '^/gone-forever/\$'$NL  action: 410" "CSV: a 410 needs no target"

out=$(imp -o "$tmp/site/json.yml" redirection.json 2>&1); rc=$?
is "$rc" 0 "Redirection JSON: exit 0"
like "$out" "redirection.json:40: warning: not imported: '/members-only/' depends on 'login', not on the URL alone" "JSON: a conditional redirect, at its line"
like "$out" "redirection.json:64: warning: not imported: '/paused/' is disabled in Redirection" "JSON: a disabled one"
y=$(cat "$tmp/site/json.yml")
like "$y" "- match: '(?i)/Radar/(.*)'" "JSON: a regex without case"
like "$y" "  action: 308" "JSON: its status kept"
like "$y" "- alias: '/?page_id=7'$NL  to: '/about/'" "JSON: an address with a query, an alias with its query"

out=$(imp -o "$tmp/site/apache.yml" htaccess 2>&1); rc=$?
is "$rc" 0 ".htaccess: exit 0 (its format told by its lines)"
like "$out" "htaccess:5: warning: not imported: RewriteRule '^index\\.php\$' is not a redirect (no R or G flag)" ".htaccess: WordPress's own rewrite is not a redirect"
like "$out" "htaccess:8: warning: not imported: RewriteRule depends on the RewriteCond of line 6" ".htaccess: a rule under conditions"
like "$out" "htaccess:18: warning: not imported: RewriteRule '^old-rss\$': target '%{HTTP_HOST}/atom.xml' uses the server's variables" ".htaccess: server variables"
like "$out" "htaccess:19: warning: not imported: RewriteRule flag 'P' is not understood" ".htaccess: a flag not understood"
y=$(cat "$tmp/site/apache.yml")
like "$y" "- match: '^/old-blog(/.*)?\$'$NL  to: '/blog\$1'" "Redirect: a prefix, and everything under it"
like "$y" "- match: '^/temp-page(/.*)?\$'$NL  to: '/about\$1'$NL  action: 302" "Redirect without a status: Apache's 302"
like "$y" "- match: '(?i)^/category/(.*)/?\$'" "RewriteRule [NC], without the first '/' in .htaccess"
like "$y" "- match: '^/relative/?\$'$NL  to: '/about/'" "a relative substitution under RewriteBase"
like "$y" "# htaccess:22" "a directive continued with '\\' is one, at its first line"

out=$(imp -o "$tmp/site/nginx.yml" nginx.conf 2>&1); rc=$?
is "$rc" 0 "nginx: exit 0"
like "$out" "nginx.conf:15: warning: not imported: return 404 in location '/wp-json/' is not a status slugserve sends" "nginx: a 404"
like "$out" "nginx.conf:17: warning: not imported: rewrite '^/internal/(.*)\$' last is not a redirect" "nginx: an internal rewrite"
like "$out" "nginx.conf:19: warning: not imported: return inside an if block" "nginx: if"
like "$out" "nginx.conf:20: warning: not imported: return outside a location: it would answer every request" "nginx: a server-wide return"
y=$(cat "$tmp/site/nginx.yml")
like "$y" "- alias: '/old-about-full'$NL  to: '/about/'" "nginx: \$scheme://\$host is the site"
like "$y" "- match: '^/archive-2018'$NL  to: '/blog/'" "nginx: a prefix location, as nginx compares it"
like "$y" "- match: '^/(\\d{4})/(\\d{2})/([^/]+)/?\$'$NL  to: '/blog/\$3/'$NL  action: 301" "nginx: a quoted rewrite regex, permanent"

out=$(imp -o "$tmp/site/wxr.yml" export.xml 2>&1); rc=$?
is "$rc" 0 "WXR: exit 0"
like "$out" "export.xml:82: warning: not imported: post 31 'A post that was never migrated' (never-migrated): no page fits" "WXR: a post with no page, at its item's line"
like "$out" "6 posts and pages: 4 matched by slug and date, 0 by slug, 1 by title, 1 not matched; 1 attachments" "WXR: how each was matched"
y=$(cat "$tmp/site/wxr.yml")
no() { case "$2" in *"$1"*) fail "$3" "found: $1" ;; *) pass "$3" ;; esac; }
like "$y" "- alias: '/2018/11/moving-to-containers/'$NL  to: '/blog/moving-to-containers/'" "WXR: the old permalink, an alias of the page matched by slug and date"
no "/fr/2019/03/les-meetups" "$y" "WXR: an old permalink the site already has as an alias is left out"
no "p=412" "$y" "WXR: a /?p=ID the page has as wp_id is left out"
no "p=900" "$y" "WXR: a draft is left out"

# Include them first in the site's rules, build, and ask.
sed -i 's/^rules:$/rules:\n  - include: csv.yml\n  - include: json.yml\n  - include: apache.yml\n  - include: nginx.yml\n  - include: wxr.yml/' "$tmp/site/site.yml"
out=$("$SLUGINDEX" build -c "$tmp/site/site.yml" -o "$tmp/site.idx" 2>&1); rc=$?
is "$rc" 0 "the site builds with the five imported rules files" "$out"
look() { "$SLUGINDEX" lookup -i "$tmp/site.idx" "$1" | cut -f1,2; }
is "$(look /old-about)" "200$TAB/about/" "CSV: /old-about is an alias: the page (alias_mode serve)"
is "$("$SLUGINDEX" lookup -i "$tmp/site.idx" /old-about | cut -f4)" alias "CSV: found as an alias, not through the rules"
is "$(look /2019/03/radar/)" "200$TAB/blog/devops-health-radar/" "CSV: a full-URL target"
is "$(look /gone-forever/)" "410$TAB" "CSV: a 410"
is "$(look '/?page_id=7')" "200$TAB/about/" "JSON: an old ?page_id= address"
is "$(look /radar/anything)" "308$TAB/blog/devops-health-radar/" "JSON: a regex without case, 308"
is "$(look /old-blog/devops-health-radar/)" "301$TAB/blog/devops-health-radar/" "Redirect: a path under the prefix keeps its rest"
is "$(look /CATEGORY/news/)" "301$TAB/blog/" "RewriteRule [NC]"
is "$(look /dead/deeper/)" "410$TAB" "Redirect gone: everything under it"
is "$(look /archive-2018-old/)" "301$TAB/blog/" "nginx: a prefix location"
is "$(look '/?p=500')" "200$TAB/news/welcome-to-2020/" "WXR: /?p=ID"
is "$(look /2020/01/06/welcome-to-2020/)" "200$TAB/news/welcome-to-2020/" "WXR: the old permalink"
is "$(look /2020/01/06/welcome-to-2020/fireworks/)" "200$TAB/news/welcome-to-2020/" "WXR: an attachment page, to its post"
is "$(look /2017/05/cloud-glossary/)" "200$TAB/blog/glossary-of-cloud-native-terms/" "WXR: matched by title"
sed -i 's/^alias_mode: serve$/alias_mode: 301/' "$tmp/site/site.yml"
"$SLUGINDEX" build -c "$tmp/site/site.yml" -o "$tmp/site.idx" 2>/dev/null
is "$(look /2017/05/cloud-glossary/)" "301$TAB/blog/glossary-of-cloud-native-terms/" "with alias_mode 301, the imported aliases redirect"

# An imported alias is checked against the site's own paths at build.
printf 'source,target,regex,code\n/blog/devops-health-radar/,/about/,0,301\n/old-x/,/no-such-page/,0,301\n' >"$tmp/site/clash.csv"
(cd "$tmp/site" && "$SLUGINDEX" import -o clash.yml clash.csv 2>/dev/null)
sed -i 's/^  - include: csv.yml$/  - include: clash.yml\n  - include: csv.yml/' "$tmp/site/site.yml"
out=$(cd "$tmp/site" && "$SLUGINDEX" build -c site.yml -o "$tmp/clash.idx" 2>&1); rc=$?
is "$rc" 1 "an imported alias on a page's own path: the build is refused"
like "$out" "./clash.yml:7:3: error: path '/blog/devops-health-radar' (alias) is also claimed by" "named at its line in the rules file"
like "$out" "./clash.yml:10:3: warning: alias '/old-x/': '/no-such-page/' names no page: left out" "an alias to no page: a warning"
sed -i '/^  - include: clash.yml$/d' "$tmp/site/site.yml"

# A conflict: nothing is written, both lines are named.
printf 'source,target,regex,code\n/a/,/about/,0,301\n/b/,/blog/,0,301\n/a,/blog/,0,301\n' >"$tmp/conflict.csv"
echo keep >"$tmp/out.yml"
out=$(cd "$tmp" && "$SLUGINDEX" import -o out.yml conflict.csv 2>&1); rc=$?
is "$rc" 1 "a conflict: exit 1"
like "$out" "conflict.csv:4: error: '/a' is also sent to '/about/' by conflict.csv:2" "names both lines"
is "$(cat "$tmp/out.yml")" keep "nothing is written"
printf 'source,target,regex,code\n/a/,/about/,0,301\n/a/,/about/,0,301\n' >"$tmp/twice.csv"
out=$(cd "$tmp" && "$SLUGINDEX" import twice.csv 2>&1); rc=$?
like "$out" "twice.csv:3: warning: the same redirect as twice.csv:2: imported once" "the same redirect twice: kept once"
is "$(echo "$out" | grep -c '^- alias')" 1 "one alias"
out=$(cd "$in" && "$SLUGINDEX" import redirection.csv 2>&1)
like "$out" "'/2019/03/radar/': target 'https://www.example.org/blog/devops-health-radar/' a full URL: give the site config (-c)" \
	"without -c, a full URL cannot be told to be the site's"
out=$(cd "$in" && "$SLUGINDEX" import export.xml 2>&1); rc=$?
is "$rc" 1 "WXR without -c: exit 1"
like "$out" "a WXR export is matched to the site's pages: give the site config with -c" "and says why"
printf 'what is this\n' >"$tmp/mystery"
out=$("$SLUGINDEX" import "$tmp/mystery" 2>&1); rc=$?
is "$rc" 1 "a file of no known format: exit 1"
like "$out" "which format is it?: give it with -f" "asks for -f"
out=$("$SLUGINDEX" import -f apache "$tmp/mystery" 2>&1); rc=$?
is "$rc" 0 "-f apache: read as such (nothing in it)"
printf '<rss><channel><item>\n<title>x</title>\n</channel>' >"$tmp/bad.xml"
out=$("$SLUGINDEX" import -c "$tmp/site/site.yml" "$tmp/bad.xml" 2>&1); rc=$?
is "$rc" 1 "malformed XML: exit 1"
like "$out" "bad.xml:3:3: error: mismatched tag" "with expat's reason at line and column"
# Edges a review found: each once read wrongly.
{
	echo 'RedirectMatch 301 ^(/old/.*)$ /new$1'
	echo 'RewriteRule ^(/x/.*)$ /y$1 [R=permanent,L]'
	printf 'RedirectMatch 301 ^/(%s)/?$ /about/\n' "$(i=0; while [ $i -lt 700 ]; do printf 'old-post-%04d|' $i; i=$((i + 1)); done)x"
} >"$tmp/edges.htaccess"
out=$(cd "$tmp" && "$SLUGINDEX" import -f apache edges.htaccess 2>&1)
like "$out" "- match: '^(/old/.*)/?\$'" "RedirectMatch '^(/...': not made relative"
like "$out" "- match: '^(/x/.*)/?\$'$NL  to: '/y\$1'$NL  action: 301" "RewriteRule with a leading '/' (server config), R=permanent"
like "$out" "edges.htaccess:3: warning: not imported: a directive too long to read whole" "a line too long is reported, not cut"
printf 'server {\n location /old/ { return 301 /new$request_uri; }\n location @fallback { return 301 /about/; }\n location = /r { return 301; }\n}\n' >"$tmp/edges.conf"
out=$(cd "$tmp" && "$SLUGINDEX" import edges.conf 2>&1)
like "$out" "edges.conf:2: warning: not imported: '/old/': target '/new\$request_uri' uses nginx's variables" "nginx: a variable in a prefix location's target"
like "$out" "edges.conf:3: warning: not imported: location '@fallback' is named" "nginx: a named location"
like "$out" "edges.conf:4: warning: not imported: return 301 in location '/r' has no URL" "nginx: a return without a URL"
printf 'source,target,regex,code\n/a,/price-$5/,0,301\n/b,"/c\001d",0,301\n/c,/about/,0,301abc\n' >"$tmp/edges.csv"
out=$(cd "$tmp" && "$SLUGINDEX" import edges.csv 2>&1)
like "$out" "- alias: '/a'$NL  to: '/price-\$5/'" "an alias's target keeps its '\$' (no \$\$)"
like "$out" "edges.csv:3: warning: not imported: '/b': target '/c" "a control byte in a target is refused"
like "$out" "edges.csv:4: warning: not imported: '/c': code '301abc' is not a number" "a code that is not a number"
q=$(head -c 5000 /dev/zero | tr '\0' x)
printf -- "- alias: '/long?%s'\n  to: /about/\n" "$q" >"$tmp/site/long.yml"
sed -i 's/^rules:$/rules:\n  - include: long.yml/' "$tmp/site/site.yml"
out=$(cd "$tmp/site" && "$SLUGINDEX" build -c site.yml -o "$tmp/long.idx" 2>&1); rc=$?
is "$rc" 1 "an alias with a query longer than a request may send: refused"
like "$out" "./long.yml:1:3: error: alias '/long?" "named at its line"
like "$("$SLUGINDEX" import --help)" "usage: slugindex import" "import --help"
done_testing
