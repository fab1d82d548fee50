#!/bin/sh
# t/serve-cgi.sh: runs slugserve as a CGI program, the request in environment
# variables as a web server sets them, and checks status, headers and body of
# every routing case; prints TAP. t/serve-fcgi.sh sources this file with
# SERVE_LIB=1 to run the same cases over FastCGI (it redefines request()).
#
# Environment: SLUGSERVE, SLUGINDEX (the binaries), top_srcdir (for data/);
# each defaults to the tree around this script.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/..}"
: "${SLUGSERVE:=$here/../src/slugserve}"
: "${SLUGINDEX:=$here/../src/slugindex}"
CR=$(printf '\r')
LF='
'
tap_n=0
tap_fail=0

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1)); tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n - $1"
	sed 's/^/#   /' "$tmp/out" | head -n 20
	sed 's/^/#   stderr: /' "$tmp/err" | head -n 5
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }
check() { # check NAME COMMAND...: one TAP line for a shell test
	name=$1; shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# request VAR=VALUE...: run one CGI request; the response lands in
# $tmp/out, split into $tmp/head (CR stripped) and $tmp/body.
request() {
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 \
	    SLUGSERVE_INDEX="${INDEX:-$tmp/site.idx}" "$@" \
	    "$SLUGSERVE" >"$tmp/out" 2>"$tmp/err" </dev/null
	split_response
	[ -z "${SERVE_AGREE:-}" ] || agree_record "$@"
}

# agree_record VAR=VALUE...: with SERVE_AGREE=FILE (t/lookup-agree.sh),
# ask slugindex lookup the request just answered and append one line to
# FILE: "ok" or "not ok", a tab, the case. Only requests with a
# REQUEST_URI and a readable index are compared: status (a 304 is the
# 200 that lookup gives) and Location.
agree_record() {
	m= u=
	for a in "$@"; do
		case $a in
		REQUEST_METHOD=*) m=${a#REQUEST_METHOD=} ;;
		REQUEST_URI=*) u=${a#REQUEST_URI=} ;;
		esac
	done
	[ -n "$u" ] || return 0
	line=$("$SLUGINDEX" lookup -i "${INDEX:-$tmp/site.idx}" -m "$m" -- "$u" \
	    2>/dev/null) || return 0
	got=$(status) loc=$(header Location)
	[ "$got" = 304 ] && got=200
	want_loc=
	case $got in 30[1278]) want_loc=$loc ;; esac
	lstatus=$(printf '%s\n' "$line" | cut -f1)
	lloc=$(printf '%s\n' "$line" | cut -f2)
	case $lstatus in 30[1278]) ;; *) lloc= ;; esac
	what=$(printf '%s %s: server %s %s, lookup %s' "${m:-(none)}" "$u" \
	    "$got" "$want_loc" "$(printf '%s' "$line" | tr '\t' ' ')" |
	    tr '\r\n\t' '   ' | cut -c1-300)
	if [ "$got" = "$lstatus" ] && [ "$want_loc" = "$lloc" ]; then
		printf 'ok\t%s\n' "$what" >>"$SERVE_AGREE"
	else
		printf 'not ok\t%s\n' "$what" >>"$SERVE_AGREE"
	fi
}

# use_index FILE / end_index: answer from another index for a while
use_index() { INDEX=$1; }
end_index() { INDEX=; }

split_response() {
	awk -v cr="$CR" '{ sub(cr "$", "") } $0 == "" { exit } { print }' \
	    "$tmp/out" >"$tmp/head"
	# the body starts after the first CRLF CRLF
	awk 'BEGIN { RS = "\r\n\r\n"; ORS = "" } NR > 1 { print sep $0; sep = RS }' \
	    "$tmp/out" >"$tmp/body"
}

status() { sed -n '1s/^Status: \([0-9]*\) .*/\1/p' "$tmp/head"; }
header() { # header NAME: its value, empty when absent
	awk -v n="$1" 'BEGIN { n = tolower(n) ": " }
	    tolower(substr($0, 1, length(n))) == n { print substr($0, length(n) + 1); exit }' \
	    "$tmp/head"
}
has_header() { grep -qi "^$1: " "$tmp/head"; }
body_len() { wc -c <"$tmp/body" | tr -d ' '; }

is_status() { test "$(status)" = "$1"; }
is_header() { test "$(header "$1")" = "$2"; }
no_header() { ! has_header "$1"; }
body_has() { grep -qF -- "$1" "$tmp/body"; }
body_empty() { test "$(body_len)" = 0; }
length_ok() { test "$(header Content-Length)" = "$(body_len)"; }

# expect NAME STATUS [LOCATION] -- VAR=VALUE...: status and Location only
expect() {
	name=$1 want=$2 loc=$3; shift 4
	request "$@"
	if is_status "$want" && { [ -z "$loc" ] || is_header Location "$loc"; }
	then pass "$name"; else fail "$name"; fi
}

build_index() { # build_index CONFIG OUT
	"$SLUGINDEX" build -c "$1" -o "$2" >"$tmp/build.log" 2>&1
}

# alias_config MODE OUT: data/site.yml with another alias_mode, paths absolute
alias_config() {
	data=$(cd "$top_srcdir/data" && pwd)
	sed -e "s|^alias_mode:.*|alias_mode: \"$1\"|" \
	    -e "s|^layout: *|layout: $data/|" \
	    -e "s|dir: *content/|dir: $data/content/|" \
	    "$data/site.yml" >"$2"
}

cases_page() {
	request REQUEST_METHOD=GET REQUEST_URI=/about/
	check "GET canonical: 200" is_status 200
	check "GET canonical: Content-Type" is_header Content-Type "text/html; charset=utf-8"
	check "GET canonical: Content-Length is the body" length_ok
	check "GET canonical: body" body_has "About this site"
	check "GET canonical: ETag" has_header ETag
	check "GET canonical: Last-Modified" has_header Last-Modified
	check "GET canonical: Cache-Control" is_header Cache-Control "public, max-age=300"
	check "GET canonical: Content-Language" is_header Content-Language en
	check "GET canonical: no Link" no_header Link
	etag=$(header ETag) lastmod=$(header Last-Modified) len=$(header Content-Length)
	request REQUEST_METHOD=HEAD REQUEST_URI=/about/
	check "HEAD: 200" is_status 200
	check "HEAD: same Content-Length" is_header Content-Length "$len"
	check "HEAD: same ETag" is_header ETag "$etag"
	check "HEAD: no body" body_empty
	request REQUEST_METHOD=GET REQUEST_URI=/fr/
	check "French page: Content-Language fr" is_header Content-Language fr
	request REQUEST_METHOD=GET REQUEST_URI= SCRIPT_NAME=/about PATH_INFO=/
	check "SCRIPT_NAME+PATH_INFO: 200" is_status 200
	request REQUEST_METHOD=GET SCRIPT_NAME= PATH_INFO=/about/
	check "PATH_INFO alone: 200" is_status 200
}

cases_redirect() {
	expect "no trailing slash: 301" 301 /about/ -- REQUEST_METHOD=GET REQUEST_URI=/about
	expect "query kept" 301 "/about/?x=1&y=%2F" -- REQUEST_METHOD=GET "REQUEST_URI=/about?x=1&y=%2F"
	expect "encoded letter: 301" 301 /about/ -- REQUEST_METHOD=GET REQUEST_URI=/%61bout/
	expect "dot segments: 301" 301 /about/ -- REQUEST_METHOD=GET REQUEST_URI=/blog/../about/./
	expect "double slash: 301" 301 /about/ -- REQUEST_METHOD=GET REQUEST_URI=//about//
	expect "HEAD redirect" 301 /about/ -- REQUEST_METHOD=HEAD REQUEST_URI=/about
	expect "PATH_INFO + QUERY_STRING" 301 "/about/?a=b%20c" -- REQUEST_METHOD=GET \
	    PATH_INFO=/about "QUERY_STRING=a=b c"
	request REQUEST_METHOD=GET "REQUEST_URI=/about?a=${CR}${LF}Set-Cookie: x=1"
	check "CR/LF in query: encoded in Location" \
	    is_header Location "/about/?a=%0D%0ASet-Cookie:%20x=1"
	check "CR/LF in query: no injected header" no_header Set-Cookie
	request REQUEST_METHOD=GET "REQUEST_URI=/about?<script>\"'"
	check "query: quotes and brackets encoded" \
	    is_header Location "/about/?%3Cscript%3E%22'"
}

cases_alias() {
	request REQUEST_METHOD=GET REQUEST_URI=/about-us/
	check "alias, serve: 200" is_status 200
	check "alias, serve: body" body_has "About this site"
	check "alias, serve: Link rel=canonical" \
	    is_header Link '<https://www.example.org/about/>; rel="canonical"'
	alias_config 301 "$tmp/site301.yml"
	alias_config 308 "$tmp/site308.yml"
	if build_index "$tmp/site301.yml" "$tmp/a301.idx" &&
	   build_index "$tmp/site308.yml" "$tmp/a308.idx"; then
		use_index "$tmp/a301.idx"
		expect "alias, 301" 301 "/about/?q=1" -- REQUEST_METHOD=GET "REQUEST_URI=/about-us/?q=1"
		end_index
		use_index "$tmp/a308.idx"
		expect "alias, 308" 308 /about/ -- REQUEST_METHOD=GET REQUEST_URI=/about-us/
		end_index
	else
		fail "build with alias_mode 301/308"; cat "$tmp/build.log" >&2
		skip "alias 308"
	fi
}

cases_notfound() {
	request REQUEST_METHOD=GET REQUEST_URI=/no/such/page/
	check "404: status" is_status 404
	check "404: Content-Length is the body" length_ok
	check "404: has a body" test "$(body_len)" -gt 0
	check "404: Cache-Control no-cache" is_header Cache-Control no-cache
	check "404: no ETag" no_header ETag
	request REQUEST_METHOD=HEAD REQUEST_URI=/no/such/page/
	check "404 HEAD: no body" body_empty
	expect "draft not published" 404 "" -- REQUEST_METHOD=GET REQUEST_URI=/blog/service-mesh-roadmap/
	expect "draft alias not published" 404 "" -- REQUEST_METHOD=GET REQUEST_URI=/roadmap/
}

cases_errors() {
	expect "bad escape: 400" 400 "" -- REQUEST_METHOD=GET REQUEST_URI=/a%zz
	expect "encoded NUL: 400" 400 "" -- REQUEST_METHOD=GET REQUEST_URI=/a%00b
	expect "bad UTF-8: 400" 400 "" -- REQUEST_METHOD=GET REQUEST_URI=/%ff/
	expect "no leading slash: 400" 400 "" -- REQUEST_METHOD=GET REQUEST_URI=about
	long=$(head -c 9000 /dev/zero | tr '\0' a)
	expect "long path: 414" 414 "" -- REQUEST_METHOD=GET "REQUEST_URI=/$long"
	expect "long query: 414" 414 "" -- REQUEST_METHOD=GET "REQUEST_URI=/about/?$long"
	request REQUEST_METHOD=POST REQUEST_URI=/about/
	check "POST: 405" is_status 405
	check "405: Allow" is_header Allow "GET, HEAD"
	check "405: Content-Length is the body" length_ok
	expect "no REQUEST_METHOD: 400" 400 "" -- REQUEST_URI=/about/
	expect "lower-case get: 405" 405 "" -- REQUEST_METHOD=get REQUEST_URI=/about/
}

cases_conditional() {
	request REQUEST_METHOD=GET REQUEST_URI=/about/
	etag=$(header ETag) lastmod=$(header Last-Modified)
	request REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=$etag"
	check "INM match: 304" is_status 304
	check "304: ETag" is_header ETag "$etag"
	check "304: Last-Modified" is_header Last-Modified "$lastmod"
	check "304: Cache-Control" is_header Cache-Control "public, max-age=300"
	check "304: no Content-Length" no_header Content-Length
	check "304: no body" body_empty
	expect "INM weak: 304" 304 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=W/$etag"
	expect "INM list: 304" 304 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=\"x\", $etag"
	expect "INM star: 304" 304 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=*"
	expect "INM other: 200" 200 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=\"nope\""
	expect "INM wins over IMS" 200 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ \
	    "HTTP_IF_NONE_MATCH=\"nope\"" "HTTP_IF_MODIFIED_SINCE=$lastmod"
	expect "IMS equal: 304" 304 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_IF_MODIFIED_SINCE=$lastmod"
	expect "IMS older: 200" 200 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ \
	    "HTTP_IF_MODIFIED_SINCE=Sun, 06 Nov 1994 08:49:37 GMT"
	expect "IMS asctime later: 304" 304 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ \
	    "HTTP_IF_MODIFIED_SINCE=Sun Nov  6 08:49:37 2094"
	expect "IMS invalid: 200" 200 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ \
	    "HTTP_IF_MODIFIED_SINCE=yesterday"
	expect "HEAD INM: 304" 304 "" -- REQUEST_METHOD=HEAD REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=$etag"
}

# gunzip_is FILE: the body decompresses, once, to FILE
gunzip_is() { gzip -dc <"$tmp/body" | cmp -s - "$1"; }

# Accept-Encoding (RFC 9110 12.5.3; docs/slugserve.8): the stored gzip and
# brotli forms, their ETags, Vary, and 304 per variant.
cases_encoding() {
	request REQUEST_METHOD=GET REQUEST_URI=/about/
	cp "$tmp/body" "$tmp/identity"
	etag=$(header ETag) gz=$(header ETag | sed 's/"$/-gz"/')
	br=$(header ETag | sed 's/"$/-br"/')
	check "no Accept-Encoding: identity" no_header Content-Encoding
	check "identity: Vary" is_header Vary Accept-Encoding
	request REQUEST_METHOD=GET REQUEST_URI=/about/ HTTP_ACCEPT_ENCODING=gzip
	check "gzip: Content-Encoding" is_header Content-Encoding gzip
	check "gzip: Vary" is_header Vary Accept-Encoding
	check "gzip: its own ETag" is_header ETag "$gz"
	check "gzip: Content-Length is the body" length_ok
	check "gzip: smaller" test "$(body_len)" -lt "$(wc -c <"$tmp/identity")"
	check "gzip: decompresses once to the page" gunzip_is "$tmp/identity"
	request REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_ACCEPT_ENCODING=gzip, deflate, br"
	check "gzip, deflate, br: br" is_header Content-Encoding br
	check "br: its own ETag" is_header ETag "$br"
	check "br: Content-Length is the body" length_ok
	request REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_ACCEPT_ENCODING=br;q=0.5, gzip"
	check "q-values: gzip over br;q=0.5" is_header Content-Encoding gzip
	request REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_ACCEPT_ENCODING=br;q=0, *"
	check "*: gzip when br;q=0" is_header Content-Encoding gzip
	request REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_ACCEPT_ENCODING=gzip;q=0"
	check "gzip;q=0: identity" no_header Content-Encoding
	check "gzip;q=0: the identity ETag" is_header ETag "$etag"
	request REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_ACCEPT_ENCODING=gzip;q=x"
	check "malformed Accept-Encoding: identity" no_header Content-Encoding
	request REQUEST_METHOD=GET REQUEST_URI=/about/ "HTTP_ACCEPT_ENCODING=deflate"
	check "unknown coding only: identity" no_header Content-Encoding
	request REQUEST_METHOD=HEAD REQUEST_URI=/about/ HTTP_ACCEPT_ENCODING=gzip
	check "HEAD gzip: Content-Encoding" is_header Content-Encoding gzip
	check "HEAD gzip: ETag" is_header ETag "$gz"
	check "HEAD gzip: no body" body_empty
	request REQUEST_METHOD=GET REQUEST_URI=/about/ HTTP_ACCEPT_ENCODING=gzip \
	    "HTTP_IF_NONE_MATCH=$gz"
	check "gzip INM gzip ETag: 304" is_status 304
	check "304 gzip: ETag" is_header ETag "$gz"
	check "304 gzip: Vary" is_header Vary Accept-Encoding
	check "304 gzip: no body" body_empty
	expect "br INM gzip ETag: 200" 200 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/ \
	    HTTP_ACCEPT_ENCODING=br "HTTP_IF_NONE_MATCH=$gz"
	expect "gzip INM identity ETag: 200" 200 "" -- REQUEST_METHOD=GET \
	    REQUEST_URI=/about/ HTTP_ACCEPT_ENCODING=gzip "HTTP_IF_NONE_MATCH=$etag"
	expect "identity INM gzip ETag: 200" 200 "" -- REQUEST_METHOD=GET \
	    REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=$gz"
	expect "identity INM identity ETag: 304" 304 "" -- REQUEST_METHOD=GET \
	    REQUEST_URI=/about/ "HTTP_IF_NONE_MATCH=$etag"
	request REQUEST_METHOD=GET REQUEST_URI=/about-us/ HTTP_ACCEPT_ENCODING=gzip
	check "alias served: gzip" is_header Content-Encoding gzip
	check "alias served: decompresses to the page" gunzip_is "$tmp/identity"
	request REQUEST_METHOD=GET REQUEST_URI=/no/such/page/ HTTP_ACCEPT_ENCODING=gzip
	check "404 gzip: 404" is_status 404
	check "404 gzip: Content-Encoding" is_header Content-Encoding gzip
	check "404 gzip: Vary" is_header Vary Accept-Encoding
	check "404 gzip: Content-Length is the body" length_ok
	request REQUEST_METHOD=GET REQUEST_URI=/about HTTP_ACCEPT_ENCODING=gzip
	check "redirect: no Content-Encoding" no_header Content-Encoding
	check "redirect: no Vary" no_header Vary
}

# The cases that need no server restart, for both transports.
run_cases() {
	cases_page
	cases_redirect
	cases_alias
	cases_notfound
	cases_errors
	cases_conditional
	cases_encoding
}

cases_unavailable() {
	INDEX=$tmp/missing.idx
	request REQUEST_METHOD=GET REQUEST_URI=/about/
	check "no index: 503" is_status 503
	check "503: Retry-After" is_header Retry-After 10
	check "503: Content-Length is the body" length_ok
	check "503: reason on stderr" grep -q "missing.idx" "$tmp/err"
	head -c 5000 /dev/urandom >"$tmp/garbage.idx"
	INDEX=$tmp/garbage.idx
	request REQUEST_METHOD=GET REQUEST_URI=/about/
	check "garbage index: 503" is_status 503
	check "garbage index: reason on stderr" grep -q "garbage.idx: " "$tmp/err"
	head -c 2000 "$tmp/site.idx" >"$tmp/short.idx"
	INDEX=$tmp/short.idx
	expect "truncated index: 503" 503 "" -- REQUEST_METHOD=GET REQUEST_URI=/about/
	# a FIFO at the index path: refused at once (O_NONBLOCK), not a hang
	mkfifo "$tmp/fifo.idx"
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
	    REQUEST_URI=/about/ SLUGSERVE_INDEX="$tmp/fifo.idx" \
	    timeout 5 "$SLUGSERVE" >"$tmp/out" 2>"$tmp/err" </dev/null
	split_response
	check "FIFO as the index: 503 without hanging" is_status 503
	check "FIFO as the index: reason on stderr" \
	    grep -q "fifo.idx: not a regular file" "$tmp/err"
	INDEX=
}

cgi_main() {
	tmp=$(mktemp -d) || exit 1
	# run as root, slugserve -s drops to SLUGSERVE_USER (Makefile.am), who
	# must read the index and remove its socket here
	[ -z "${SLUGSERVE_USER:-}" ] || chown "$SLUGSERVE_USER" "$tmp"; chmod 755 "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	if ! build_index "$top_srcdir/data/site.yml" "$tmp/site.idx"; then
		echo "1..0 # SKIP cannot build the index with $SLUGINDEX"
		cat "$tmp/build.log" >&2
		exit 0
	fi
	run_cases
	cases_unavailable
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX=/nonexistent \
	    REQUEST_METHOD=GET REQUEST_URI=/about/ \
	    "$SLUGSERVE" -i "$tmp/site.idx" >"$tmp/out" 2>"$tmp/err" </dev/null
	split_response
	check "-i wins over SLUGSERVE_INDEX" is_status 200
	echo "1..$tap_n"
	[ "$tap_fail" -eq 0 ]
}

[ -n "$SERVE_LIB" ] || cgi_main
