#!/bin/sh
# t/swap-load.sh: index swaps under load. lighttpd (mod_fastcgi) on a free
# 127.0.0.1 port in front of slugserve -n 2 on a unix socket; wrk loads it
# while `slugindex build` replaces the index again and again, alternating
# between two versions of the sample site: A and B carry "layout version
# X" in the layout and "body version X" in every page body and the 404
# page. Every response wrk gets must be byte for byte one of the bodies
# the two indexes give (rendered beforehand through CGI), so a response
# that mixes the versions, lacks a marker, or is cut short is counted bad;
# there must be none, and no socket error.
# Then a truncated, a zero-length, a foreign (random) and a bit-flipped
# index are renamed into place under load: slugserve must keep answering
# from the last good index and log why it refused each. Last, the index
# is changed in place under load (cp, truncate, dd conv=notrunc, random
# bytes into the middle, a FIFO renamed in, chmod 000 and back, a SIGHUP
# storm): no worker may die, every body must still be one version whole,
# and each good state of the file must be taken without a SIGHUP. As
# root, slugserve runs as nobody (setpriv) so that chmod 000 bites.
#
# Short by default (for make check): SWAP_SECONDS=8 SWAP_COUNT=20. The
# full run: SWAP_SECONDS=30 SWAP_COUNT=100 sh t/swap-load.sh
# Environment: SLUGSERVE, SLUGINDEX, top_srcdir (see t/lib.sh), KEEP_TMP=1
# keeps the folder (logs, bodies) for a look.
. "$(dirname "$0")/lib.sh"

secs=${SWAP_SECONDS:-8}
count=${SWAP_COUNT:-20}
for tool in lighttpd:lighttpd wrk:wrk curl:curl; do
	if ! command -v "${tool%%:*}" >/dev/null 2>&1 &&
	    [ ! -x "/usr/sbin/${tool%%:*}" ]; then
		echo "1..0 # SKIP ${tool%%:*} not found (apt-get install ${tool#*:})"
		exit 0
	fi
done
PATH=$PATH:/usr/sbin

pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	if [ -n "${KEEP_TMP:-}" ]; then echo "# kept $tmp"; else rm -rf "$tmp"; fi
}

# make_version X: $tmp/X, the sample site with X's markers, and $tmp/X.idx
make_version() {
	v=$1 d=$tmp/$1
	cp -R "$top_srcdir/data" "$d"
	sed "s|<main>|<main>\\
<p class=\"marker\">layout version $v</p>|" "$top_srcdir/data/layout.html" >"$d/layout.html"
	grep -q "layout version $v" "$d/layout.html" || return 1
	find "$d/content" -type f \( -name '*.md' -o -name '*.html' \) |
	while IFS= read -r f; do
		printf '\n\n<p class="marker">body version %s</p>\n' "$v" >>"$f"
	done
	# only pages with a body from a content file, and a versioned 404
	{
		grep -v -e '^archives:' -e '^feeds:' -e '^sitemap:' \
		    -e '^not_found_body:' "$top_srcdir/data/site.yml"
		printf 'archives: false\nfeeds: false\nsitemap: false\n'
		printf 'not_found_body: "<p class=\\"marker\\">body version %s</p>"\n' "$v"
	} >"$d/site.yml"
	"$SLUGINDEX" build -c "$d/site.yml" -o "$tmp/$v.idx" >"$tmp/build-$v.log" 2>&1
}

# cgi_body INDEX PATH: the body slugserve gives for PATH, as CGI
cgi_body() {
	env -i GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX="$1" REQUEST_METHOD=GET \
	    REQUEST_URI="$2" "$SLUGSERVE" |
	    awk 'BEGIN { RS = "\r\n\r\n"; ORS = "" } NR > 1 { print sep $0; sep = RS }'
}

if ! make_version A || ! make_version B; then
	fail "the two versions of the sample site build" "$(cat "$tmp"/build-*.log)"
	done_testing
	exit
fi
pass "the two versions of the sample site build"

# The paths wrk asks for: every canonical URL, and one 404.
"$SLUGINDEX" dump -i "$tmp/A.idx" | cut -f2 | sort -u >"$tmp/paths"
echo /no-such-page/ >>"$tmp/paths"
: >"$tmp/bodies"
n=0
bad_fixture=""
while IFS= read -r p; do
	for v in A B; do
		n=$((n + 1))
		cgi_body "$tmp/$v.idx" "$p" >"$tmp/body.$n"
		echo "$v $tmp/body.$n" >>"$tmp/bodies"
		other=B; [ "$v" = B ] && other=A
		if ! grep -q "layout version $v" "$tmp/body.$n" ||
		    ! grep -q "body version $v" "$tmp/body.$n" ||
		    grep -q "version $other" "$tmp/body.$n"; then
			bad_fixture="$bad_fixture $v:$p"
		fi
	done
done <"$tmp/paths"
is "$bad_fixture" "" "every page of A and B holds its version in layout and body ($(wc -l <"$tmp/paths" | tr -d ' ') paths)"

# The wrk script: rotate through the paths; a response is good when its
# body is one of the expected bodies, counted by version.
cat >"$tmp/check.lua" <<'EOF'
local paths, valid = {}, {}
for line in io.lines(os.getenv("SWAP_PATHS")) do paths[#paths + 1] = line end
for line in io.lines(os.getenv("SWAP_BODIES")) do
	local v, file = line:match("^(%S+) (.+)$")
	local f = assert(io.open(file, "rb"))
	valid[f:read("*a")] = v
	f:close()
end
n_a, n_b, n_bad = 0, 0, 0
local i, id = 0, tostring(math.random(1, 1e9))
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
	local v = valid[body]
	if v == "A" and (status == 200 or status == 404) then n_a = n_a + 1
	elseif v == "B" and (status == 200 or status == 404) then n_b = n_b + 1
	else
		n_bad = n_bad + 1
		if n_bad <= 3 then
			local f = io.open(os.getenv("SWAP_BAD") .. "." .. id .. "." .. n_bad, "wb")
			if f then f:write(status, "\n", body) f:close() end
		end
	end
end
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
function done(summary, latency, requests)
	local a, b, bad = 0, 0, 0
	for _, t in ipairs(threads) do
		a = a + t:get("n_a"); b = b + t:get("n_b"); bad = bad + t:get("n_bad")
	end
	local e = summary.errors
	io.write(string.format("RESULT requests=%d a=%d b=%d bad=%d connect=%d read=%d write=%d timeout=%d\n",
		summary.requests, a, b, bad, e.connect, e.read, e.write, e.timeout))
end
EOF

# free_port: a TCP port nobody listens on (from /proc/net/tcp).
wait_until() { # wait_until COMMAND...: up to 5 s
	i=0
	while ! "$@" 2>/dev/null; do
		i=$((i + 1)); [ "$i" -ge 50 ] && return 1; sleep 0.1
	done
}

idx=$tmp/site.idx
cp "$tmp/A.idx" "$idx"
# As root, chmod 000 does not stop reads: slugserve runs as nobody then.
runas=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
    id nobody >/dev/null 2>&1; then
	runas="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
	mkdir -p "$tmp/run" && chown nobody "$tmp/run" && chmod 755 "$tmp"
	sock=$tmp/run/fcgi.sock
	$runas test -r "$idx" -a -x "$SLUGSERVE" || runas=""
fi
[ -z "$runas" ] && sock=$tmp/fcgi.sock
$runas "$SLUGSERVE" -s "$sock" -i "$idx" -n 2 2>"$tmp/server.log" &
server=$!
pids="$server"
port=$(free_port)
cat >"$tmp/lighttpd.conf" <<EOF
server.document-root = "$tmp"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$tmp/lighttpd.log"
server.modules += ( "mod_fastcgi" )
server.max-keep-alive-requests = 1000
fastcgi.server = ( "/" => (( "socket" => "$sock", "check-local" => "disable",
                             "fix-root-scriptname" => "enable" )) )
EOF
wait_until test -S "$sock"
lighttpd -D -f "$tmp/lighttpd.conf" >"$tmp/lighttpd.out" 2>&1 &
pids="$pids $!"
base=http://127.0.0.1:$port
if ! wait_until curl -sf -o /dev/null "$base/about/"; then
	fail "lighttpd + slugserve answer" "$(cat "$tmp/lighttpd.out" "$tmp/lighttpd.log" "$tmp/server.log" 2>/dev/null)"
	done_testing
	exit
fi
pass "lighttpd + slugserve -n 2 answer on port $port"

# load SECONDS TAG: wrk in the background for SECONDS; its report lands
# in $tmp/wrk-TAG.out (the RESULT line), bad bodies in $tmp/bad-TAG.*
load() {
	SWAP_PATHS=$tmp/paths SWAP_BODIES=$tmp/bodies SWAP_BAD=$tmp/bad-$2 \
	    wrk -t2 -c8 -d"$1"s --timeout 5s -s "$tmp/check.lua" "$base" \
	    >"$tmp/wrk-$2.out" 2>&1 &
	wrk_pid=$!
}
result() { # result TAG FIELD
	sed -n "s/.*RESULT.* $2=\([0-9]*\).*/\1/p" "$tmp/wrk-$1.out"
}
# check_load TAG NAME WANT: wait for wrk; no bad body, no socket error;
# WANT is "both", "A" or "B": the versions that may (must) be seen.
check_load() {
	wait "$wrk_pid"
	r=$(grep RESULT "$tmp/wrk-$1.out")
	echo "# $2: $r"
	reqs=$(result "$1" requests) bad=$(result "$1" bad)
	errs=$(( $(result "$1" connect) + $(result "$1" read) + $(result "$1" write) + $(result "$1" timeout) ))
	a=$(result "$1" a) b=$(result "$1" b)
	if [ -z "$r" ] || [ "$reqs" -eq 0 ]; then
		fail "$2: wrk ran" "$(cat "$tmp/wrk-$1.out")"
		return
	fi
	if [ "$bad" -eq 0 ] && [ "$errs" -eq 0 ]; then
		pass "$2: $reqs responses, every one complete and of one version"
	else
		fail "$2: $reqs responses, every one complete and of one version" \
		    "$bad bad bodies, $errs socket errors" \
		    "$(for f in "$tmp/bad-$1".*; do [ -f "$f" ] && head -c 300 "$f"; done)"
	fi
	case $3 in
	both) [ "$a" -gt 0 ] && [ "$b" -gt 0 ] &&
		pass "$2: both versions were served (A $a, B $b)" ||
		fail "$2: both versions were served" "A $a, B $b" ;;
	A) is "$b" 0 "$2: only version A served" ;;
	B) is "$a" 0 "$2: only version B served" ;;
	esac
}

## 1. swaps: slugindex build over the live index, alternating A and B
# A build takes 0.1 s plain and 0.3 s or more under the sanitizers on a
# busy machine: the load lasts as long as the swaps take, so that every
# swap happens while requests arrive and every worker can see it.
t0=$(date +%s%N)
"$SLUGINDEX" build -c "$tmp/B/site.yml" -o "$tmp/timed.idx" >/dev/null 2>&1
build_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
interval=$(awk -v s="$secs" -v n="$count" 'BEGIN { printf "%.3f", (s - 1) / n }')
load_secs=$(awk -v s="$secs" -v n="$count" -v i="$interval" -v b="$build_ms" \
    'BEGIN { t = n * (i + 2 * b / 1000) + 2; if (t < s) t = s; printf "%d", t + 0.999 }')
echo "# one build took ${build_ms} ms: load for ${load_secs}s"
load "$load_secs" swap
sleep 0.3
i=0 failed_builds=0 under_load=0
while [ "$i" -lt "$count" ]; do
	i=$((i + 1))
	v=B; [ $((i % 2)) = 0 ] && v=A
	"$SLUGINDEX" build -c "$tmp/$v/site.yml" -o "$idx" >>"$tmp/swaps.log" 2>&1 ||
	    failed_builds=$((failed_builds + 1))
	sleep "$interval"
	kill -0 "$wrk_pid" 2>/dev/null && under_load=$((under_load + 1))
done
last=$v
check_load swap "$count swaps in ${load_secs}s" both
is "$failed_builds" 0 "all $count builds succeeded"
is "$under_load" "$count" "every swap was followed by load (a worker switches only when a request comes)"
switches=$(grep -c 'switched to new index' "$tmp/server.log")
echo "# workers logged $switches switches for $count swaps, $under_load of them under load"
if [ "$switches" -ge "$under_load" ]; then pass "the workers switched (at least $under_load switches logged)"
else fail "the workers switched (at least $under_load switches logged)" "$switches"; fi
is "$(grep -c 'killed by signal' "$tmp/server.log")" 0 "no worker died"

## 2. bad indexes renamed into place: the last good one keeps serving
good=$tmp/$last.idx
size=$(wc -c <"$good" | tr -d ' ')
head -c $((size / 2)) "$good" >"$tmp/bad-truncated.idx"
: >"$tmp/bad-empty.idx"
head -c "$size" /dev/urandom >"$tmp/bad-foreign.idx"
# one bit flipped in the last byte: a body byte, which only the full
# (body) checksum covers; and one in the page table (metadata checksum)
cp "$good" "$tmp/bad-bitflip-body.idx"
printf "$(printf '\\%03o' $(( $(tail -c 1 "$good" | od -An -tu1) ^ 1 )))" |
    dd of="$tmp/bad-bitflip-body.idx" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
cp "$good" "$tmp/bad-bitflip-meta.idx"
printf "$(printf '\\%03o' $(( $(tail -c +301 "$good" | head -c 1 | od -An -tu1) ^ 16 )))" |
    dd of="$tmp/bad-bitflip-meta.idx" bs=1 seek=300 conv=notrunc 2>/dev/null
: >"$tmp/server.log.mark"
before=$(wc -l <"$tmp/server.log")
load 5 badfiles
sleep 0.5
for b in truncated empty foreign bitflip-body bitflip-meta; do
	cp "$tmp/bad-$b.idx" "$tmp/next.idx"
	mv "$tmp/next.idx" "$idx"
	sleep 0.7
done
check_load badfiles "5 bad indexes renamed in under load" "$last"
tail -n +"$((before + 1))" "$tmp/server.log" >"$tmp/server-bad.log"
for reason in "truncated file" "not a slugserve index" "checksum mismatch"; do
	if grep -q "refusing new index $idx: $reason" "$tmp/server-bad.log"; then
		pass "refusal logged: $reason"
	else
		fail "refusal logged: $reason" "$(cat "$tmp/server-bad.log")"
	fi
done
refusals=$(grep -c 'refusing new index' "$tmp/server-bad.log")
echo "# $refusals refusals logged for 5 bad files and 2 workers"
cmp -s "$tmp/bad-bitflip-meta.idx" "$idx" && pass "the last bad file is still in place" ||
    fail "the last bad file is still in place"
is "$(grep -c 'killed by signal' "$tmp/server.log")" 0 "no worker died"
cp "$tmp/A.idx" "$tmp/next.idx" && mv "$tmp/next.idx" "$idx"
wait_until sh -c "curl -s '$base/about/' | grep -q 'body version A'"
curl -s "$base/about/" | grep -q 'body version A' &&
    pass "a good index after the bad ones is taken" ||
    fail "a good index after the bad ones is taken"

## 3. the index changed in place under load: cp, truncate, dd
## conv=notrunc, a FIFO renamed in, chmod 000 and back, SIGHUP storms.
## Every worker serves its own validated copy (docs/slugserve.8): no
## death, no bad body, and every good state of the file is taken.
before=$(wc -l <"$tmp/server.log")
served() { # served VERSION: /about/ answers VERSION (every worker, 6 tries)
	for _ in 1 2 3 4 5 6; do
		curl -s "$base/about/" | grep -q "body version $1" || return 1
	done
}
# in_place VERSION: write VERSION over the index without truncating it
# first (dd conv=notrunc), then cut it to that version's size: A and B
# differ in size since their pages are stored compressed too
in_place() {
	dd if="$tmp/$1.idx" of="$idx" bs=65536 conv=notrunc 2>/dev/null &&
	    truncate -s "$(wc -c <"$tmp/$1.idx")" "$idx"
}
took() { # took VERSION NAME
	if wait_until served "$1"; then pass "$2: version $1 taken without SIGHUP"
	else fail "$2: version $1 taken without SIGHUP" "$(curl -s "$base/about/" | grep marker)"; fi
}
half=$(( $(wc -c <"$tmp/A.idx") / 2 ))
load $((secs + 8)) inplace
sleep 0.3
rounds=$(( count / 10 )); [ "$rounds" -lt 2 ] && rounds=2
r=0
while [ "$r" -lt "$rounds" ]; do
	r=$((r + 1))
	cp "$tmp/B.idx" "$idx"; took B "round $r: cp B over A in place"
	truncate -s "$half" "$idx"; sleep 0.3
	truncate -s 0 "$idx"; sleep 0.2
	cp "$tmp/A.idx" "$idx"; took A "round $r: truncate, then cp A"
	in_place B
	took B "round $r: dd conv=notrunc of B over A"
	head -c 4096 /dev/urandom | dd of="$idx" bs=1 seek="$half" conv=notrunc 2>/dev/null
	sleep 0.3
	in_place A
	took A "round $r: garbage written into the middle, then A"
done
rm -f "$tmp/fifo" && mkfifo "$tmp/fifo" && mv "$tmp/fifo" "$idx"
sleep 0.5
served A && pass "a FIFO renamed over the index: the copy of A still serves" ||
    fail "a FIFO renamed over the index: the copy of A still serves"
cp "$tmp/B.idx" "$tmp/next.idx" && mv "$tmp/next.idx" "$idx"
took B "a file renamed over the FIFO"
if [ -n "$runas" ]; then
	chmod 000 "$idx"
	kill -HUP "$server"; sleep 0.3
	served B && pass "chmod 000 then SIGHUP: the copy read before still serves" ||
	    fail "chmod 000 then SIGHUP: the copy read before still serves"
	in_place A
	sleep 1.2
	served B && pass "chmod 000, A written in: B still serves (A unreadable)" ||
	    fail "chmod 000, A written in: B still serves (A unreadable)"
	chmod 644 "$idx"
	took A "chmod back"
	refused=$(tail -n +"$((before + 1))" "$tmp/server.log" | grep -c 'Permission denied')
	if [ "$refused" -ge 1 ] && [ "$refused" -le 6 ]; then
		pass "the unreadable file is logged once per change, not per request ($refused lines)"
	else
		fail "the unreadable file is logged once per change, not per request" "$refused lines"
	fi
else
	skip "slugserve runs as root here (no setpriv or no nobody user): chmod 000 does not stop root's reads" "chmod 000 then back"
fi
i=0
while [ "$i" -lt 40 ]; do
	i=$((i + 1)); kill -HUP "$server"; sleep 0.02
done
wait "$wrk_pid"
r=$(grep RESULT "$tmp/wrk-inplace.out")
echo "# in place: $r"
tail -n +"$((before + 1))" "$tmp/server.log" >"$tmp/server-inplace.log"
sed 's/^/#   /' "$tmp/server-inplace.log" | sort | uniq -c | sort -rn | head -n 12
bad=$(result inplace bad)
errs=$(( $(result inplace connect) + $(result inplace read) + $(result inplace write) + $(result inplace timeout) ))
is "${bad:-x} ${errs:-x}" "0 0" "in place: $(result inplace requests) responses under load, every one complete and of one version"
is "$(grep -c 'killed by signal' "$tmp/server-inplace.log")" 0 "in place: no worker died"
cur=$(curl -s "$base/about/" | sed -n 's/.*body version \([AB]\).*/\1/p')
kill -HUP "$server"; sleep 0.3
ok=0
for _ in 1 2 3 4 5 6 7 8; do
	curl -s "$base/about/" | grep -q "body version $cur" && ok=$((ok + 1))
done
is "$ok" 8 "after the SIGHUP storm, every answer is good"

kill "$server" && wait "$server"
is "$?" 0 "slugserve stops cleanly by PID"
pids=${pids#"$server"}
done_testing
