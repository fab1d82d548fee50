#!/bin/sh
# t/server-apache-proxy-fcgi.sh: Apache 2.4 with mod_proxy_fcgi passing
# requests to a slugserve started with -s 127.0.0.1:PORT, configured with
# the block of docs/setup-apache-proxy-fcgi.md inside a virtual host; the
# checks of t/server-lib.sh through it. Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
need_apache proxy proxy_fcgi
site_setup
fcgi_port=$(free_port)
start_slugserve "$fcgi_port"
port=$(free_port)
base=http://127.0.0.1:$port

{
	apache_conf event proxy proxy_fcgi
	echo "<VirtualHost *:$port>"
	snippet "$top_srcdir/docs/setup-apache-proxy-fcgi.md"
	echo "</VirtualHost>"
} >"$tmp/apache2.conf"
start_apache "$tmp/apache2.conf"

check_site apache-proxy-fcgi
done_testing
