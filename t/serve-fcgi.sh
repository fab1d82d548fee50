#!/bin/sh
# t/serve-fcgi.sh: runs slugserve as a FastCGI responder, started by
# spawn-fcgi and on its own socket (-s), drives it with cgi-fcgi, and checks
# the routing spec through two workers (t/routing.spec), an index replaced
# under load, bad indexes refused while the old one serves on, a dead
# worker restarted, and a clean stop by PID; prints TAP.
. "$(dirname "$0")/lib.sh"
: "${top_builddir:=$top_srcdir}"

for tool in cgi-fcgi:libfcgi-bin spawn-fcgi:spawn-fcgi; do
	if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
		skip "${tool%%:*} not found (apt-get install ${tool#*:})" "FastCGI through spawn-fcgi"
		done_testing
		exit 0
	fi
done

# request VAR=VALUE...: one request over FastCGI to $sock.
request() {
	env -i PATH="$PATH" "$@" cgi-fcgi -bind -connect "$sock" \
	    >"$tmp/out" 2>"$tmp/err" </dev/null
	split_response
}

# wait_for COMMAND...: retry for up to 5 seconds
wait_for() {
	i=0
	while ! "$@" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -ge 50 ] && return 1
		sleep 0.1
	done
}

answering() { request REQUEST_METHOD=GET REQUEST_URI=/ && [ -n "$(status)" ]; }
serving() { request REQUEST_METHOD=GET REQUEST_URI=/about/ && is_status 200; }
gone() { ! kill -0 "$1" 2>/dev/null; }
workers() { pgrep -P "$1" | wc -l | tr -d ' '; }
two_workers() { test "$(workers "$server")" = 2; }

# six_good: six requests for /about/, each a 200 with the page
six_good() {
	for i in 1 2 3 4 5 6; do
		request REQUEST_METHOD=GET REQUEST_URI=/about/
		is_status 200 && body_has "About this site" || return 1
	done
}

# cases_reload: the index at $idx is replaced while requests run.
cases_reload() {
	sed 's/^title: "About this site"/title: "About this site, second edition"/' \
	    "$tmp/data/content/english/about.md" >"$tmp/about.md" &&
	    mv "$tmp/about.md" "$tmp/data/content/english/about.md"
	: >"$tmp/statuses"
	(
		n=0
		while [ "$n" -lt 150 ]; do
			request REQUEST_METHOD=GET REQUEST_URI=/about/
			status >>"$tmp/statuses"
			n=$((n + 1))
		done
	) &
	loader=$!
	sleep 0.3
	build_index "$tmp/data/site.yml" "$tmp/next.idx" &&
	    mv "$tmp/next.idx" "$idx"
	wait "$loader"
	check "reload: 150 answers during the swap, all 200" \
	    test "$(grep -c '^200$' "$tmp/statuses")" = 150
	: >"$tmp/bodies"
	for i in 1 2 3 4 5 6; do
		request REQUEST_METHOD=GET REQUEST_URI=/about/
		cat "$tmp/body" >>"$tmp/bodies"
	done
	check "reload: new content served by every worker" \
	    test "$(grep -c '<h1>About this site, second edition</h1>' "$tmp/bodies")" = 6

	# Which good copy a worker keeps is its own: one that took none of
	# the six requests above still has the first edition.
	head -c 3000 "$idx" >"$tmp/short.idx" && mv "$tmp/short.idx" "$idx"
	check "truncated index: a good copy still served, 6 of 6" six_good
	head -c 100000 /dev/urandom >"$tmp/junk.idx" && mv "$tmp/junk.idx" "$idx"
	check "garbage index: a good copy still served, 6 of 6" six_good
	check "refusals logged with the reason" \
	    grep -q "slugserve: warning: refusing new index $idx: .* (keeping the previous one)" "$tmp/server.log"
	# once per bad file and worker: 2 files x 2 workers at most
	check "each bad file logged once per worker" \
	    test "$(grep -c 'refusing new index' "$tmp/server.log")" -le 4
	build_index "$top_srcdir/data/site.yml" "$tmp/next.idx" && mv "$tmp/next.idx" "$idx"
	request REQUEST_METHOD=GET REQUEST_URI=/about/
	check "good index after bad ones: taken" is_status 200
	check "good index after bad ones: its content" body_has "About this site"
}

# start_spawn: slugserve -n 2 under spawn-fcgi -n (it execs into slugserve,
# so $! is slugserve's PID and stderr stays ours).
start_spawn() {
	sock=$tmp/spawn.sock
	spawn-fcgi -n -s "$sock" -- "$SLUGSERVE" -i "$idx" -n 2 \
	    2>>"$tmp/server.log" >/dev/null &
	server=$!
}

start_own() {
	sock=$tmp/own.sock
	"$SLUGSERVE" -s "$sock" -i "$idx" -n 2 2>>"$tmp/server.log" &
	server=$!
}

stop_server() { # stop_server NAME
	kill "$server"
	wait "$server"
	check "$1: exits 0 on SIGTERM" test $? -eq 0
}

build_index() { # build_index CONFIG OUT
	"$SLUGINDEX" build -c "$1" -o "$2" >"$tmp/build.log" 2>&1
}

fcgi_main() {
	server=
	cleanup() { [ -z "$server" ] || kill $server 2>/dev/null; rm -rf "$tmp"; }
	spec_site "$tmp/data"
	idx=$tmp/site.idx
	if ! build_index "$tmp/data/site.yml" "$tmp/site.idx"; then
		fail "the routing spec's site builds" "$(cat "$tmp/build.log")"
		done_testing
		exit 1
	fi
	: >"$tmp/server.log"

	start_spawn
	check "spawn-fcgi: serving" wait_for serving
	check "spawn-fcgi: two workers" two_workers
	tap_run "spawn-fcgi, two workers: the routing spec" "$top_builddir/t/spec-run" \
	    -t fcgi -w "$sock" -n "spawn-fcgi -n 2" "$top_srcdir/t/routing.spec"
	victim=$(pgrep -P "$server" | head -n 1)
	kill -9 "$victim"
	wait_for gone "$victim"
	check "a killed worker is restarted" wait_for two_workers
	check "worker death logged" grep -q "killed by signal 9" "$tmp/server.log"
	check "still serving after the restart" serving
	logged=$(wc -l <"$tmp/server.log")
	kill -HUP "$server"
	check "serving after SIGHUP" serving
	# an ordinary SIGHUP rereads a good file: nothing refused or dropped
	tail -n +"$((logged + 1))" "$tmp/server.log" >"$tmp/hup.log"
	check "SIGHUP on a good index logs no warning" \
	    sh -c "! grep -q -e 'warning:' -e 'error:' -e 'dropped' '$tmp/hup.log'"
	stop_server "spawn-fcgi"

	start_own
	check "-s unix socket: serving" wait_for serving
	cases_reload
	stop_server "-s"
	check "-s: socket removed on exit" test ! -e "$sock"

	rm -f "$idx"
	start_own
	wait_for answering
	request REQUEST_METHOD=GET REQUEST_URI=/about/
	check "no index at start: 503" is_status 503
	check "no index at start: reason logged" grep -q "no usable index $idx" "$tmp/server.log"
	build_index "$top_srcdir/data/site.yml" "$tmp/next.idx" && mv "$tmp/next.idx" "$idx"
	check "index appears: picked up" wait_for serving
	stop_server "-s after 503"
	server=
	done_testing
}

fcgi_main
