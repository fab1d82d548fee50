#!/bin/sh
# t/hostile.sh: malformed and hostile requests, each sent twice: as CGI
# (environment variables to slugserve) and as FastCGI (cgi-fcgi to
# slugserve -s on a unix socket in $tmp). The cases are generated from
# tables and loops below; one TAP line per case and transport.
#
# Every answer must be complete and well formed, within 5 seconds:
#   - a Status line whose code is one the case allows: 400, 404, 405, 414
#     for bad input, or 200/301/304 (and the legacy rules' 410 and
#     redirects) where the request is in fact valid; never a 5xx;
#   - a head of CRLF-terminated lines holding only the headers slugserve
#     sends (so nothing from the request became a header), a Location
#     without spaces or control bytes;
#   - a body of exactly Content-Length bytes (none for HEAD, 304 and
#     redirects), holding nothing from outside the index (/etc/passwd);
#   - CGI: exit status 0; FastCGI: the server still running afterwards.
#
# Environment: SLUGSERVE, SLUGINDEX, top_srcdir (see t/lib.sh).
. "$(dirname "$0")/lib.sh"

CR=$(printf '\r')
LF='
'
TAB=$(printf '\t')
idx=$tmp/site.idx
if ! "$SLUGINDEX" build -c "$top_srcdir/data/site.yml" -o "$idx" \
    >"$tmp/build.log" 2>&1; then
	skip "cannot build the sample index" "hostile requests"
	done_testing
	exit
fi

fcgi=1
if ! command -v cgi-fcgi >/dev/null 2>&1; then
	fcgi=0
	skip "cgi-fcgi not found (apt-get install libfcgi-bin)" "FastCGI half"
else
	sock=$tmp/s.sock
	"$SLUGSERVE" -s "$sock" -i "$idx" 2>"$tmp/server.log" &
	server=$!
	cleanup() {
		kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
		rm -rf "$tmp"
	}
	i=0
	while [ ! -S "$sock" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi

# printable STRING: STRING for a TAP line (first 80 bytes): CR, LF, TAB,
# backslash and other bytes outside printable ASCII spelt out, since
# lib.sh's echo would interpret them.
printable() {
	printf '%s' "$1" | head -c 80 | LC_ALL=C od -An -v -tu1 | awk '
	{ for (i = 1; i <= NF; i++) { c = $i
		if (c == 13) s = s "<CR>"; else if (c == 10) s = s "<LF>"
		else if (c == 9) s = s "<TAB>"; else if (c == 92) s = s "<BS>"
		else if (c < 32 || c > 126) s = s sprintf("<%02X>", c)
		else s = s sprintf("%c", c) } }
	END { printf "%s", s }'
}

# rep CHAR N: CHAR (any string) repeated N times
rep() { awk -v s="$1" -v n="$2" 'BEGIN { while (n-- > 0) printf "%s", s }'; }

# verdict FILE HEAD_ONLY: check one response; prints "STATUS" when it is
# well formed, else "bad: REASON".
verdict() {
	LC_ALL=C awk -v head_only="$2" -v cr="$CR" '
	BEGIN {
		RS = "\n"
		split("content-type content-length content-language etag " \
		      "last-modified cache-control link location allow " \
		      "retry-after vary content-encoding", k, " ")
		for (i in k) known[k[i]] = 1
		bad = ""; inbody = 0; clen = -1; status = ""
	}
	inbody { exit }
	{
		if (substr($0, length($0)) != cr) { bad = "a head line without CRLF"; exit }
		line = substr($0, 1, length($0) - 1)
		if (index(line, cr)) { bad = "a bare CR in the head"; exit }
		if (line == "") { inbody = 1; next }
		if (NR == 1) {
			if (line !~ /^Status: [1-5][0-9][0-9] [A-Za-z]/) { bad = "no Status line"; exit }
			status = substr(line, 9, 3)
			next
		}
		if (line !~ /^[A-Za-z0-9-]+: /) { bad = "not a header: " line; exit }
		name = tolower(substr(line, 1, index(line, ":") - 1))
		value = substr(line, index(line, ":") + 2)
		if (!(name in known)) { bad = "unexpected header " name; exit }
		if (value ~ /[\001-\010\012-\037\177]/) { bad = "control byte in " name; exit }
		if (name == "location" && value ~ /[ "<>]/) { bad = "unsafe Location " value; exit }
		if (name == "content-length") clen = value + 0
	}
	END {
		if (bad != "") { print "bad: " bad; exit }
		if (status == "") { print "bad: empty response"; exit }
		if (!inbody) { print "bad: no end of head"; exit }
		nobody = head_only || status ~ /^3/
		if (!nobody && clen < 0) { print "bad: no Content-Length"; exit }
		print status
	}' "$1"
}

# body_ok FILE STATUS HEAD_ONLY: the body is exactly Content-Length bytes,
# or empty after a HEAD, a 304 or a redirect (counted in bytes).
body_ok() {
	total=$(wc -c <"$1" | tr -d ' ')
	head=$(LC_ALL=C awk -v cr="$CR" '{ n += length($0) + 1 } $0 == cr { print n; exit }' "$1")
	clen=$(LC_ALL=C awk -v cr="$CR" 'tolower($0) ~ /^content-length: / { v = $2; sub(cr, "", v); print v; exit } $0 == cr { exit }' "$1")
	case $2 in
	3*) [ "$((total - head))" = 0 ] ;;
	*) if [ "$3" = 1 ]; then [ "$((total - head))" = 0 ]
	   else [ "$((total - head))" = "$clen" ]; fi ;;
	esac
}

# send TRANSPORT VAR=VALUE...: one request; the response in $tmp/out,
# the exit status in $rc.
send() {
	transport=$1; shift
	rc=0
	if [ "$transport" = cgi ]; then
		env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX="$idx" \
		    "$@" timeout 5 "$SLUGSERVE" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	else
		env -i PATH="$PATH" "$@" timeout 5 cgi-fcgi -bind -connect "$sock" \
		    >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	fi
}

# t EXPECT NAME VAR=VALUE...: one case, through both transports. EXPECT is
# the statuses allowed, separated by '|'.
t() {
	expect=$1; shift
	name=$(printable "$1"); shift
	head_only=0
	for a in "$@"; do [ "$a" = REQUEST_METHOD=HEAD ] && head_only=1; done
	for transport in cgi fcgi; do
		[ "$transport" = fcgi ] && [ "$fcgi" = 0 ] && continue
		send "$transport" "$@"
		got=$(verdict "$tmp/out" "$head_only")
		why=""
		if [ "$rc" -ne 0 ]; then
			why="exit status $rc$([ "$rc" = 124 ] && echo ' (hung: timeout 5)')"
		elif [ "$transport" = fcgi ] && ! kill -0 "$server" 2>/dev/null; then
			why="the FastCGI server died"
		elif [ "${got#bad}" != "$got" ]; then
			why=$got
		elif ! body_ok "$tmp/out" "$got" "$head_only"; then
			why="body of $((total - head)) bytes: Content-Length ${clen:-none}, HEAD $head_only"
		elif grep -q 'root:x:0:0' "$tmp/out"; then
			why="/etc/passwd served"
		else
			case "|$expect|" in
			*"|$got|"*) ;;
			*) why="status $got, want $expect" ;;
			esac
		fi
		if [ -z "$why" ]; then
			pass "$transport: $name: $got"
		else
			fail "$transport: $name" "$why" \
			    "$(head -c 600 "$tmp/out" | tr -d '\r' | sed -n 1,12p)"
		fi
	done
}

# get EXPECT NAME URI [VAR=VALUE...]: GET of a REQUEST_URI
get() {
	expect=$1 name=$2 uri=$3; shift 3
	t "$expect" "$name" REQUEST_METHOD=GET "REQUEST_URI=$uri" "$@"
}

page=/about/	# a page of the sample site (200)
redir='301'	# a valid path spelt differently
miss='301|404'	# a valid path the index does not know (a legacy rule may redirect it)

## Lengths: path limit 8192 bytes, query limit 4096 (docs/slugserve.8)
for n in 8000 8190 8191; do
	get "$miss" "path of $((n + 1)) bytes" "/$(rep a "$n")"
done
for n in 8192 8193 9000 16384 65536 100000; do
	get 414 "path of $((n + 1)) bytes" "/$(rep a "$n")"
done
get 414 "path of 9000 %41 escapes" "/$(rep %41 3000)"
get 414 "overlong path with a CR/LF inside" "/$(rep a 9000)${CR}${LF}X-Injected: 1"
for n in 4095 4096; do
	get 200 "query of $n bytes" "$page?$(rep q "$n")"
done
for n in 4097 5000 65536; do
	get 414 "query of $n bytes" "$page?$(rep q "$n")"
done
t 414 "PATH_INFO of 9000 bytes" REQUEST_METHOD=GET SCRIPT_NAME= "PATH_INFO=/$(rep b 9000)"
t 414 "SCRIPT_NAME + PATH_INFO over the limit" REQUEST_METHOD=GET "SCRIPT_NAME=/$(rep c 5000)" "PATH_INFO=/$(rep d 5000)"
t 414 "QUERY_STRING of 5000 bytes" REQUEST_METHOD=GET SCRIPT_NAME=/about/ "QUERY_STRING=$(rep z 5000)"

## NUL and control bytes, raw and escaped
for e in %00 %01 %08 %09 %0a %0A %0d %0D %1b %1f %7f %7F; do
	get 400 "escaped control $e" "/about$e/"
	get 400 "escaped control $e in a later segment" "/blog/x/y$e"
done
for c in 01 07 09 0b 0c 1b 1f 7f; do
	get 400 "raw control byte 0x$c" "/ab$(printf "\\$(printf '%03o' "0x$c")")out/"
done
get 400 "%00 before a traversal" "/about/%00/../../etc/passwd"
get 400 "%00 then .html" "/etc/passwd%00.html"

## Bad and overlong percent escapes
for e in % %4 %G0 %0G %zz %%% %-1 '%+4' '% 20' %4%31 %%32%65 '%u002e' '%U002F' %x41 %é; do
	get 400 "bad escape '$e'" "/x${e}y/"
done
get 400 "a lone % at the end" "/about%"
get 400 "%2 at the end" "/about%2"
get "$miss" "double-encoded dot dot (%252e%252e) stays literal" "/%252e%252e/%252e%252e/etc/passwd"
get "$miss" "double-encoded slash (%252F) stays literal" "/about%252F"
get "$redir" "escaped letters of a page (%61bout)" "/%61%62%6F%75%74/"
get "$redir" "lower-case hex escapes of a page" "/%61bout/"
get 400 "a leading %2F is no path" "%2Fabout/"

## Overlong UTF-8, surrogates, out-of-range code points, broken sequences
for u in %C0%AE %C0%AF %C0%80 %C1%BF %E0%80%AE %E0%80%AF %E0%9F%BF \
    %F0%80%80%AE %F0%8F%BF%BF %F8%80%80%80%AE %FC%80%80%80%80%AF \
    %ED%A0%80 %ED%AD%BF %ED%AE%80 %ED%B0%80 %ED%BF%BF %ED%A0%80%ED%B0%80 \
    %F4%90%80%80 %F7%BF%BF%BF %F5%80%80%80 %FE %FF %FF%FE \
    %80 %BF %C2 %E2%82 %F0%9F%98 %C2%C2%A9 %E2%28%A1 %C3%28; do
	get 400 "bad UTF-8 $u" "/x/${u}y/"
done
get 400 "overlong dot dot (%C0%AE%C0%AE) traversal" "/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd"
get 400 "overlong slash (%C0%AF) traversal" "/..%C0%AF..%C0%AFetc%C0%AFpasswd"
get 400 "raw overlong dot" "/$(printf '\300\256\300\256')/etc/passwd"
get 400 "raw surrogate" "/$(printf '\355\240\200')/"
get 400 "raw 0xFF byte" "/$(printf '\377')/"
get "$miss" "valid UTF-8, raw" "/été/"
get "$miss" "valid UTF-8, escaped" "/%C3%A9t%C3%A9/"
get "$miss" "valid 4-byte UTF-8" "/%F0%9F%98%80/"
get "$miss" "U+10FFFF, the last code point" "/%F4%8F%BF%BF/"
get "$miss" "U+FEFF and U+FFFE (noncharacters are valid)" "/%EF%BB%BF%EF%BF%BE/"

## Traversal: dot segments never rise above the root
for p in /../etc/passwd /../../../../../../etc/passwd /%2e%2e/etc/passwd \
    /%2E%2E/%2E%2E/etc/passwd /.%2e/etc/passwd /%2e./etc/passwd \
    /..%2fetc%2fpasswd /..%2F..%2F..%2Fetc%2Fpasswd \
    /%2e%2e%2f%2e%2e%2fetc%2fpasswd /about/../../../etc/passwd \
    /./../.././etc/passwd /blog/%2e%2e/%2e%2e/%2e%2e/etc/shadow \
    '/..;/etc/passwd' /.../etc/passwd /....//etc/passwd /..%00/etc/passwd \
    /%2e%2e%5c%2e%2e%5cetc%5cpasswd /proc/self/environ /etc/passwd \
    //etc/passwd /../site.idx /%2e%2e/%2e%2e/var/lib/slugserve/site.idx; do
	case $p in
	*%00*) get 400 "traversal $p" "$p" ;;
	*) get "$miss|410" "traversal $p" "$p" ;;
	esac
done
get "$redir" "a dot-dot path to a page" "/blog/../about/"
get "$redir" "dot segments to a page" "/./about/./"
get "$redir" "escaped dot segments to a page" "/x/%2e%2e/about/"
get "$redir" "dot dot above the root to a page" "/../../about/"
t "$miss|410" "traversal in PATH_INFO (decoded)" REQUEST_METHOD=GET SCRIPT_NAME= "PATH_INFO=/../../etc/passwd"
t "$miss|410" "traversal in SCRIPT_NAME" REQUEST_METHOD=GET "SCRIPT_NAME=/cgi-bin/../../etc/passwd"

## Backslashes are ordinary bytes
for p in '/..\..\etc\passwd' '/\about\' '/about\' '/%5c..%5c..%5cetc%5cpasswd' \
    '/\\server\share' '/..\' '\about/' '/a\/../b'; do
	case $p in
	'\'*) get 400 "backslash: $p" "$p" ;;
	*) get "$miss" "backslash: $p" "$p" ;;
	esac
done

## Runs of '/'
get "$redir" "doubled slashes to a page" "//about//"
get "$redir" "a run of 100 slashes to a page" "$(rep / 100)about$(rep / 100)"
get "$redir" "8000 slashes: the root" "$(rep / 8000)"
get 414 "9000 slashes" "$(rep / 9000)"
get "$miss" "slashes around a traversal" "////..////..////etc////passwd"
get "$redir" "%2F is a slash once decoded" "/about%2F"

## CR and LF: no header may be split or injected
for inj in "${CR}${LF}X-Injected: 1" "${LF}X-Injected: 1" "${CR}X-Injected: 1" \
    "${CR}${LF}${CR}${LF}<html>injected" "${CR}${LF}Set-Cookie: a=b" \
    "${CR}${LF}Location: http://evil.example/" "${CR}${LF}Status: 200 OK"; do
	label=" $inj"
	get 400 "raw CR/LF in the path:$label" "/about/$inj"
	get 200 "raw CR/LF in the query of a page:$label" "$page?x=1$inj"
	get "$redir" "raw CR/LF in the query of a redirect:$label" "/about?x=1$inj"
	t 400 "raw CR/LF in PATH_INFO:$label" REQUEST_METHOD=GET SCRIPT_NAME= "PATH_INFO=/about/$inj"
	t "$redir" "raw CR/LF in QUERY_STRING of a redirect:$label" REQUEST_METHOD=GET SCRIPT_NAME=/about "QUERY_STRING=a$inj"
	t '200|304' "raw CR/LF in If-None-Match:$label" REQUEST_METHOD=GET "REQUEST_URI=$page" "HTTP_IF_NONE_MATCH=\"x\"$inj"
done
for q in '%0d%0aX-Injected:%201' '%0D%0ASet-Cookie:a=b' '%0aLocation:%20http://evil/' '%E5%98%8A%E5%98%8DX-Injected:%201'; do
	case $q in
	%E5*) get "$miss" "U+560A U+560D (not CR/LF) in the path: $q" "/about/$q" ;;
	*) get 400 "escaped CR/LF in the path: $q" "/about/$q" ;;
	esac
	get "$redir" "escaped CR/LF in the query of a redirect: $q" "/about?$q"
	get 200 "escaped CR/LF in the query of a page: $q" "$page?$q"
done
get "$redir" "quotes and angle brackets in a redirect's query" "/about?a=\"<script>\"&b='x' y"
get "$redir" "a '#' in a redirect's query" "/about?a#frag"

## Huge numbers of path segments
get "$miss" "4000 segments" "$(rep /a 4000)"
get 414 "5000 segments" "$(rep /a 5000)"
get "$redir" "4000 '.' segments: the root" "$(rep /. 4000)"
get "$redir" "2700 '..' segments: the root" "$(rep /.. 2700)"
get "$redir" "1600 'a/..' pairs, then a page" "$(rep /a/.. 1600)/about/"
get "$miss" "2000 '%2e%2e' segments, then passwd" "$(rep /%2e%2e 900)/etc/passwd"
get "$miss" "1100 two-byte UTF-8 segments" "$(rep /%C3%A9 1100)"
get 414 "1400 two-byte UTF-8 segments" "$(rep /%C3%A9 1400)"

## Methods
for m in get Get gEt POST PUT DELETE OPTIONS TRACE CONNECT PATCH PROPFIND \
    MKCOL BREW 'G ET' ' GET' 'GET ' 'HEAD ' "GET${CR}${LF}X-Injected: 1" \
    'GET/1.1' "$(rep M 10000)" "$(printf '\377\376')" '*' '-' "${TAB}GET"; do
	t 405 "method '$(printf '%s' "$m" | head -c 24)'" "REQUEST_METHOD=$m" "REQUEST_URI=$page"
done
t 200 "method GET" REQUEST_METHOD=GET "REQUEST_URI=$page"
t 200 "method HEAD" REQUEST_METHOD=HEAD "REQUEST_URI=$page"
t 404 "method HEAD of a missing page" REQUEST_METHOD=HEAD REQUEST_URI=/no/such/page/
t 414 "method HEAD of a long path" REQUEST_METHOD=HEAD "REQUEST_URI=/$(rep a 9000)"
t 400 "empty REQUEST_METHOD" REQUEST_METHOD= "REQUEST_URI=$page"
t 405 "POST with a body length" REQUEST_METHOD=POST CONTENT_LENGTH=100000 "REQUEST_URI=$page"

## Missing or odd request variables
t 400 "no REQUEST_METHOD" "REQUEST_URI=$page"
t 400 "no variables at all" NOTHING=1
t 400 "no REQUEST_URI, no SCRIPT_NAME, no PATH_INFO" REQUEST_METHOD=GET
t 200 "no REQUEST_URI: SCRIPT_NAME" REQUEST_METHOD=GET SCRIPT_NAME=/about/
t 200 "no REQUEST_URI: SCRIPT_NAME + PATH_INFO" REQUEST_METHOD=GET SCRIPT_NAME=/about PATH_INFO=/
t 200 "empty REQUEST_URI: PATH_INFO" REQUEST_METHOD=GET REQUEST_URI= PATH_INFO=/about/
t 400 "empty REQUEST_URI, empty rest" REQUEST_METHOD=GET REQUEST_URI= SCRIPT_NAME= PATH_INFO=
for u in about about/ '*' '?' '?a=b' 'http://evil.example/about/' \
    '//evil.example/about/' ' /about/' '.' '..' '../about/' '%2e%2e/about' \
    '\about\' "${TAB}/about/"; do
	case $u in
	//*) get "$miss" "REQUEST_URI '$u'" "$u" ;;
	*) get 400 "REQUEST_URI '$u'" "$u" ;;
	esac
done
get 400 "REQUEST_URI with the fragment only" "#top"
get "$miss" "REQUEST_URI with a fragment sent anyway ('#' is a byte)" "/about#top"
get 200 "REQUEST_URI with an empty query" "$page?"
get 200 "REQUEST_URI with two '?'" "$page??a?b"

## Absurd If-None-Match and If-Modified-Since (GET of a dated page)
dated=/blog/moving-to-containers/
etag=$(env -i GATEWAY_INTERFACE=CGI/1.1 \
    SLUGSERVE_INDEX="$idx" REQUEST_METHOD=HEAD REQUEST_URI=$dated "$SLUGSERVE" |
    sed -n 's/^ETag: \(.*\)\r$/\1/p')
for v in '' ' ' '*' '**' 'W/' 'W/"' '"' '""' '"unterminated' 'W/W/"x"' \
    ',,,,,' "$(rep '"a",' 20000)" "$(rep 'W/"a", ' 10000)*" "\"$(rep a 100000)\"" \
    "$(rep ' ' 50000)" "$(printf '\377\376\375')" "$etag" "W/$etag" \
    "\"x\", $etag" "\"x\",$(rep ' ' 1000)$etag" "$etag garbage"; do
	label=$(printf '%s' "$v" | head -c 24)
	t '200|304' "If-None-Match '$label' ($(printf %s "$v" | wc -c) bytes)" \
	    REQUEST_METHOD=GET "REQUEST_URI=$dated" "HTTP_IF_NONE_MATCH=$v"
done
t 304 "If-None-Match: the page's ETag" REQUEST_METHOD=GET "REQUEST_URI=$dated" "HTTP_IF_NONE_MATCH=$etag"
t 304 "If-None-Match: *" REQUEST_METHOD=GET "REQUEST_URI=$dated" "HTTP_IF_NONE_MATCH=*"
t 404 "If-None-Match * on a missing page" REQUEST_METHOD=GET REQUEST_URI=/nope/ "HTTP_IF_NONE_MATCH=*"
for v in '' garbage 0 -1 9223372036854775807 -9223372036854775808 \
    '99999999999999999999999999' 'Sun, 06 Nov 1994 08:49:37 GMT' \
    'Fri, 31 Dec 9999 23:59:59 GMT' 'Sun, 06 Nov 99999999999 08:49:37 GMT' \
    'Sun, 06 Nov -1994 08:49:37 GMT' 'Sun, 32 Nov 1994 08:49:37 GMT' \
    'Sun, 06 Nov 1994 25:61:61 GMT' 'Sun, 29 Feb 2023 00:00:00 GMT' \
    'Sunday, 06-Nov-94 08:49:37 GMT' 'Sun Nov  6 08:49:37 1994' \
    'Sun Nov  6 08:49:37 99999' 'Xyz, 06 Nov 1994 08:49:37 GMT' \
    'Sun, 06 Nov 1994 08:49:37 PST' "$(rep 'Sun, ' 20000)" \
    "Sun, 06 Nov 2094 08:49:37 GMT${CR}${LF}X-Injected: 1" \
    "$(printf 'Sun,\t06\tNov\t2094\t08:49:37\tGMT')" '   Sun, 06 Nov 2094 08:49:37 GMT   '; do
	label=$(printf '%s' "$v" | head -c 32)
	t '200|304' "If-Modified-Since '$label'" REQUEST_METHOD=GET \
	    "REQUEST_URI=$dated" "HTTP_IF_MODIFIED_SINCE=$v"
done
t 200 "If-None-Match decides over If-Modified-Since" REQUEST_METHOD=GET \
    "REQUEST_URI=$dated" 'HTTP_IF_NONE_MATCH="nope"' \
    'HTTP_IF_MODIFIED_SINCE=Fri, 31 Dec 9999 23:59:59 GMT'

if [ "$fcgi" = 1 ]; then
	if kill "$server" 2>/dev/null && wait "$server"; then
		pass "fcgi: the server stopped cleanly by PID after every case"
	else
		fail "fcgi: the server stopped cleanly by PID after every case" \
		    "$(tail -n 5 "$tmp/server.log")"
	fi
fi
done_testing
