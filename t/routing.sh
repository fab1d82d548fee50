#!/bin/sh
# t/routing.sh: the routing spec (t/routing.spec), every case, through the
# transports that need no web server: in-process (respond() in the runner),
# CGI (slugserve run as a web server runs it) and FastCGI (slugserve on a
# unix socket, one per index). The web servers run the same spec in
# t/server-*.sh, and slugindex lookup in t/lookup-agree.sh. Prints TAP.
. "$(dirname "$0")/lib.sh"
: "${top_builddir:=$top_srcdir}"
spec_run=$top_builddir/t/spec-run
spec=$top_srcdir/t/routing.spec

spec_indexes "$tmp"
tap_run inproc "$spec_run" -t inproc -w "$tmp/site.idx" $(spec_named "$tmp" .idx) "$spec"
tap_run cgi "$spec_run" -t cgi -w "$tmp/site.idx" $(spec_named "$tmp" .idx) "$spec"

# FastCGI: one slugserve per index, each on its own socket
pids=
stop() { [ -z "$pids" ] || { kill $pids 2>/dev/null; wait $pids 2>/dev/null; }; pids=; }
cleanup() { stop; rm -rf "$tmp"; }
for name in site a301 a308 actions; do
	"$SLUGSERVE" -s "$tmp/$name.sock" -i "$tmp/$name.idx" 2>>"$tmp/server.err" &
	pids="$pids $!"
done
i=0
while [ "$i" -lt 100 ]; do
	n=0
	for name in site a301 a308 actions; do [ -S "$tmp/$name.sock" ] && n=$((n + 1)); done
	[ "$n" = 4 ] && break
	sleep 0.1; i=$((i + 1))
done
tap_run fcgi "$spec_run" -t fcgi -w "$tmp/site.sock" $(spec_named "$tmp" .sock) "$spec"
stop
done_testing
