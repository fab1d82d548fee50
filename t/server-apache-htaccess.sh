#!/bin/sh
# t/server-apache-htaccess.sh: Apache 2.4 as shared hosting: a user's
# document root with AllowOverride All and cgi-bin/htaccess.example as its
# .htaccess, sending every path that is not a real file to
# cgi-bin/slugserve.fcgi; run once under mod_cgi (prefork) and once under
# mod_fcgid (event), with the checks of t/server-lib.sh each time. Also
# shows that the same .htaccess is ignored when AllowOverride is None.
# Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
need_apache rewrite cgi fcgid
site_setup

# The user's files: the index in the home folder, the document root with
# its .htaccess, the binary in cgi-bin/ and a real image.
home=$tmp/home/alice
www=$home/public_html
mkdir -p "$www/cgi-bin" "$www/images"
cp "$tmp/site.idx" "$home/site.idx"
cp "$serve_bin" "$www/cgi-bin/slugserve.fcgi"
cp "$tmp/www/images/logo.png" "$www/images/"
snippet "$top_srcdir/cgi-bin/htaccess.example" >"$www/.htaccess"
chmod -R a+rX "$tmp/home"

# The guide shows the same block, without the comments.
strip() { grep -v '^[[:space:]]*#' | grep -v '^[[:space:]]*$'; }
is "$(snippet "$top_srcdir/docs/setup-apache-htaccess.md" | strip)" \
    "$(strip <"$www/.htaccess")" \
    "docs/setup-apache-htaccess.md shows the block of cgi-bin/htaccess.example"

# apache_shared MPM OVERRIDE MODULE...: the host's configuration: a virtual
# host for alice's document root, .htaccess files allowed or not.
apache_shared() {
	mpm=$1 override=$2; shift 2
	apache_conf "$mpm" "$@"
	cat <<-EOF
	<IfModule mod_fcgid.c>
	FcgidIPCDir "$run/fcgid"
	FcgidProcessTableFile "$run/fcgid.shm"
	</IfModule>
	<VirtualHost *:$port>
	    DocumentRoot "$www"
	    <Directory "$www">
	        AllowOverride $override
	        Require all granted
	    </Directory>
	</VirtualHost>
	EOF
}

for variant in cgi:prefork fcgid:event; do
	module=${variant%%:*} mpm=${variant#*:}
	port=$(free_port)
	base=http://127.0.0.1:$port
	apache_shared "$mpm" All rewrite "$module" >"$tmp/apache2-$module.conf"
	logged=$(wc -l <"$run/error.log" 2>/dev/null || echo 0)
	start_apache "$tmp/apache2-$module.conf"
	check_site "apache-htaccess-$module"
	stop_server apache2
	# the index comes with each request: a process start without one is
	# not a failure, and nothing is logged as an error or a warning
	tail -n +"$((logged + 1))" "$run/error.log" >"$tmp/error-$module.log"
	grep 'slugserve:' "$tmp/error-$module.log" | sort | uniq -c | sed 's/^/# /'
	is "$(grep 'slugserve:' "$tmp/error-$module.log" |
	    grep -v 'slugserve: notice:')" "" \
	    "apache-htaccess-$module: slugserve logs no error or warning"
done

# Troubleshooting: AllowOverride None, the .htaccess is ignored: Apache
# answers 404 itself, without the layout.
port=$(free_port)
base=http://127.0.0.1:$port
apache_shared prefork None rewrite cgi >"$tmp/apache2-none.conf"
start_apache "$tmp/apache2-none.conf"
fetch /about/
if [ "$(code)" = 404 ] && ! body_has "$layout_mark"; then
	pass "AllowOverride None: Apache's own 404, not the site's"
else
	fail "AllowOverride None: Apache's own 404, not the site's" "$(got)"
fi
stop_server apache2
done_testing
