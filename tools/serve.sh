#!/bin/sh
# tools/serve.sh: index the sample site in data/ and serve it at
# http://127.0.0.1:$PORT/ (PORT defaults to 8080) through lighttpd, in the
# foreground, until Ctrl-C. Run from a built tree (src/slugindex and
# src/slugserve); installs lighttpd with apt-get when it is missing.
#
# Everything lives in one temp folder, removed on exit: the index, the
# generated lighttpd.conf, an empty document root and the FastCGI socket.
# lighttpd starts slugserve itself (mod_fastcgi "bin-path", one process,
# the index in SLUGSERVE_INDEX) and sends every path to it: the whole site,
# 404 page included, is in the index.
#
# Why "fix-root-scriptname": with the handler mounted at "/", lighttpd
# otherwise splits the path into SCRIPT_NAME=/blog, PATH_INFO=/rest.
# slugserve reads REQUEST_URI (the request-target as sent, which lighttpd
# passes unchanged either way), so it answers the same without the option;
# with it, SCRIPT_NAME is "" and PATH_INFO the whole path, which is also
# right for slugserve's fallback when REQUEST_URI is absent.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-8080}
case $port in
'' | *[!0-9]*)
	echo "serve.sh: PORT must be a number: $port" >&2
	exit 2
	;;
esac
for p in slugindex slugserve; do
	if [ ! -x "$top/src/$p" ]; then
		echo "serve.sh: $top/src/$p is missing: build first" \
			"(autoreconf -fi && ./configure && make)" >&2
		exit 1
	fi
done

# lighttpd lives in /usr/sbin, which a non-root PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
if ! command -v lighttpd >/dev/null 2>&1; then
	echo "serve.sh: installing lighttpd"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends lighttpd >/dev/null
	# Debian starts the service it installs (on port 80); we run our own.
	service lighttpd stop >/dev/null 2>&1 || true
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/slugserve-serve.XXXXXX")
pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

"$top/src/slugindex" build -c "$top/data/site.yml" -o "$tmp/site.idx"
mkdir "$tmp/htdocs"
# lighttpd.conf strings are double-quoted, and lighttpd splits bin-path at
# spaces (so the index goes in the environment): refuse paths that break them.
case $tmp$top in
*'"'* | *\\*)
	echo "serve.sh: a path contains a quote or backslash: $tmp $top" >&2
	exit 1
	;;
esac
case $top in
*[[:space:]]*)
	echo "serve.sh: lighttpd's bin-path cannot hold a space: $top" >&2
	exit 1
	;;
esac
cat >"$tmp/lighttpd.conf" <<EOF
server.document-root = "$tmp/htdocs"
server.bind = "127.0.0.1"
server.port = $port
server.pid-file = "$tmp/lighttpd.pid"
server.modules += ( "mod_fastcgi" )
fastcgi.server = ( "/" => ((
	"socket" => "$tmp/slugserve.sock",
	"bin-path" => "$top/src/slugserve",
	"bin-environment" => ( "SLUGSERVE_INDEX" => "$tmp/site.idx" ),
	"max-procs" => 1,
	"check-local" => "disable",
	"fix-root-scriptname" => "enable"
)) )
EOF
lighttpd -tt -f "$tmp/lighttpd.conf" >/dev/null

echo "serve.sh: serving $top/data at http://127.0.0.1:$port/ (Ctrl-C to stop)"
# In the background only so that the traps can stop it: the script waits
# for it. lighttpd installs its own SIGINT handler, so Ctrl-C reaches it
# even though a non-interactive shell starts background jobs with SIGINT
# ignored; on exit lighttpd stops the slugserve it started.
lighttpd -D -f "$tmp/lighttpd.conf" &
pid=$!
status=0
wait "$pid" || status=$?
pid=""
exit "$status"
