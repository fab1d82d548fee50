#!/bin/sh
# t/server-lighttpd-cgi.sh: lighttpd with mod_cgi running slugserve as a CGI
# program, configured with the block of docs/setup-lighttpd-cgi.md; the
# checks of t/server-lib.sh through it. Prints TAP.
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
	snippet "$top_srcdir/docs/setup-lighttpd-cgi.md"
} >"$tmp/lighttpd.conf"
run_ok "the configuration is valid" lighttpd -tt -f "$tmp/lighttpd.conf"
start_server lighttpd lighttpd -D -f "$tmp/lighttpd.conf"
wait_port "$port" lighttpd "$run/error.log"

check_site lighttpd-cgi
done_testing
