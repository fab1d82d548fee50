#!/bin/sh
# t/server-apache-fcgid.sh: Apache 2.4 with mod_fcgid starting slugserve,
# configured with the block of docs/setup-apache-fcgid.md inside a virtual
# host; the checks of t/server-lib.sh through it. Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
need_apache rewrite fcgid
site_setup
port=$(free_port)
base=http://127.0.0.1:$port

{
	apache_conf event rewrite fcgid
	cat <<-EOF
	FcgidIPCDir "$run/fcgid"
	FcgidProcessTableFile "$run/fcgid.shm"
	<VirtualHost *:$port>
	EOF
	snippet "$top_srcdir/docs/setup-apache-fcgid.md"
	echo "</VirtualHost>"
} >"$tmp/apache2.conf"
start_apache "$tmp/apache2.conf"

check_site apache-fcgid
done_testing
