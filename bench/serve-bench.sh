#!/bin/sh
# serve-bench.sh: how fast slugserve answers through lighttpd, against
# baselines taken in the same run on the same machine, and what one request
# costs in instructions and one worker in memory. Prints a Markdown report.
# A benchmark, not a test: never part of make check. Results and method:
# bench/serve-README.md.
#
# Throughput and latency (wrk on 127.0.0.1, BENCH_DURATION seconds per
# measurement, at 1 connection (wrk -t1) and 32 connections (wrk -t2)),
# through one lighttpd per backend, each started from a config generated
# in the temp folder:
#   static      lighttpd sends the page as a static file
#   minfcgi1/2  bench/min-fcgi.c writes the page from memory (mod_fastcgi
#               bin-path, max-procs 1 or 2): the floor of FastCGI
#   slug1/2     slugserve, bin-path, max-procs 1 or 2 (two sockets)
#   slugn2      slugserve -n 2: two pre-forked workers on one socket
#   php1/2      PHP-FPM, pm static with 1 or 2 children on one unix socket,
#               readfile() of the page (skipped when php-fpm is missing)
#   cgi         mod_cgi: slugserve as CGI, and bench/trivial-cgi.c
# "page" loads ask every backend for the same page (the median-size post of
# the synthetic site, rendered by slugserve, saved as a file for the
# others); "mix" loads ask slugserve for random posts and aliases of posts
# (a wrk Lua script drawing from the list of all of them).
# BENCH_ROUNDS rounds run every load in the same order; each cell of the
# report is the median over rounds, with the min-max range, and each ratio
# is computed within a round and then its median taken, so that load from
# other processes on the machine hits both sides of a ratio alike.
#
# Instructions per request (valgrind --tool=callgrind): slugserve -s on a
# unix socket, fed BENCH_CG_REQUESTS random post and alias paths with
# cgi-fcgi after a warm-up, the counters zeroed in between
# (callgrind_control), for each size in BENCH_CG_SIZES; and as CGI, one
# process per request. Private memory per worker: /proc/PID/smaps after
# the last round's mix load, Private_Clean + Private_Dirty, with the index
# mapping counted apart.
#
# Everything listens on 127.0.0.1 only, lives in one mktemp -d folder
# (sites, indexes, configs, sockets, logs) and is stopped by PID; the folder
# is removed at the end. The binaries are copied there first, so a rebuild
# of the tree during the run changes nothing.
#
# Environment:
#   BENCH_ROUNDS       rounds (default 3)
#   BENCH_DURATION     seconds per measurement (default 10)
#   BENCH_PAGES        pages of the site for the wrk loads (default 10000)
#   BENCH_CG_SIZES     site sizes for callgrind (default "1000 100000";
#                      "" skips callgrind)
#   BENCH_CG_REQUESTS  requests counted per size (default 1000)
#   BENCH_PORT         lighttpd's port on 127.0.0.1 (default 18480)
#   SLUGSERVE, SLUGINDEX  the binaries (default: src/ next to bench/)
#   TMPDIR             where the temp folder goes (about 2.5 GB with a
#                      100000-page callgrind site)
#
# Needs lighttpd, wrk, cc and libfcgi-dev; php-fpm (apt-get install php-fpm),
# valgrind and cgi-fcgi (libfcgi-bin) for their parts, else those are
# skipped with a note. Exit status: 0; 1 when a step fails; 2 on a usage
# error or a missing tool.
set -eu

me=serve-bench.sh
here=$(cd "$(dirname "$0")" && pwd)
slugserve=${SLUGSERVE:-$here/../src/slugserve}
slugindex=${SLUGINDEX:-$here/../src/slugindex}
rounds=${BENCH_ROUNDS:-3}
dur=${BENCH_DURATION:-10}
pages=${BENCH_PAGES:-10000}
cg_sizes=${BENCH_CG_SIZES-1000 100000}
cg_n=${BENCH_CG_REQUESTS:-1000}
port=${BENCH_PORT:-18480}
PATH=$PATH:/usr/sbin:/sbin

for v in "$rounds" "$dur" "$pages" "$cg_n" "$port" $cg_sizes; do
	case $v in
	'' | *[!0-9]* | 0)
		echo "$me: not a positive integer: '$v'" >&2
		exit 2
		;;
	esac
done
for t in lighttpd wrk cc curl; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "$me: $t not found (apt-get install lighttpd wrk" \
			"build-essential curl)" >&2
		exit 2
	fi
done
for b in "$slugserve" "$slugindex"; do
	if [ ! -x "$b" ]; then
		echo "$me: $b: not built (run make in the top folder)" >&2
		exit 2
	fi
done
phpfpm=$(command -v php-fpm || true)
for f in /usr/sbin/php-fpm[0-9]*; do
	[ -z "$phpfpm" ] && [ -x "$f" ] && phpfpm=$f
done
[ -n "$phpfpm" ] || echo "$me: php-fpm not found: PHP rows skipped" \
	"(apt-get install php-fpm)" >&2
cg_ok=1
for t in valgrind callgrind_control callgrind_annotate cgi-fcgi; do
	command -v $t >/dev/null 2>&1 && continue
	echo "$me: $t not found: callgrind part skipped" \
		"(apt-get install valgrind libfcgi-bin)" >&2
	cg_ok=0
done
cgifcgi=$(command -v cgi-fcgi || true)
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
	echo "$me: something already listens on 127.0.0.1:$port (BENCH_PORT)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/serve-bench.XXXXXX")
case $tmp in
*[!A-Za-z0-9/._-]*)
	echo "$me: the temp folder's path must be plain: $tmp" >&2
	rm -rf "$tmp"
	exit 2
	;;
esac
pids=""	# every process this script started and has not stopped yet
# shellcheck disable=SC2317 # called by the traps
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || true
	done
	for p in $pids; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

say() { echo "$me: $*" >&2; }
die() {
	say "$*"
	exit 1
}
forget() {	# forget PID: it was stopped
	pids=$(echo "$pids" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
}
children() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true; }

mkdir "$tmp/bin" "$tmp/htdocs" "$tmp/log" "$tmp/cg"
cp "$slugserve" "$tmp/bin/slugserve"
cp "$slugindex" "$tmp/bin/slugindex"
cc -O2 -o "$tmp/bin/min-fcgi" "$here/min-fcgi.c" -lfcgi
cc -O2 -o "$tmp/htdocs/trivial.cgi" "$here/trivial-cgi.c"
cp "$tmp/bin/slugserve" "$tmp/htdocs/slug.cgi"
revision=$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo unknown)

# site SIZE: generate the synthetic site of SIZE pages, build its index
# $tmp/site-SIZE.idx (the sources are removed then) and write the list of
# its posts and their aliases, with the trailing slash they are linked
# with, to $tmp/paths-SIZE ("P path" or "A path").
site() {
	[ -f "$tmp/site-$1.idx" ] && return 0
	say "generating a $1-page site"
	sh "$here/gen-site.sh" "$1" "$tmp/site-$1" >/dev/null ||
		die "bench/gen-site.sh $1 failed"
	"$tmp/bin/slugindex" build -c "$tmp/site-$1/site.yml" \
		-o "$tmp/site-$1.idx" 2>"$tmp/log/build-$1" ||
		die "slugindex build failed: $(cat "$tmp/log/build-$1")"
	rm -rf "$tmp/site-$1"
	"$tmp/bin/slugindex" dump -i "$tmp/site-$1.idx" | awk -F '\t' '
		$2 !~ /\/post-[0-9]+\/$/ { next }
		$1 "/" == $2 { print "P " $2; next }
		{ print "A " $1 "/" }' >"$tmp/paths-$1"
	[ -s "$tmp/paths-$1" ] || die "no post paths in the $1-page index"
}

cgi_get() {	# cgi_get METHOD PATH INDEX: slugserve's CGI answer
	GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=$1 REQUEST_URI=$2 \
		"$tmp/bin/slugserve" -i "$3"
}
content_length() { tr -d '\r' | awk -F ': ' '$1 == "Content-Length" { print $2 }'; }

# The site, the mix list and the page: the median-size post of every 50th.
site "$pages"
idx=$tmp/site-$pages.idx
awk '{ print $2 }' "$tmp/paths-$pages" >"$tmp/mix"
page=$(awk '$1 == "P" && ++n % 50 == 0 { print $2 }' "$tmp/paths-$pages" |
	while read -r p; do
		echo "$(cgi_get HEAD "$p" "$idx" | content_length) $p"
	done | sort -n | awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }')
len=$(cgi_get HEAD "$page" "$idx" | content_length)
cgi_get GET "$page" "$idx" | tail -c "$len" >"$tmp/htdocs/page.html"
cat >"$tmp/htdocs/page.php" <<'EOF'
<?php
$f = __DIR__ . '/page.html';
header('Content-Type: text/html; charset=utf-8');
header('Content-Length: ' . filesize($f));
readfile($f);
EOF
say "page $page: $len bytes; mix: $(wc -l <"$tmp/mix") paths"

# The wrk script: with BENCH_PATHS, a random path of that file per request
# (formatted once per thread); always, one RESULT line at the end.
cat >"$tmp/bench.lua" <<'EOF'
local reqs, n = {}, 0
local count = 0

function setup(thread)
	count = count + 1
	thread:set("id", count)
end

function init(args)
	local file = os.getenv("BENCH_PATHS")
	math.randomseed(1000 + (id or 0))
	if not file then return end
	for line in io.lines(file) do
		n = n + 1
		reqs[n] = wrk.format(nil, line)
	end
	request = function() return reqs[math.random(n)] end
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %.1f %d %d %d %.1f %d %d\n",
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50), latency:percentile(99),
		math.floor(latency.mean),
		summary.bytes / math.max(summary.requests, 1),
		e.connect + e.read + e.write + e.timeout, e.status))
end
EOF

lconf() {	# lconf NAME: lighttpd config from stdin's extra lines
	{
		cat <<EOF
server.document-root = "$tmp/htdocs"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$tmp/log/lighttpd-$1.log"
server.modules += ( "mod_fastcgi", "mod_cgi", "mod_rewrite", "mod_setenv" )
EOF
		cat
	} >"$tmp/$1.conf"
}

fcgi_conf() {	# fcgi_conf NAME BIN_PATH MAX_PROCS
	lconf "$1" <<EOF
fastcgi.server = ( "/" => ((
	"socket" => "$tmp/$1.sock",
	"bin-path" => "$2",
	"max-procs" => $3,
	"check-local" => "disable",
	"fix-root-scriptname" => "enable"
)) )
EOF
}

fcgi_conf minfcgi1 "$tmp/bin/min-fcgi $tmp/htdocs/page.html" 1
fcgi_conf minfcgi2 "$tmp/bin/min-fcgi $tmp/htdocs/page.html" 2
fcgi_conf slug1 "$tmp/bin/slugserve -i $idx" 1
fcgi_conf slug2 "$tmp/bin/slugserve -i $idx" 2
fcgi_conf slugn2 "$tmp/bin/slugserve -i $idx -n 2" 1
lconf static </dev/null
for n in 1 2; do
	lconf php$n <<EOF
fastcgi.server = ( ".php" => ((
	"socket" => "$tmp/php$n.sock",
	"check-local" => "disable"
)) )
EOF
	cat >"$tmp/php$n-fpm.conf" <<EOF
[global]
pid = $tmp/php$n-fpm.pid
error_log = $tmp/log/php$n-fpm.log
daemonize = no
[bench]
listen = $tmp/php$n.sock
pm = static
pm.max_children = $n
EOF
done
lconf cgi <<EOF
url.rewrite-once = ( "^/trivial(/.*)?\$" => "/trivial.cgi\$1",
		     "^(.*)\$" => "/slug.cgi\$1" )
cgi.assign = ( ".cgi" => "" )
setenv.add-environment = ( "SLUGSERVE_INDEX" => "$idx",
			   "TRIVIAL_CGI_PAGE" => "$tmp/htdocs/page.html" )
EOF

lpid=""
php_pid=""
start() {	# start BACKEND: lighttpd (and php-fpm) for it, answering
	case $1 in
	php*)
		rm -f "$tmp/$1.sock"
		"$phpfpm" -F -R -y "$tmp/$1-fpm.conf" >>"$tmp/log/$1-fpm.log" 2>&1 &
		php_pid=$!
		pids="$pids $php_pid"
		i=0
		while [ ! -S "$tmp/$1.sock" ]; do
			i=$((i + 1))
			[ $i -lt 100 ] || die "php-fpm did not start: $(cat "$tmp/log/$1-fpm.log")"
			sleep 0.1
		done
		;;
	esac
	lighttpd -D -f "$tmp/$1.conf" >>"$tmp/log/lighttpd-$1.out" 2>&1 &
	lpid=$!
	pids="$pids $lpid"
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
		i=$((i + 1))
		if [ $i -ge 100 ] || ! kill -0 "$lpid" 2>/dev/null; then
			die "lighttpd ($1) did not start: $(cat "$tmp/log/lighttpd-$1.out" "$tmp/log/lighttpd-$1.log" 2>/dev/null)"
		fi
		sleep 0.1
	done
}

stop() {	# stop: lighttpd (it stops the FastCGI programs it started)
	left=$(for c in $(children "$lpid"); do echo "$c"; children "$c"; done)
	kill "$lpid"
	wait "$lpid" 2>/dev/null || true
	forget "$lpid"
	if [ -n "$php_pid" ]; then
		kill -QUIT "$php_pid"
		wait "$php_pid" 2>/dev/null || true
		forget "$php_pid"
		php_pid=""
	fi
	sleep 0.2
	for c in $left; do
		# An exited backend may stay a zombie until init reaps it.
		state=$(awk '{ print $3 }' "/proc/$c/stat" 2>/dev/null || true)
		if [ -n "$state" ] && [ "$state" != Z ]; then
			say "backend $c outlived lighttpd: stopping it"
			kill "$c" 2>/dev/null || true
		fi
	done
}

# check PATH LENGTH: one GET answers 200 with LENGTH bytes (any for "-").
check() {
	got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' \
		"http://127.0.0.1:$port$1")
	case $2 in
	-) [ "${got%% *}" = 200 ] ;;
	*) [ "$got" = "200 $2" ] ;;
	esac || die "GET $1 gave '$got', not 200 with ${2} bytes ($backend)"
}

# load NAME PATH|mix: one measurement at 1 and at 32 connections, each a
# line "round backend load conns rps p50 p99 mean bytes errors non2xx".
load() {
	for c in 1 32; do
		t=$((c > 1 ? 2 : 1))
		if [ "$2" = mix ]; then
			out=$(BENCH_PATHS=$tmp/mix wrk -t$t -c$c -d"${dur}s" \
				--timeout 5s -s "$tmp/bench.lua" "http://127.0.0.1:$port/")
		else
			out=$(wrk -t$t -c$c -d"${dur}s" --timeout 5s \
				-s "$tmp/bench.lua" "http://127.0.0.1:$port$2")
		fi
		line=$(echo "$out" | awk '$1 == "RESULT" { $1 = ""; print }')
		[ -n "$line" ] || die "wrk gave no result: $out"
		echo "$round $backend $1 $c$line" >>"$tmp/results"
		say "round $round: $backend $1 c=$c:$line"
	done
}

warm() {	# warm PATH|mix: 2 s at 32 connections, not counted
	if [ "$1" = mix ]; then
		BENCH_PATHS=$tmp/mix wrk -t2 -c32 -d2s -s "$tmp/bench.lua" \
			"http://127.0.0.1:$port/" >/dev/null
	else
		wrk -t2 -c32 -d2s "http://127.0.0.1:$port$1" >/dev/null
	fi
}

# mem NAME PID: one line "mem NAME private index_private other rss" (kB)
# from /proc/PID/smaps: Private_Clean + Private_Dirty over every mapping,
# the part of it in the index mapping, and the rest.
mem() {
	awk -v idx="$idx" -v name="$1" '
		/^[0-9a-f]+-[0-9a-f]+ / { inidx = ($6 == idx) }
		/^Private_(Clean|Dirty):/ { tot += $2; if (inidx) ix += $2 }
		/^Rss:/ { rss += $2 }
		END { print "mem", name, tot + 0, ix + 0, tot - ix, rss + 0 }' \
		"/proc/$2/smaps" >>"$tmp/results"
}

# workers PID COMM: the processes named COMM among PID's descendants.
workers() {
	for c in $(children "$1"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] && echo "$c"
		workers "$c" "$2"
	done
}

backends="static minfcgi1 minfcgi2 slug1 slug2 slugn2"
[ -n "$phpfpm" ] && backends="$backends php1 php2"
backends="$backends cgi"
: >"$tmp/results"
round=0
while [ $round -lt "$rounds" ]; do
	round=$((round + 1))
	echo "load $round $(cut -d ' ' -f 1-3 /proc/loadavg)" >>"$tmp/results"
	for backend in $backends; do
		start "$backend"
		case $backend in
		static)
			check /page.html "$len"
			warm /page.html
			load page /page.html
			;;
		minfcgi*)
			check /page "$len"
			warm /page
			load page /page
			;;
		slug*)
			check "$page" "$len"
			warm mix
			load page "$page"
			load mix mix
			if [ $round -eq "$rounds" ]; then
				n=0
				for w in $(workers "$lpid" slugserve); do
					n=$((n + 1))
					if [ -n "$(children "$w")" ]; then
						mem "$backend.$n-supervisor" "$w"
					else
						mem "$backend.$n" "$w"
					fi
				done
			fi
			;;
		php*)
			check /page.php "$len"
			warm /page.php
			load page /page.php
			if [ $round -eq "$rounds" ]; then
				n=0
				for w in $(workers "$php_pid" "$(basename "$phpfpm")"); do
					n=$((n + 1))
					mem "$backend.$n" "$w"
				done
			fi
			;;
		cgi)
			check "$page" "$len"
			check /trivial/ "$len"
			load slug-page "$page"
			load slug-mix mix
			load trivial /trivial/
			;;
		esac
		[ $round -eq "$rounds" ] && [ "$backend" = minfcgi2 ] &&
			for w in $(workers "$lpid" min-fcgi); do mem minfcgi2 "$w"; done
		stop
	done
done

# cg_fcgi SIZE: instructions per FastCGI request, counted over cg_n random
# post and alias paths after 20 uncounted ones. One line "cg fcgi SIZE Ir".
cg_fcgi() {
	i="$tmp/site-$1.idx"
	sock=$tmp/cg.sock
	awk 'BEGIN { srand(1) } { print rand(), $2 }' "$tmp/paths-$1" |
		sort -n | awk '{ print $2 }' | head -n $((cg_n + 20)) >"$tmp/cg/paths"
	rm -f "$sock"
	# callgrind_control talks to valgrind through files the sandbox forbids
	SLUGSERVE_SANDBOX=off valgrind --tool=callgrind \
		--callgrind-out-file="$tmp/cg/fcgi-$1" \
		"$tmp/bin/slugserve" -i "$i" -s "$sock" 2>"$tmp/log/cg-$1" &
	vg=$!
	pids="$pids $vg"
	n=0
	while [ ! -S "$sock" ]; do
		n=$((n + 1))
		[ $n -lt 6000 ] || die "slugserve under valgrind did not start"
		sleep 0.1
	done
	n=0
	while read -r p; do
		n=$((n + 1))
		if [ $n -eq 21 ]; then
			callgrind_control -z "$vg" >/dev/null
		fi
		# The parameters lighttpd sends, no more (libfcgi's cost grows
		# with their number).
		env -i REQUEST_METHOD=GET REQUEST_URI="$p" SCRIPT_NAME= \
			PATH_INFO="$p" QUERY_STRING= GATEWAY_INTERFACE=CGI/1.1 \
			SERVER_SOFTWARE=lighttpd/1.4.69 SERVER_NAME=127.0.0.1 \
			SERVER_ADDR=127.0.0.1 SERVER_PORT="$port" REQUEST_SCHEME=http \
			SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
			REMOTE_PORT=40000 DOCUMENT_ROOT="$tmp/htdocs" \
			SCRIPT_FILENAME="$tmp/htdocs$p" REDIRECT_STATUS=200 \
			HTTP_HOST="127.0.0.1:$port" HTTP_USER_AGENT=curl/7.88.1 \
			HTTP_ACCEPT='*/*' \
			"$cgifcgi" -bind -connect "$sock" >"$tmp/cg/out"
		head -n 1 "$tmp/cg/out" | grep -q '^Status: 200' ||
			die "cgi-fcgi $p: $(head -n 1 "$tmp/cg/out")"
	done <"$tmp/cg/paths"
	callgrind_control -d "$vg" >/dev/null
	kill "$vg"
	wait "$vg" 2>/dev/null || true
	forget "$vg"
	awk -v size="$1" -v n="$cg_n" '$1 == "totals:" { print "cg fcgi", size, $2 / n }' \
		"$tmp/cg/fcgi-$1.1" >>"$tmp/results"
}

# cg_cgi SIZE: instructions of one CGI run, the mean of 3 paths.
cg_cgi() {
	for p in $(awk 'NR % 997 == 1 { print $2 }' "$tmp/paths-$1" | head -n 3); do
		GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET REQUEST_URI=$p \
			valgrind --tool=callgrind --callgrind-out-file="$tmp/cg/cgi-$1" \
			"$tmp/bin/slugserve" -i "$tmp/site-$1.idx" >/dev/null 2>&1
		awk '$1 == "totals:" { print $2 }' "$tmp/cg/cgi-$1"
	done | awk -v size="$1" '{ s += $1 } END { print "cg cgi", size, s / NR }' \
		>>"$tmp/results"
}

if [ $cg_ok = 1 ] && [ -n "$cg_sizes" ]; then
	for s in $cg_sizes; do
		site "$s"
		say "callgrind: $s pages"
		cg_fcgi "$s"
		cg_cgi "$s"
		callgrind_annotate --threshold=100 "$tmp/cg/fcgi-$s.1" 2>/dev/null |
			awk '/^-+$/ { d++ } d >= 4 && $1 ~ /^[0-9,]+$/ && !/100\.0%/ && n++ < 15' \
			>"$tmp/cg/top-$s"
		callgrind_annotate --inclusive=yes --threshold=100 \
			"$tmp/cg/fcgi-$s.1" 2>/dev/null |
			awk '/^-+$/ { d++ } d >= 4 && $1 ~ /^[0-9,]+$/ && !/100\.0%/ && n++ < 25' \
			>"$tmp/cg/incl-$s"
		rm -f "$tmp/site-$s.idx"
	done
fi

# The report.
echo "# serve-bench: $(date -u +%Y-%m-%dT%H:%MZ), revision $revision"
echo
echo "$(nproc) CPUs ($(awk -F ': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(lighttpd -v 2>&1 | head -n 1 | cut -d ' ' -f 1),"
echo "wrk on 127.0.0.1, ${dur} s per measurement, $rounds rounds; $pages-page site; page $page ($len bytes)."
echo "Load average at the start of each round: $(awk '$1 == "load" { printf "%s%s/%s/%s", (n++ ? ", " : ""), $3, $4, $5 }' "$tmp/results")."
echo
echo "Requests/s and latency (median over rounds; min-max of requests/s in brackets; p50/p99 in ms):"
echo
awk '
	$1 ~ /^[0-9]+$/ {
		k = $2 " " $3 " " $4
		if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
		n[k]++; rps[k, n[k]] = $5; p50[k, n[k]] = $6; p99[k, n[k]] = $7
		bytes[k] = $9; err[k] += $10; non2xx[k] += $11
	}
	function med(a, k, m,    i, j, t, v) {
		for (i = 1; i <= m; i++) v[i] = a[k, i]
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
			}
		lo = v[1]; hi = v[m]
		return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
	}
	END {
		print "| backend | load | conns | requests/s | [min-max] | p50 ms | p99 ms | bytes/resp | errors |"
		print "|---|---|---:|---:|---|---:|---:|---:|---:|"
		for (i = 1; i <= nk; i++) {
			k = order[i]; split(k, f, " ")
			r = med(rps, k, n[k]); l = lo; h = hi
			printf "| %s | %s | %s | %.0f | %.0f-%.0f | %.3f | %.3f | %.0f | %d |\n",
				f[1], f[2], f[3], r, l, h, med(p50, k, n[k]) / 1000,
				med(p99, k, n[k]) / 1000, bytes[k], err[k] + non2xx[k]
		}
	}' "$tmp/results"
echo
echo "Ratios of requests/s, computed within each round (median [min-max] over rounds):"
echo
awk '
	$1 ~ /^[0-9]+$/ { v[$1, $2, $3, $4] = $5; if ($1 > R) R = $1 }
	function ratio(name, a, la, b, lb,    c, r, i, j, t, x, m) {
		for (c = 1; c <= 32; c += 31) {
			m = 0
			for (r = 1; r <= R; r++)
				if ((r, a, la, c) in v && (r, b, lb, c) in v && v[r, b, lb, c] > 0)
					x[++m] = v[r, a, la, c] / v[r, b, lb, c]
			if (m == 0) continue
			for (i = 2; i <= m; i++)
				for (j = i; j > 1 && x[j - 1] > x[j]; j--) {
					t = x[j]; x[j] = x[j - 1]; x[j - 1] = t
				}
			printf "| %s | %d | %.2f | %.2f-%.2f |\n", name, c,
				m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2, x[1], x[m]
		}
	}
	END {
		print "| ratio | conns | median | [min-max] |"
		print "|---|---:|---:|---|"
		ratio("slugserve page / min-fcgi, 1 process", "slug1", "page", "minfcgi1", "page")
		ratio("slugserve page / min-fcgi, 2 processes", "slug2", "page", "minfcgi2", "page")
		ratio("slugserve mix / min-fcgi, 1 process", "slug1", "mix", "minfcgi1", "page")
		ratio("slugserve mix / min-fcgi, 2 processes", "slug2", "mix", "minfcgi2", "page")
		ratio("slugserve page / PHP-FPM, 1 worker", "slug1", "page", "php1", "page")
		ratio("slugserve -n 2 page / PHP-FPM, 2 workers (one socket each)", "slugn2", "page", "php2", "page")
		ratio("slugserve max-procs 2 page / PHP-FPM, 2 workers", "slug2", "page", "php2", "page")
		ratio("slugserve mix / PHP-FPM, 1 worker", "slug1", "mix", "php1", "page")
		ratio("slugserve -n 2 mix / PHP-FPM, 2 workers", "slugn2", "mix", "php2", "page")
		ratio("slugserve CGI page / trivial CGI", "cgi", "slug-page", "cgi", "trivial")
		ratio("slugserve CGI mix / trivial CGI", "cgi", "slug-mix", "cgi", "trivial")
		ratio("min-fcgi 1 process / static file", "minfcgi1", "page", "static", "page")
	}' "$tmp/results"
if grep -q '^cg ' "$tmp/results"; then
	echo
	echo "Instructions per request (callgrind; FastCGI: mean over $cg_n random post and alias requests after 20 uncounted; CGI: one whole process, mean of 3):"
	echo
	echo "| pages | FastCGI Ir/request | CGI Ir/request |"
	echo "|---:|---:|---:|"
	awk '$1 == "cg" { v[$2, $3] = $4; if (!($3 in s)) { s[$3] = 1; o[++n] = $3 } }
		END { for (i = 1; i <= n; i++)
			printf "| %s | %.0f | %.0f |\n", o[i], v["fcgi", o[i]], v["cgi", o[i]] }' \
		"$tmp/results"
	for s in $cg_sizes; do
		[ -s "$tmp/cg/top-$s" ] || continue
		echo
		echo "Hot spots, $s pages, FastCGI, $cg_n requests (self Ir, then inclusive):"
		echo
		echo '```'
		cat "$tmp/cg/top-$s"
		echo
		cat "$tmp/cg/incl-$s"
		echo '```'
	done
fi
if grep -q '^mem ' "$tmp/results"; then
	echo
	echo "Private memory per worker after the last round's loads (kB, /proc/PID/smaps):"
	echo
	echo "| worker | Private_Clean+Dirty | of it in the index mapping | excluding the index | Rss |"
	echo "|---|---:|---:|---:|---:|"
	awk '$1 == "mem" { printf "| %s | %d | %d | %d | %d |\n", $2, $3, $4, $5, $6 }' \
		"$tmp/results"
fi
echo
echo "Raw lines (round backend load conns rps p50_us p99_us mean_us bytes errors non2xx):"
echo
echo '```'
grep -v '^mem \|^cg ' "$tmp/results"
echo '```'
