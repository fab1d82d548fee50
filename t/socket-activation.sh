#!/bin/sh
# t/socket-activation.sh: slugserve started as systemd starts it
# (systemd-socket-activate: the listening socket as fd 3, LISTEN_FDS and
# LISTEN_PID set, as sd_listen_fds(3) defines them): it answers on the
# socket passed in, pre-forks its workers on that very socket, leaves
# root when started as root, takes SIGHUP (systemctl reload) and serves on; a
# LISTEN_PID meant for another process is not taken. Prints TAP.
. "$(dirname "$0")/lib.sh"
for tool in systemd-socket-activate:systemd cgi-fcgi:libfcgi-bin; do
	if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
		echo "1..0 # SKIP ${tool%%:*} not found (apt-get install ${tool#*:})"
		exit 0
	fi
done
"$SLUGINDEX" build -c "$top_srcdir/data/site.yml" -o "$tmp/site.idx" 2>/dev/null ||
	fail "the sample site builds"
get() { env -i REQUEST_METHOD=GET REQUEST_URI="$1" cgi-fcgi -bind -connect "127.0.0.1:$port" 2>/dev/null |
	head -n 1 | tr -d '\r'; }
sock_of() { readlink "/proc/$1/fd/$2" 2>/dev/null; }

port=$(free_port)
# systemd-socket-activate passes no environment but what -E names
set -- -E SLUGSERVE_INDEX="$tmp/site.idx"
[ -z "${SLUGSERVE_USER:-}" ] || set -- "$@" -E SLUGSERVE_USER="$SLUGSERVE_USER"
systemd-socket-activate -l "127.0.0.1:$port" "$@" "$SLUGSERVE" -n 2 \
	>"$tmp/log" 2>&1 &
pid=$!
i=0
until listening "$port" || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
# it execs slugserve at the first connection: that request is answered
is "$(get /about/)" "Status: 200 OK" "the first request starts slugserve and is answered"
is "$(get /no/such/page/)" "Status: 404 Not Found" "a second request, a 404"
like "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "slugserve" "slugserve runs in the activator's process (exec)"
listen=$(sock_of "$pid" 3)
like "$listen" "socket:" "fd 3 is the socket passed in"
ws=$(pgrep -P "$pid")
is "$(echo "$ws" | wc -w | tr -d ' ')" 2 "two workers pre-forked"
same=yes
for w in $ws; do [ "$(sock_of "$w" 3)" = "$listen" ] || same="no: worker $w fd 3 is $(sock_of "$w" 3)"; done
is "$same" yes "the workers accept on the socket passed in"
if [ "$(id -u)" = 0 ]; then
	is "$(awk '/^Uid:/ { print $3 }' "/proc/$pid/status")" "$(id -u "${SLUGSERVE_USER:-slugserve}")" \
		"started as root, it serves as ${SLUGSERVE_USER:-slugserve}"
else
	skip "not root" "started as root, it leaves root"
fi
kill -HUP "$pid"
sleep 0.5
is "$(get /about/)" "Status: 200 OK" "after SIGHUP (systemctl reload) it serves on"
kill -0 "$pid" 2>/dev/null && pass "the supervisor survives SIGHUP" || fail "the supervisor survives SIGHUP"
kill "$pid"; wait "$pid"
is "$?" 0 "stops cleanly on SIGTERM"

# LISTEN_PID of another process: no socket is taken (here: not FastCGI)
out=$(env LISTEN_PID=1 LISTEN_FDS=1 "$SLUGSERVE" -i "$tmp/site.idx" 3</dev/null 2>&1 </dev/null)
like "$out" "not started by a web server" "LISTEN_PID of another process: no socket taken"
out=$(env LISTEN_PID=x LISTEN_FDS=1 "$SLUGSERVE" -i "$tmp/site.idx" 2>&1 </dev/null)
like "$out" "LISTEN_PID=x is not a process id" "a malformed LISTEN_PID is refused"
out=$(sh -c 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$1" -i "$2" 3</dev/null' sh "$SLUGSERVE" "$tmp/site.idx" 2>&1 </dev/null)
like "$out" "fd 3 of LISTEN_FDS=1 is not a socket" "a passed fd that is no socket is refused"
done_testing
