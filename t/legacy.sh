#!/bin/sh
# t/legacy.sh: every legacy URL shape a WordPress past leaves behind answers
# with the right page, redirect or 410, through CGI and through FastCGI:
# the sample's WordPress rules (data/site.yml), archives, feeds, sitemap,
# /?p=ID, translations; rule actions and limits on a test config; and every
# alias of the real corpus plus its /YYYY/MM/post/ shapes. Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
SERVE_LIB=1 . "$here/serve-cgi.sh"
tmp=$(mktemp -d) || exit 1
# run as root, slugserve -s drops to SLUGSERVE_USER (Makefile.am), who
# must read the index and remove its socket here
[ -z "${SLUGSERVE_USER:-}" ] || chown "$SLUGSERVE_USER" "$tmp"; chmod 755 "$tmp"
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
: "${SLUG_CORPUS:=$top_srcdir/../shared/corpus/cloudops-co-website}"
post=/blog/moving-to-containers/
meetups=les-meetups-kubernetes-et-cloud-native-de-lest-du-canada-de-mars-2019

# cases_sample MODE: the sample site's legacy shapes.
cases_sample() {
	m=$1
	expect "$m: /Y/M/D/post/ rule" 301 $post -- REQUEST_METHOD=GET REQUEST_URI=/2018/11/02/moving-to-containers/
	expect "$m: /Y/M/post/ rule" 301 $post -- REQUEST_METHOD=GET REQUEST_URI=/2018/11/moving-to-containers/
	expect "$m: French /fr/Y/M/D/post/" 301 "/fr/blog/$meetups/" -- REQUEST_METHOD=GET "REQUEST_URI=/fr/2019/03/08/$meetups/"
	expect "$m: /post/amp/" 301 $post -- REQUEST_METHOD=GET REQUEST_URI=${post}amp/
	expect "$m: comment feed" 301 /atom.xml -- REQUEST_METHOD=GET REQUEST_URI=${post}feed/
	expect "$m: French comment feed" 301 /fr/atom.xml -- REQUEST_METHOD=GET "REQUEST_URI=/fr/blog/$meetups/feed/"
	expect "$m: category" 301 /blog/ -- REQUEST_METHOD=GET REQUEST_URI=/category/kubernetes/
	expect "$m: tag" 301 /blog/ -- REQUEST_METHOD=GET REQUEST_URI=/tag/docker/
	expect "$m: wp-login.php is gone" 410 "" -- REQUEST_METHOD=GET REQUEST_URI=/wp-login.php
	expect "$m: wp-admin is gone" 410 "" -- REQUEST_METHOD=GET REQUEST_URI=/wp-admin/post.php
	expect "$m: /postname/ at the top" 301 $post -- REQUEST_METHOD=GET REQUEST_URI=/moving-to-containers/
	expect "$m: rule redirect keeps the query" 301 "$post?utm=x" -- REQUEST_METHOD=GET "REQUEST_URI=/moving-to-containers/?utm=x"
	expect "$m: HEAD on a rule" 301 $post -- REQUEST_METHOD=HEAD REQUEST_URI=/moving-to-containers/
	request REQUEST_METHOD=GET REQUEST_URI=/no-such-post/
	check "$m: rule target that names no page: 404" is_status 404
	check "$m: ... in the layout" body_has "Cloud Native Notes"
	request REQUEST_METHOD=GET "REQUEST_URI=/?p=412"
	check "$m: /?p=ID (wp_id): 200" is_status 200
	check "$m: /?p=ID: the post" body_has "Moving a Legacy Application to Containers"
	check "$m: /?p=ID: rel=canonical" is_header Link "<https://www.example.org$post>; rel=\"canonical\""
	expect "$m: /index.php?p=ID&x" 301 "$post?p=412&x=1" -- REQUEST_METHOD=GET "REQUEST_URI=/index.php?p=412&x=1"
	expect "$m: /?p=unknown is the home page" 200 "" -- REQUEST_METHOD=GET "REQUEST_URI=/?p=999"
	request REQUEST_METHOD=GET REQUEST_URI=/2018/
	check "$m: year archive" is_status 200
	check "$m: year archive lists the post" body_has "href=\"$post\""
	expect "$m: month archive" 200 "" -- REQUEST_METHOD=GET REQUEST_URI=/2018/11/
	expect "$m: day archive" 200 "" -- REQUEST_METHOD=GET REQUEST_URI=/2018/11/02/
	expect "$m: empty year: 404" 404 "" -- REQUEST_METHOD=GET REQUEST_URI=/2012/
	request REQUEST_METHOD=GET REQUEST_URI=/fr/2019/03/
	check "$m: French month archive" is_status 200
	check "$m: ... Content-Language fr" is_header Content-Language fr
	request REQUEST_METHOD=GET REQUEST_URI=/atom.xml
	check "$m: feed" is_header Content-Type "application/atom+xml; charset=utf-8"
	check "$m: feed is well-formed XML" xml_ok
	check "$m: feed has the post" body_has "https://www.example.org$post"
	request REQUEST_METHOD=GET REQUEST_URI=/fr/feed/
	check "$m: /fr/feed/ is the French feed" body_has 'xml:lang="fr"'
	check "$m: /fr/feed/ is well-formed XML" xml_ok
	request REQUEST_METHOD=GET REQUEST_URI=/sitemap.xml
	check "$m: sitemap" is_header Content-Type "application/xml; charset=utf-8"
	check "$m: sitemap is well-formed XML" xml_ok
	check "$m: sitemap lists a page with lastmod" body_has "<loc>https://www.example.org$post</loc><lastmod>2019-01-15</lastmod>"
	request REQUEST_METHOD=GET "REQUEST_URI=/fr/blog/$meetups/"
	check "$m: translation: hreflang to the English page" body_has 'hreflang="en" href="https://www.example.org/blog/kubernetes-meetups-march-2019/"'
	check "$m: French page: Content-Language" is_header Content-Language fr
}

xml_ok() { command -v xmllint >/dev/null 2>&1 || return 0; xmllint --noout "$tmp/body"; }

# cases_actions MODE: serve, 302, 307, 308, 410, the one hop and the limits.
cases_actions() {
	m=$1
	request REQUEST_METHOD=GET REQUEST_URI=/old-blog/moving-to-containers/
	check "$m: action serve: 200" is_status 200
	check "$m: action serve: rel=canonical" is_header Link "<https://www.example.org$post>; rel=\"canonical\""
	expect "$m: action 302" 302 $post -- REQUEST_METHOD=GET REQUEST_URI=/r302/moving-to-containers/
	expect "$m: action 307" 307 $post -- REQUEST_METHOD=GET REQUEST_URI=/r307/moving-to-containers/
	expect "$m: action 308" 308 $post -- REQUEST_METHOD=GET REQUEST_URI=/r308/moving-to-containers/
	expect "$m: named group \${slug}" 301 $post -- REQUEST_METHOD=GET REQUEST_URI=/named/moving-to-containers/
	expect "$m: file-like path keeps no slash" 301 $post -- REQUEST_METHOD=GET REQUEST_URI=/moving-to-containers.html
	expect "$m: a rule leading to a rule: 404 (one hop)" 404 "" -- REQUEST_METHOD=GET REQUEST_URI=/hop/moving-to-containers/
	a=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
	start=$(date +%s)
	expect "$m: catastrophic pattern stops at its limit" 404 "" -- REQUEST_METHOD=GET "REQUEST_URI=/evil/$a$a!/"
	check "$m: ... within 2 seconds" test $(( $(date +%s) - start )) -le 2
}

actions_config() {
	data=$(cd "$top_srcdir/data" && pwd)
	cat >"$tmp/actions.yml" <<YML
base_url: https://www.example.org
content:
  - dir: $data/content/english
    lang: en
rules:
  - match: '^/old-blog/([^/]+)/\$'
    to: '/blog/\$1/'
    action: serve
  - match: '^/r302/([^/]+)/\$'
    to: '/blog/\$1/'
    action: 302
  - match: '^/r307/([^/]+)/\$'
    to: '/blog/\$1/'
    action: 307
  - match: '^/r308/([^/]+)/\$'
    to: '/blog/\$1/'
    action: 308
  - match: '^/named/(?<slug>[^/]+)/\$'
    to: '/blog/\${slug}/'
  - match: '^/([^/]+)\\.html\$'
    to: '/blog/\$1/'
  - match: '^/hop/([^/]+)/\$'
    to: '/old-blog/\$1/'
  - match: '^/evil/(a+)+\$'
    to: '/blog/x/'
YML
}

# cases_corpus MODE: every alias of the real corpus answers 200 with its
# page, and /YYYY/MM/post/ for posts that list no such alias is a 301.
cases_corpus() {
	m=$1
	bad=0 n=0
	while IFS="$(printf '\t')" read -r key url; do
		n=$((n + 1))
		request REQUEST_METHOD=GET "REQUEST_URI=$key"
		st=$(status)
		case "$st" in
		200) ;;
		301) [ "$(header Location)" = "$url" ] || { bad=$((bad + 1)); echo "# $key: 301 to $(header Location)"; } ;;
		*) bad=$((bad + 1)); echo "# $key: $st" ;;
		esac
	done <"$tmp/corpus-keys"
	is_zero() { test "$1" = 0; }
	check "$m: all $n corpus keys answer 200 or 301 to their page" is_zero "$bad"
	bad=0 n=0
	for name in $(grep -o '^/blog/[^/]*/' "$tmp/corpus-pages" | sed 's|/blog/||; s|/$||' | head -n 40); do
		n=$((n + 1))
		request REQUEST_METHOD=GET "REQUEST_URI=/2016/07/$name/"
		if grep -q "^/2016/07/$name	" "$tmp/corpus-keys"; then continue; fi
		if ! is_status 301 || ! is_header Location "/blog/$name/"; then
			bad=$((bad + 1)); echo "# /2016/07/$name/: $(status) $(header Location)"
		fi
	done
	check "$m: /YYYY/MM/post/ for $n corpus posts: 301 to the post" is_zero "$bad"
}

corpus_site() {
	[ -d "$SLUG_CORPUS/content" ] || return 1
	mkdir -p "$tmp/corpus"
	cp -r "$SLUG_CORPUS/content" "$tmp/corpus/"
	rm -rf "$tmp"/corpus/content/*/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud
	{
		printf 'title: CloudOps\nbase_url: https://www.cloudops.com\n'
		printf 'content:\n  - dir: content/english\n    lang: en\n'
		printf '  - dir: content/french\n    lang: fr\n    prefix: /fr\n'
		sed -n '/^rules:/,$p' "$top_srcdir/data/site.yml"
	} >"$tmp/corpus/site.yml"
	build_index "$tmp/corpus/site.yml" "$tmp/corpus.idx" || return 1
	"$SLUGINDEX" dump -i "$tmp/corpus.idx" >"$tmp/corpus-keys"
	cut -f2 "$tmp/corpus-keys" | sort -u >"$tmp/corpus-pages"
}

# run_all MODE: the three groups against the current request().
run_all() {
	INDEX=$tmp/site.idx; cases_sample "$1"
	INDEX=$tmp/actions.idx; cases_actions "$1"
	if [ -s "$tmp/corpus-keys" ]; then INDEX=$tmp/corpus.idx; cases_corpus "$1"
	else skip "$1: corpus not found at $SLUG_CORPUS (set SLUG_CORPUS)"; fi
	INDEX=
}

build_index "$top_srcdir/data/site.yml" "$tmp/site.idx" || { cat "$tmp/build.log"; exit 1; }
actions_config
build_index "$tmp/actions.yml" "$tmp/actions.idx" || { cat "$tmp/build.log"; exit 1; }
corpus_site
run_all cgi

# The same over FastCGI: one server per index, on unix sockets.
if ! command -v cgi-fcgi >/dev/null 2>&1; then
	skip "fastcgi: cgi-fcgi not found (apt-get install libfcgi-bin)"
else
	request() {
		env -i PATH="$PATH" "$@" cgi-fcgi -bind -connect "$tmp/$(basename "$INDEX" .idx).sock" \
		    >"$tmp/out" 2>"$tmp/err" </dev/null
		split_response
	}
	servers=
	for idx in site actions corpus; do
		[ -f "$tmp/$idx.idx" ] || continue
		"$SLUGSERVE" -s "$tmp/$idx.sock" -i "$tmp/$idx.idx" 2>>"$tmp/server.log" &
		servers="$servers $!"
	done
	server=$servers
	for i in $(seq 50); do [ -S "$tmp/site.sock" ] && [ -S "$tmp/actions.sock" ] && break; sleep 0.1; done
	run_all fastcgi
	kill $servers 2>/dev/null; wait $servers 2>/dev/null; server=
fi
echo "1..$tap_n"
[ "$tap_fail" -eq 0 ]
