#!/bin/sh
# t/server-lighttpd-fastcgi.sh: lighttpd with mod_fastcgi, lighttpd starting
# slugserve itself (bin-path), configured with the block of
# docs/setup-lighttpd-fastcgi.md; the checks of t/server-lib.sh through it.
# Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
need_bin lighttpd lighttpd
site_setup
port=$(free_port)
base=http://127.0.0.1:$port

# The server around the guide's block: port, user, logs, MIME types.
{
	cat <<-EOF
	server.document-root = "$www"
	server.bind = "127.0.0.1"
	server.port = $port
	server.username = "$web_user"
	server.groupname = "$web_group"
	server.errorlog = "$run/error.log"
	server.pid-file = "$run/lighttpd.pid"
	mimetype.assign = ( ".png" => "image/png", ".html" => "text/html" )
	EOF
	snippet "$top_srcdir/docs/setup-lighttpd-fastcgi.md"
} >"$tmp/lighttpd.conf"
run_ok "the configuration is valid" lighttpd -tt -f "$tmp/lighttpd.conf"
start_server lighttpd lighttpd -D -f "$tmp/lighttpd.conf"
wait_port "$port" lighttpd "$run/error.log"

check_site lighttpd-fastcgi

stop_server lighttpd
if [ -z "$(pgrep -f "$tmp/bin/slugserve" 2>/dev/null)" ]; then
	pass "stopping lighttpd stops the slugserve it started"
else
	fail "stopping lighttpd stops the slugserve it started" \
	    "$(pgrep -af "$tmp/bin/slugserve")"
fi
done_testing
