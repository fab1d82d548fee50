#!/bin/sh
# t/fcgi-attack.sh: the connection attacks of issue 14 against one
# slugserve worker (-n 1, so that nothing hides behind a second one),
# with raw FastCGI clients (t/fcgi-client.py): a silent client, one that
# never reads, a kept connection left idle, an endless params stream, too
# large params; and the protocol cases: GET_VALUES, other roles,
# pipelined requests, multiplexing refused, a stop with a client
# connected. Prints TAP.
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
client="python3 $top_srcdir/t/fcgi-client.py"
if ! "$SLUGINDEX" build -c "$top_srcdir/data/site.yml" -o "$tmp/site.idx" \
    >"$tmp/build.log" 2>&1; then
	echo "1..0 # SKIP cannot build the index with $SLUGINDEX"
	exit 0
fi
chmod 644 "$tmp/site.idx"
sock=$tmp/s.sock
: >"$tmp/server.log"

# start: slugserve -n 1 with short timeouts on $sock; $server its PID
start() {
	"$SLUGSERVE" -s "$sock" -i "$tmp/site.idx" --read-timeout 4 \
	    --write-timeout 4 --idle-timeout 4 --max-conns 16 "$@" \
	    2>>"$tmp/server.log" &
	server=$!
	i=0
	until [ "$($client get "$sock" 2>/dev/null)" = ok ]; do
		i=$((i + 1))
		if [ "$i" -ge 50 ]; then
			fail "slugserve answers" "$(cat "$tmp/server.log")"
			done_testing
			exit 1
		fi
		sleep 0.1
	done
}
trap 'kill $server 2>/dev/null; cleanup' EXIT

# case NAME CASE ARG...: one TAP line from the client's verdict
case_ok() {
	name=$1; shift
	out=$($client "$@" 2>&1)
	case $out in
	ok*) pass "$name" ;;
	*) fail "$name" "$out" ;;
	esac
}

start
case_ok "GET_VALUES answered (MAX_CONNS, MAX_REQS, MPXS_CONNS=0), UNKNOWN_TYPE too" \
    get-values "$sock" 16
case_ok "AUTHORIZER role: FCGI_UNKNOWN_ROLE" role "$sock" 2
case_ok "FILTER role: FCGI_UNKNOWN_ROLE" role "$sock" 3
case_ok "a page's answer: one STDOUT record, then the empty one, padded to 8" \
    records "$sock"
case_ok "3 pipelined requests on one connection: all answered, in order" \
    pipelined "$sock"
case_ok "a second request id while one is in flight: FCGI_CANT_MPX_CONN" \
    mpx "$sock"
case_ok "silent client: others served, it is closed after the read timeout" \
    silent "$sock" 4
case_ok "empty DATA records every second and no request: closed by the read timeout" \
    drip "$sock" 4 fresh
case_ok "GET_VALUES every second and no request: closed by the read timeout" \
    drip "$sock" 4 values
case_ok "a kept connection dripping empty DATA records: closed by the idle timeout" \
    drip "$sock" 4 kept
case_ok "kept connection idle: others served, closed after the idle timeout" \
    idle "$sock" 4
case_ok "client that never reads: others served, closed after the write timeout" \
    nonreading "$sock" 4 "$server"
case_ok "params over 128 KiB: 431" big-params "$sock"
case_ok "endless params stream: 431 or closed, worker memory flat" \
    endless-params "$sock" "$server"
case_ok "still serving after the attacks" pipelined "$sock"

# a stop with a silent client connected: out within the write timeout
# (4 s; the loop waits up to 5)
$client hold "$sock" >"$tmp/hold.out" &
holder=$!
i=0
while [ ! -s "$tmp/hold.out" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM "$server"
i=0
while kill -0 "$server" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$server" 2>/dev/null; then
	fail "SIGTERM with a silent client connected: exits within the write timeout"
	kill -9 "$server"
else
	pass "SIGTERM with a silent client connected: exits within the write timeout"
fi
wait "$server"
is "$?" 0 "SIGTERM: exit status 0"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

start -n 2
case_ok "-n 2: silent client does not hold a worker" silent "$sock" 4
kill -TERM "$server"
wait "$server"
is "$?" 0 "-n 2: SIGTERM: exit status 0"
# a stop with answers in flight to a client that does not read them: out
# after the write timeout (4 s), not later (the loop waits up to 7)
start
$client hold-unread "$sock" >"$tmp/unread.out" &
holder=$!
i=0
while [ ! -s "$tmp/unread.out" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM "$server"
i=0
while kill -0 "$server" 2>/dev/null && [ "$i" -lt 70 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$server" 2>/dev/null; then
	fail "SIGTERM with unread answers in flight: exits after the write timeout"
	kill -9 "$server"
else
	pass "SIGTERM with unread answers in flight: exits after the write timeout"
fi
wait "$server"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

start --max-conns 1
case_ok "--max-conns 1: a second client waits for the slot, then is served" \
    max-conns "$sock" 4
kill -TERM "$server"
wait "$server"

# a reader that always makes a little progress on a large answer: the
# send timeout closes it although the write timeout never comes
cp -R "$top_srcdir/data/." "$tmp/big"
chmod -R u+w "$tmp/big"
awk 'BEGIN { print "---\ntitle: \"Big\"\n---\n"
	for (i = 0; i < 40000; i++)
		print "<p>Line " i " of a page of some 3 MB, the words that fill it up.</p>" }' \
    >"$tmp/big/content/english/big.html"
if "$SLUGINDEX" build -c "$tmp/big/site.yml" -o "$tmp/big.idx" >"$tmp/build.log" 2>&1; then
	chmod 644 "$tmp/big.idx"
	"$SLUGSERVE" -s "$tmp/big.sock" -i "$tmp/big.idx" --write-timeout 3 \
	    --send-timeout 4 2>>"$tmp/server.log" &
	server=$!
	i=0
	until [ -S "$tmp/big.sock" ] || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
	case_ok "a reader taking 64 KiB every half second of a 3 MB answer: closed by the send timeout" \
	    slow-drain "$tmp/big.sock" 4
	kill -TERM "$server"
	wait "$server"
else
	fail "the large page builds" "$(cat "$tmp/build.log")"
fi

# FCGI_WEB_SERVER_ADDRS, as libfcgi honoured it: TCP peers not listed are
# hung up on
port=$(free_port)
FCGI_WEB_SERVER_ADDRS=10.9.9.9 "$SLUGSERVE" -s "127.0.0.1:$port" \
    -i "$tmp/site.idx" 2>>"$tmp/server.log" &
server=$!
i=0
until listening "$port" || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
case_ok "FCGI_WEB_SERVER_ADDRS without 127.0.0.1: a local peer is hung up on" \
    refused "127.0.0.1:$port"
kill -TERM "$server"
wait "$server"
FCGI_WEB_SERVER_ADDRS="10.9.9.9, 127.0.0.1" "$SLUGSERVE" -s "127.0.0.1:$port" \
    -i "$tmp/site.idx" 2>>"$tmp/server.log" &
server=$!
i=0
until listening "$port" || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
case_ok "FCGI_WEB_SERVER_ADDRS with 127.0.0.1: served" get "127.0.0.1:$port"
kill -TERM "$server"
wait "$server"
if grep -q -e 'error:' -e 'killed by' "$tmp/server.log"; then
	fail "no error logged" "$(cat "$tmp/server.log")"
else
	pass "no error logged"
fi
done_testing
