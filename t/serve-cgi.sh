#!/bin/sh
# t/serve-cgi.sh: slugserve as a CGI program without a usable index: none
# at the path, garbage, a truncated file, a FIFO; each a 503 with its
# reason on stderr, and -i over SLUGSERVE_INDEX. The routing cases, CGI
# among the transports, are t/routing.sh's. Prints TAP.
. "$(dirname "$0")/lib.sh"
request() { cgi_request "$@"; }

if ! "$SLUGINDEX" build -c "$top_srcdir/data/site.yml" -o "$tmp/site.idx" >"$tmp/build.log" 2>&1; then
	fail "the sample site builds" "$(cat "$tmp/build.log")"
	done_testing
	exit 1
fi

INDEX=$tmp/missing.idx
request REQUEST_METHOD=GET REQUEST_URI=/about/
check "no index: 503" is_status 503
is "$(header Retry-After)" 10 "503: Retry-After"
check "503: Content-Length is the body" length_ok
check "503: reason on stderr" grep -q "missing.idx" "$tmp/err"

head -c 5000 /dev/urandom >"$tmp/garbage.idx"
INDEX=$tmp/garbage.idx
request REQUEST_METHOD=GET REQUEST_URI=/about/
check "garbage index: 503" is_status 503
check "garbage index: reason on stderr" grep -q "garbage.idx: " "$tmp/err"

head -c 2000 "$tmp/site.idx" >"$tmp/short.idx"
INDEX=$tmp/short.idx
request REQUEST_METHOD=GET REQUEST_URI=/about/
check "truncated index: 503" is_status 503

# a FIFO at the index path: refused at once (O_NONBLOCK), not a hang
mkfifo "$tmp/fifo.idx"
env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
    REQUEST_URI=/about/ SLUGSERVE_INDEX="$tmp/fifo.idx" \
    timeout 5 "$SLUGSERVE" >"$tmp/out" 2>"$tmp/err" </dev/null
split_response
check "FIFO as the index: 503 without hanging" is_status 503
check "FIFO as the index: reason on stderr" \
    grep -q "fifo.idx: not a regular file" "$tmp/err"

env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX=/nonexistent \
    REQUEST_METHOD=GET REQUEST_URI=/about/ \
    "$SLUGSERVE" -i "$tmp/site.idx" >"$tmp/out" 2>"$tmp/err" </dev/null
split_response
check "-i wins over SLUGSERVE_INDEX" is_status 200
done_testing
