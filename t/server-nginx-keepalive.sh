#!/bin/sh
# t/server-nginx-keepalive.sh: nginx keeping its FastCGI connections open
# (fastcgi_keep_conn on, an upstream with keepalive 8) in front of
# slugserve -n 2: a burst of requests from several clients at once must
# all be answered 200 (issue 14: each worker used to wait on its kept
# connection for good, and nginx answered 504). Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
need_bin nginx nginx
need_bin curl curl
if [ ! -r /etc/nginx/fastcgi_params ]; then
	echo "1..0 # SKIP /etc/nginx/fastcgi_params not found: install nginx-common"
	exit 0
fi
site_setup
fcgi_port=$(free_port)
start_slugserve "$fcgi_port"
port=$(free_port)
base=http://127.0.0.1:$port

mkdir "$tmp/nginx"
cp /etc/nginx/fastcgi_params "$tmp/nginx/"
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
user $web_user $web_group;
worker_processes 2;
pid $run/nginx.pid;
error_log $run/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $run/client_body;
    fastcgi_temp_path $run/fastcgi;
    proxy_temp_path $run/proxy;
    scgi_temp_path $run/scgi;
    uwsgi_temp_path $run/uwsgi;
    fastcgi_read_timeout 5s;
    upstream slugserve {
        server 127.0.0.1:$fcgi_port;
        keepalive 8;
        keepalive_timeout 50s;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            include fastcgi_params;
            fastcgi_keep_conn on;
            fastcgi_pass slugserve;
        }
    }
}
EOF
run_ok "the configuration is valid" \
    nginx -t -q -e "$run/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
start_server nginx nginx -e "$run/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
wait_port "$port" nginx "$run/error.log"

# burst N: 6 clients at once, N requests each (one curl each, reusing its
# HTTP connection), every status into $tmp/codes
burst() {
	urls=""
	i=0
	while [ "$i" -lt "$1" ]; do
		case $((i % 3)) in
		0) urls="$urls $base/about/" ;;
		1) urls="$urls $base/" ;;
		2) urls="$urls $base/blog/moving-to-containers/" ;;
		esac
		i=$((i + 1))
	done
	pids=""
	for c in 1 2 3 4 5 6; do
		# shellcheck disable=SC2086
		curl -s --max-time 20 -o /dev/null -w '%{http_code}\n' $urls \
		    >"$tmp/codes.$c" 2>/dev/null &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p"; done
	cat "$tmp/codes".[1-6] >"$tmp/codes"
}

burst 50
is "$(grep -c '^200$' "$tmp/codes")" 300 "6 clients x 50 requests over kept FastCGI connections: all 200"
sleep 1
burst 50
is "$(grep -c '^200$' "$tmp/codes")" 300 "a second burst on the connections kept since: all 200"
fetch /about/
is "$(code)" 200 "a single request afterwards: 200"
if grep -q -e 'upstream timed out' -e 'prematurely closed' "$run/error.log"; then
	fail "nginx logged no upstream failure" "$(tail -n 5 "$run/error.log" | indent)"
else
	pass "nginx logged no upstream failure"
fi
done_testing
