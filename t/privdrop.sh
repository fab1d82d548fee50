#!/bin/sh
# t/privdrop.sh: started by hand as root with -s, slugserve binds, then
# serves as -u USER (else SLUGSERVE_USER, else the package's user
# 'slugserve'), workers included, or says why it cannot and serves
# nothing; it hands its unix socket to that user; -u without root is
# refused. Needs root and cgi-fcgi. Prints TAP.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root (slugserve leaves root; nothing to test as uid $(id -u))"
	exit 0
fi
if ! command -v cgi-fcgi >/dev/null 2>&1; then
	echo "1..0 # SKIP cgi-fcgi not found (apt-get install libfcgi-bin)"
	exit 0
fi
unset SLUGSERVE_USER
chown nobody "$tmp"
"$SLUGINDEX" build -c "$top_srcdir/data/site.yml" -o "$tmp/site.idx" 2>/dev/null ||
	fail "the sample site builds"
get() { env -i REQUEST_METHOD=GET REQUEST_URI=/about/ cgi-fcgi -bind -connect "$1" 2>/dev/null |
	head -n 1 | tr -d '\r'; }
uid_of() { awk '/^Uid:/ { print $2 "/" $3 "/" $4 "/" $5 }' "/proc/$1/status" 2>/dev/null; }
nobody=$(id -u nobody)

# -u nobody on TCP, two workers: every process of it runs as nobody
port=$(free_port)
"$SLUGSERVE" -s "127.0.0.1:$port" -i "$tmp/site.idx" -n 2 -u nobody 2>"$tmp/log" &
pid=$!
i=0
until [ "$(get "127.0.0.1:$port")" = "Status: 200 OK" ] || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
is "$(get "127.0.0.1:$port")" "Status: 200 OK" "-u nobody: answers"
is "$(uid_of "$pid")" "$nobody/$nobody/$nobody/$nobody" "-u nobody: the supervisor runs as nobody (real, effective, saved, fs)"
ws=$(pgrep -P "$pid")
is "$(echo "$ws" | wc -w | tr -d ' ')" 2 "-u nobody: two workers"
all=yes
for w in $ws; do [ "$(uid_of "$w")" = "$nobody/$nobody/$nobody/$nobody" ] || all="no: $w $(uid_of "$w")"; done
is "$all" yes "-u nobody: the workers run as nobody"
is "$(awk '/^Groups:/ { print $2 }' "/proc/$pid/status")" "$(id -g nobody)" "-u nobody: root's groups are gone"
kill "$pid"; wait "$pid"
is "$?" 0 "-u nobody: stops cleanly"

# a unix socket is handed to the user, who removes it at exit
sock=$tmp/s.sock
"$SLUGSERVE" -s "$sock" -i "$tmp/site.idx" -u nobody 2>>"$tmp/log" &
pid=$!
i=0
until [ "$(get "$sock")" = "Status: 200 OK" ] || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
is "$(stat -c %U "$sock" 2>/dev/null)" nobody "unix socket: owned by the user"
kill "$pid"; wait "$pid"
if [ -e "$sock" ]; then fail "unix socket: removed at exit"; else pass "unix socket: removed at exit"; fi

# refusals: nothing served, the reason said
refused() { # NAME WANT CMD...
	name=$1 want=$2; shift 2
	out=$(timeout 10 "$@" 2>&1)
	rc=$?
	is "$rc" 1 "$name: exits 1"
	like "$out" "$want" "$name: says why"
}
refused "-u a user that does not exist" "drops to user 'no-such-user-x', which does not exist" \
	"$SLUGSERVE" -s "127.0.0.1:$(free_port)" -i "$tmp/site.idx" -u no-such-user-x
refused "-u root" "-u root: that is root" \
	"$SLUGSERVE" -s "127.0.0.1:$(free_port)" -i "$tmp/site.idx" -u root
refused "-u without root" "only root can change the user" \
	runuser -u nobody -- "$SLUGSERVE" -s "127.0.0.1:$(free_port)" -i "$tmp/site.idx" -u daemon
is "$(find "$tmp" -name "*.sock" | wc -l | tr -d " ")" 0 "refused: no socket left behind"

# no -u: the package's user (the configured default)
def=$("$SLUGSERVE" -h | sed -n 's/.*\$SLUGSERVE_USER, else \([a-z_][a-z0-9_-]*\)).*/\1/p')
is "$def" "${SLUG_DEFAULT_USER:-slugserve}" "slugserve -h names the default user"
if id "$def" >/dev/null 2>&1; then
	port=$(free_port)
	"$SLUGSERVE" -s "127.0.0.1:$port" -i "$tmp/site.idx" 2>>"$tmp/log" &
	pid=$!
	i=0
	until [ "$(get "127.0.0.1:$port")" = "Status: 200 OK" ] || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
	is "$(uid_of "$pid" | cut -d/ -f2)" "$(id -u "$def")" "no -u: serves as $def"
	kill "$pid"; wait "$pid"
else
	refused "no -u, and no user $def" "drops to user '$def', which does not exist: create it" \
		"$SLUGSERVE" -s "127.0.0.1:$(free_port)" -i "$tmp/site.idx"
fi
done_testing
