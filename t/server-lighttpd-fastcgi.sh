#!/bin/sh
# t/server-lighttpd-fastcgi.sh: lighttpd with mod_fastcgi, lighttpd starting
# slugserve itself (bin-path), configured with the block of
# docs/setup-lighttpd-fastcgi.md; the checks of t/server-lib.sh through it.
# Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
run_lighttpd setup-lighttpd-fastcgi.md lighttpd-fastcgi

stop_server lighttpd
# lighttpd signals the slugserve it started; give it up to 5 s to finish
i=0
while [ -n "$(pgrep -f "$tmp/bin/slugserve" 2>/dev/null)" ] && [ "$i" -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$(pgrep -f "$tmp/bin/slugserve" 2>/dev/null)" ]; then
	pass "stopping lighttpd stops the slugserve it started"
else
	fail "stopping lighttpd stops the slugserve it started" \
	    "$(pgrep -af "$tmp/bin/slugserve")"
fi
done_testing
