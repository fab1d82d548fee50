#!/bin/sh
# bench/valgrind-loop.sh: N requests (default 100,000) to one FastCGI
# slugserve process (-n 1, on a unix socket) running under valgrind's
# memcheck, sent by bench/fcgi-client (half with a new connection per
# request, half over one kept connection), then a stop by SIGTERM so that
# memcheck reports leaks at exit. Prints the figures: requests and rate,
# memcheck's error count, bytes definitely/indirectly/possibly lost and
# still reachable. Exit status 0 when every request was answered, with no
# memcheck error and nothing definitely, indirectly or possibly lost.
#
# usage: bench/valgrind-loop.sh [N]
# Environment: SLUGSERVE, SLUGINDEX (default: the tree's src/), FCGI_CLIENT
# (default: bench/fcgi-client, compiled with $CC into a temporary folder
# when missing), SITE (the site config, default data/site.yml), KEEP_TMP=1.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
: "${SLUGSERVE:=$top/src/slugserve}"
: "${SLUGINDEX:=$top/src/slugindex}"
: "${SITE:=$top/data/site.yml}"
: "${CC:=cc}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/valgrind-loop.XXXXXX") || exit 1
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	if [ -n "${KEEP_TMP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind-loop: valgrind not found (apt-get install valgrind)" >&2
	exit 77
}
client=${FCGI_CLIENT:-$top/bench/fcgi-client}
if [ ! -x "$client" ]; then
	client=$tmp/fcgi-client
	"$CC" -std=c11 -D_GNU_SOURCE -O2 "$top/bench/fcgi-client.c" -o "$client" || exit 1
fi
"$SLUGINDEX" build -c "$SITE" -o "$tmp/site.idx" >"$tmp/build.log" 2>&1 || {
	cat "$tmp/build.log" >&2
	exit 1
}
sock=$tmp/s.sock
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=all \
    --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes \
    --log-file="$tmp/memcheck.log" \
    "$SLUGSERVE" -s "$sock" -i "$tmp/site.idx" 2>"$tmp/server.log" &
server=$!
i=0
while [ ! -S "$sock" ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$sock" ] || { echo "valgrind-loop: slugserve did not start" >&2; cat "$tmp/memcheck.log" >&2; exit 1; }

half=$((n / 2))
rc=0
"$client" -n "$half" "$sock" >"$tmp/client1.out" || rc=1
"$client" -k -n $((n - half)) "$sock" >"$tmp/client2.out" || rc=1
kill -TERM "$server"
wait "$server"
src=$?
server=""

# figures from memcheck's summary ("definitely lost: 0 bytes in 0 blocks")
# ("All heap blocks were freed" replaces those lines when nothing is left)
lost() {
	v=$(sed -n "s/.*$1: \([0-9,]*\) bytes in \([0-9,]*\) blocks.*/\1 bytes in \2 blocks/p" "$tmp/memcheck.log" | tail -n 1)
	if [ -z "$v" ] && grep -q "All heap blocks were freed" "$tmp/memcheck.log"; then
		v="0 bytes in 0 blocks"
	fi
	echo "$v"
}
errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$tmp/memcheck.log" | tail -n 1)
inuse=$(sed -n 's/.*in use at exit: \(.*\)$/\1/p' "$tmp/memcheck.log" | tail -n 1)
heap=$(sed -n 's/.*total heap usage: \(.*\)$/\1/p' "$tmp/memcheck.log" | tail -n 1)
echo "requests (new connection each): $(cat "$tmp/client1.out")"
echo "requests (one kept connection): $(cat "$tmp/client2.out")"
echo "slugserve exit status: $src"
echo "memcheck errors: ${errors:-?}"
echo "in use at exit: ${inuse:-?}"
echo "total heap usage: ${heap:-?}"
for kind in "definitely lost" "indirectly lost" "possibly lost" "still reachable"; do
	echo "$kind: $(lost "$kind" || true)"
done
if grep -q "All heap blocks were freed" "$tmp/memcheck.log"; then
	echo "leaks: all heap blocks were freed"
fi
for kind in "definitely lost" "indirectly lost" "possibly lost"; do
	v=$(lost "$kind")
	case $v in "" | "0 bytes in 0 blocks") ;; *) rc=1 ;; esac
done
[ "${errors:-1}" = 0 ] || rc=1
[ "$src" = 0 ] || rc=1
if [ "$rc" != 0 ]; then
	echo "--- memcheck log (first 80 lines) ---"
	sed -n 1,80p "$tmp/memcheck.log"
	echo "--- server log ---"
	tail -n 20 "$tmp/server.log"
fi
exit "$rc"
