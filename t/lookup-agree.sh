#!/bin/sh
# t/lookup-agree.sh: slugindex lookup answers as the server does. Runs the
# routing cases of t/serve-cgi.sh and t/legacy.sh with SERVE_AGREE set, so
# that every CGI request they make is also asked of slugindex lookup on the
# same index, and prints one TAP line per request: same status (a 304 is
# lookup's 200) and same Location.
#
# Environment: SLUGSERVE, SLUGINDEX, top_srcdir, as for t/serve-cgi.sh.
here=$(cd "$(dirname "$0")" && pwd)
rec=$(mktemp) || exit 1
trap 'rm -f "$rec"' EXIT
export SERVE_AGREE="$rec"
sh "$here/serve-cgi.sh" >/dev/null 2>&1
sh "$here/legacy.sh" >/dev/null 2>&1
n=0
while IFS='	' read -r verdict what; do
	n=$((n + 1))
	echo "$verdict $n - $what"
done <"$rec"
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - no request was recorded (did the routing tests run?)"
	n=1
fi
echo "1..$n"
