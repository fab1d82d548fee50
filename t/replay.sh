#!/bin/sh
# t/replay.sh: slugindex replay over real-shaped access logs (t/logs:
# Apache combined and common, nginx combined, with malformed lines, \xHH
# escapes, absolute-form targets), plain, gzip, concatenated gzip members
# and standard input; every answer it prints agrees with slugindex lookup.
. "$(dirname "$0")/lib.sh"

logs=$top_srcdir/t/logs
idx=$tmp/site.idx
"$SLUGINDEX" build -c "$top_srcdir/data/site.yml" -o "$idx" 2>/dev/null
TAB=$(printf '\t')
replay() { "$SLUGINDEX" replay -i "$idx" "$@"; }

out=$(replay "$logs/apache-combined.access" 2>"$tmp/err"); rc=$?
is "$rc" 0 "apache combined: exit 0"
like "$out" "13 lines: 9 GET and HEAD requests to 7 distinct targets; 1 other methods, 2 without a request, 1 not parsed" \
	"apache combined: lines, requests, other methods, no request, not parsed"
like "$(cat "$tmp/err")" "apache-combined.access:13: not an access log line: this line is not a log line at all" \
	"a line it cannot parse is shown with file:line"
like "$out" "answered 200                    5   55.6%" "apache combined: the share answered 200, weighted by hits"
like "$out" "410                             1   11.1%" "apache combined: /wp-login.php is 410 by a rule"
like "$out" "         2  /2019/03/devops-health-radar.html  -> /blog/devops-health-radar/ (same slug)" \
	"the most requested 404 first, with the page of the same slug"

tsv=$(replay --tsv "$logs/apache-combined.access" 2>/dev/null)
like "$tsv" "2${TAB}200${TAB}/about/${TAB}/about/${TAB}page" "HEAD and an absolute-form target count as the same target"
like "$tsv" "1${TAB}404${TAB}/café/" "\\xHH escapes give the bytes the client sent"
like "$tsv" "1${TAB}200${TAB}/?p=412${TAB}/blog/moving-to-containers/${TAB}alias" "a query key is kept with its query"
tsv=$(replay --tsv "$logs/nginx-combined.access" 2>/dev/null)
like "$tsv" "1${TAB}404${TAB}/blog/a\"b${TAB}" "nginx's \\x22 is a quote again"
like "$tsv" "1${TAB}200${TAB}/blog/devops-health-radar/?utm_source=x${TAB}/blog/devops-health-radar/${TAB}page" \
	"a query the page ignores: still the page"
like "$tsv" "1${TAB}200${TAB}/feed/${TAB}/atom.xml${TAB}alias" "the WordPress feed path: the feed's alias"
tsv=$(replay --tsv "$logs/apache-common.access" 2>"$tmp/err")
like "$tsv" "1${TAB}301${TAB}/blog/devops-health-radar${TAB}/blog/devops-health-radar/${TAB}spelling" \
	"common format: the redirect and its Location"
like "$tsv" "2${TAB}200${TAB}/about/" "an HTTP/0.9-style request line without a protocol is read"
like "$(cat "$tmp/err")" "apache-common.access:5: not an access log line" "a cut-off last line is counted, not fatal"

# The same answers as lookup, target by target.
replay --tsv "$logs"/*.access 2>/dev/null | cut -f2,3,4,5 >"$tmp/replay"
cut -f2 "$tmp/replay" | while IFS= read -r t; do
	"$SLUGINDEX" lookup -i "$idx" "$t" | awk -F'\t' -v t="$t" \
		'{ print $1 "\t" t "\t" $2 "\t" $4 }'
done >"$tmp/lookup"
is "$(wc -l <"$tmp/replay" | tr -d ' ')" 15 "15 distinct targets in the three logs"
if cmp -s "$tmp/replay" "$tmp/lookup"; then
	pass "every replayed target: status, Location and how as slugindex lookup says"
else
	fail "every replayed target: status, Location and how as slugindex lookup says" \
		"$(diff "$tmp/replay" "$tmp/lookup")"
fi

# Compressed, concatenated, standard input: the same report.
plain=$(replay "$logs/apache-combined.access" "$logs/nginx-combined.access" 2>/dev/null)
gzip -c "$logs/apache-combined.access" >"$tmp/a.gz"
gzip -c "$logs/nginx-combined.access" >"$tmp/n.gz"
is "$(replay "$tmp/a.gz" "$tmp/n.gz" 2>/dev/null)" "$plain" "gzip logs: the same report"
cat "$tmp/a.gz" "$tmp/n.gz" >"$tmp/both.gz"
is "$(replay "$tmp/both.gz" 2>/dev/null)" "$plain" \
	"two gzip members in one file (logrotate, cat): both read"
is "$(cat "$logs/apache-combined.access" "$logs/nginx-combined.access" | replay 2>/dev/null)" \
	"$plain" "standard input when no log is named"
is "$(gzip -c <"$logs/apache-combined.access" | replay - 2>/dev/null)" "$(replay "$logs/apache-combined.access" 2>/dev/null)" \
	"'-' is standard input, compressed or not"

# Lines that are not log lines: counted, never fatal.
{
	printf '%s\r\n' '10.0.0.1 - - [04/Dec/2026:09:00:00 +0000] "GET /about/ HTTP/1.1" 200 10 "-" "crlf"'
	printf '10.0.0.1 - - [04/Dec/2026:09:00:00 +0000] "GET /%s HTTP/1.1" 404 1\n' "$(head -c 70000 /dev/zero | tr '\0' a)"
	printf '\000\001\002 binary\n'
	printf '10.0.0.1 - - [04/Dec/2026:09:00:00 +0000] "GET /about/ HTTP/1.1" 200 10'
} >"$tmp/odd.log"
out=$(replay "$tmp/odd.log" 2>"$tmp/err"); rc=$?
is "$rc" 0 "odd lines: exit 0"
like "$out" "4 lines: 2 GET and HEAD requests to 1 distinct targets; 0 other methods, 0 without a request, 2 not parsed" \
	"a CRLF line and a last line without newline are read; a 70,000-byte line and binary are not parsed"
like "$(cat "$tmp/err")" "odd.log:2: not an access log line: (line too long)" "the long line is named"
out=$(replay "$tmp/odd.log" "$tmp/none.log" 2>"$tmp/err"); rc=$?
is "$rc" 1 "a log that cannot be read: exit 1"
like "$(cat "$tmp/err")" "none.log: No such file or directory" "says which and why"
like "$out" "4 lines" "the report covers the logs that could be read"
printf 'not gzip at all\037\213garbage' | gzip -c | head -c 30 >"$tmp/cut.gz"
replay "$tmp/cut.gz" >/dev/null 2>"$tmp/err"; rc=$?
is "$rc" 1 "a truncated gzip log: exit 1"
like "$(cat "$tmp/err")" "cut.gz:" "names the file"

# Control bytes from a log never reach the output raw.
printf '1.2.3.4 - - [04/Dec/2026:09:00:00 +0000] "GET /zz?\\x1B[1mBOLD HTTP/1.1" 404 1\n1.2.3.4 - - [04/Dec/2026:09:00:00 +0000] "GET /a\\x0Ab\\x09c HTTP/1.1" 404 1\n' >"$tmp/esc.log"
out=$(replay "$tmp/esc.log" 2>&1)
like "$out" '/zz?\x1B[1mBOLD' "an escape byte in a query is shown as \\x1B"
is "$(printf '%s' "$out" | tr -d '\n\t' | tr -dc '\000-\037' | wc -c | tr -d ' ')" 0 "no control byte in the report"
is "$(replay --tsv "$tmp/esc.log" 2>/dev/null | wc -l | tr -d ' ')" 2 "--tsv: a newline in a target does not make a line"
printf '1.2.3.4 - - [04/Dec/2026:09:00:00 +0000] "GET http://h?x=/about/ HTTP/1.1" 200 1\n' >"$tmp/abs.log"
like "$(replay --tsv "$tmp/abs.log" 2>/dev/null)" "1${TAB}200${TAB}/?x=/about/${TAB}/${TAB}page" \
	"an absolute-form target with a query before any '/': the root with that query"

# -n, and a suggestion without the extension.
out=$(replay -n 1 "$logs"/*.access 2>/dev/null)
like "$out" "(1 of 6 distinct targets)" "-n 1: one 404 listed of six"
is "$(echo "$out" | grep -c '^ *[0-9][0-9]*  /')" 1 "-n 1: one line"
printf '1.2.3.4 - - [04/Dec/2026:09:00:00 +0000] "GET /about.html HTTP/1.1" 404 1\n' >"$tmp/html.log"
like "$(replay "$tmp/html.log" 2>/dev/null)" "/about.html  -> /about/ (without the extension)" \
	"a trailing .html: the page without it"
run_fails "-n with a word is refused" "$SLUGINDEX" replay -i "$idx" -n many "$tmp/html.log"
like "$("$SLUGINDEX" replay --help)" "usage: slugindex replay -i FILE.idx" "replay --help"
done_testing
