#!/bin/sh
# t/server-nginx.sh: nginx with fastcgi_pass to a slugserve started with
# -s 127.0.0.1:PORT, configured with the block of docs/setup-nginx.md and
# Debian's stock fastcgi_params; the checks of t/server-lib.sh through it.
# Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
need_bin nginx nginx
if [ ! -r /etc/nginx/fastcgi_params ]; then
	echo "1..0 # SKIP /etc/nginx/fastcgi_params not found: install nginx-common"
	exit 0
fi
site_setup
fcgi_port=$(free_port)
start_slugserve "$fcgi_port"
port=$(free_port)
base=http://127.0.0.1:$port

# The server around the guide's block; "include fastcgi_params" is read
# beside the configuration file, as it is in /etc/nginx.
mkdir "$tmp/nginx"
cp /etc/nginx/fastcgi_params "$tmp/nginx/"
{
	cat <<-EOF
	daemon off;
	user $web_user $web_group;
	worker_processes 1;
	pid $run/nginx.pid;
	error_log $run/error.log;
	events { worker_connections 64; }
	http {
	    include /etc/nginx/mime.types;
	    default_type application/octet-stream;
	    access_log off;
	    # compression on for HTML, as in Debian's nginx.conf
	    gzip on;
	    client_body_temp_path $run/client_body;
	    fastcgi_temp_path $run/fastcgi;
	    proxy_temp_path $run/proxy;
	    scgi_temp_path $run/scgi;
	    uwsgi_temp_path $run/uwsgi;
	    server {
	        listen 127.0.0.1:$port;
	        server_name localhost;
	EOF
	snippet "$top_srcdir/docs/setup-nginx.md"
	echo "    }"
	echo "}"
} >"$tmp/nginx/nginx.conf"
run_ok "the configuration is valid" \
    nginx -t -q -e "$run/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
start_server nginx nginx -e "$run/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
wait_port "$port" nginx "$run/error.log"

check_site nginx
done_testing
