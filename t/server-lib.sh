# t/server-lib.sh: helpers for the t/server-*.sh tests, which start a real
# web server (lighttpd, Apache, nginx) on 127.0.0.1 with a configuration
# generated around the snippet of a set-up guide (docs/setup-*.md or
# cgi-bin/htaccess.example), send it the routing spec (t/routing.spec)
# and stop it by its PID. Sourced, not run; it sources t/lib.sh.
#
# What a test does:
#   need_bin lighttpd lighttpd    skip the whole file unless it is installed
#   site_setup                    index, document root, folders in $tmp
#   snippet FILE >OUT             the guide's lines between "# BEGIN
#                                 slugserve" and "# END slugserve", with
#                                 its example paths replaced by $tmp's
#   start_server NAME CMD...      start a server in the background
#   wait_port PORT NAME           until it listens (bounded), or fail
#   base=http://127.0.0.1:PORT
#   check_site NAME               a static file and the routing spec
#                                 (t/routing.spec) through $base
#   stop_server NAME              TERM by PID, then KILL (also at exit)
#
# SLUG_INSTALLED=1 (tools/deb-check.sh) tests the installed package: the
# guide's /usr/sbin/slugserve is run as written (not a copy in $tmp), and
# SLUGSERVE should name it too.
#
# KEEP_TMP=1 in the environment keeps $tmp (configurations, server logs)
# for a look after the run; the servers are stopped all the same.
#
# The example paths every guide uses (snippet() replaces them):
#   /usr/sbin/slugserve            the slugserve binary (the .deb; also
#   /usr/local/sbin/slugserve      the one of make install)
#   /var/lib/slugserve/site.idx    the index
#   /srv/www/example.org           the document root (real files, /images/)
#   /run/slugserve                 a folder the web server's user can write
#   127.0.0.1:9000                 where a separately run slugserve listens
#   /home/alice                    the shared-hosting user's home folder
here=${here:-$(cd "$(dirname "$0")" && pwd)}
. "$here/lib.sh"

# The routing spec's runner (t/spec-run.c), built by make check.
spec_run=${SPEC_RUN:-${top_builddir:-$top_srcdir}/t/spec-run}

# The user the servers drop to; it must be able to read $tmp.
web_user="www-data"
web_group="www-data"
servers=""		# NAME:PID of every server started, for stop_all

stop_all() {
	for s in $servers; do stop_pid "${s#*:}"; done
	servers=""
}
# t/lib.sh's EXIT trap calls cleanup: stop the servers first. A signal
# exits through the same trap.
KEEP_TMP=${KEEP_TMP:-}
cleanup() {
	stop_all
	if [ -n "$KEEP_TMP" ]; then echo "# kept $tmp"; else rm -rf "$tmp"; fi
}
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# indent: a multi-line diagnostic for fail(), which prefixes only its first
# line with "#": every other line too, so none reads as a TAP result.
indent() { sed '2,$s/^/#   /'; }

# need_bin COMMAND PACKAGE: skip the whole test file when COMMAND is not
# installed (looked up in PATH, then in /usr/sbin and /sbin).
need_bin() {
	if ! command -v "$1" >/dev/null 2>&1 &&
	    [ ! -x "/usr/sbin/$1" ] && [ ! -x "/sbin/$1" ]; then
		echo "1..0 # SKIP $1 not found: install $2 (apt-get install $2)"
		exit 0
	fi
}

# need_file FILE PACKAGE: skip unless FILE exists (an Apache module).
need_file() {
	if [ ! -e "$1" ]; then
		echo "1..0 # SKIP $1 not found: install $2 (apt-get install $2)"
		exit 0
	fi
}


# start_server NAME CMD...: run CMD in the background, in its own process
# group (setsid), output to $tmp/NAME.out. The command must stay in the
# foreground (daemon off), so that $! is the server's PID.
start_server() {
	name=$1; shift
	setsid "$@" >"$tmp/$name.out" 2>&1 </dev/null &
	servers="$servers $name:$!"
	eval "pid_$name=$!"
}

# pid_of NAME: the PID start_server recorded
pid_of() { eval "echo \"\${pid_$1:-}\""; }

# stop_pid PID: SIGTERM, up to 10 s for it to exit, then SIGKILL to its
# process group (its own, from setsid: the children it left behind).
stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1" 2>/dev/null
	fi
	wait "$1" 2>/dev/null
	return 0
}

# stop_server NAME: stop one server now (it is then forgotten)
stop_server() {
	p=$(pid_of "$1")
	[ -n "$p" ] && stop_pid "$p"
	rest=""
	for s in $servers; do [ "${s#*:}" = "$p" ] || rest="$rest $s"; done
	servers=$rest
}

# wait_port PORT NAME [LOG]: wait up to 10 s for PORT to listen while the
# server NAME runs. On failure, print why (its output and LOG) and exit:
# nothing else can be tested.
wait_port() {
	p=$(pid_of "$2")
	i=0
	while ! listening "$1"; do
		if ! kill -0 "$p" 2>/dev/null || [ "$i" -ge 100 ]; then
			fail "$2 listens on port $1" \
			    "$(cat "$tmp/$2.out" "${3:-/dev/null}" 2>/dev/null |
				tail -n 20 | indent)"
			done_testing
			exit 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	pass "$2 listens on port $1"
}

# as_web_user CMD...: run CMD as the servers' user
as_web_user() { runuser -u "$web_user" -- "$@"; }

# site_setup: the routing spec's site (spec_site, t/lib.sh), indexed into $tmp/site.idx; a document root $www with one real image;
# $run, a folder the web server's user owns (logs, sockets, pid files);
# $tmp/bin/slugserve, a copy of the binary the server's user can run.
site_setup() {
	chmod 755 "$tmp"
	mkdir -p "$tmp/bin" "$tmp/run" "$tmp/www/images"
	spec_site "$tmp/site"
	if ! "$SLUGINDEX" build -c "$tmp/site/site.yml" -o "$tmp/site.idx" \
	    >"$tmp/build.log" 2>&1; then
		fail "the site builds" "$(indent <"$tmp/build.log")"
		done_testing
		exit 1
	fi
	chmod 644 "$tmp/site.idx"
	if [ -n "${SLUG_INSTALLED:-}" ]; then
		serve_bin=/usr/sbin/slugserve
	else
		serve_bin=$tmp/bin/slugserve
		cp "$SLUGSERVE" "$serve_bin"
		chmod 755 "$serve_bin"
	fi
	# a tiny but real PNG (1x1), so that the MIME type and bytes can be
	# compared
	printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\006\000\000\000\037\025\304\211\000\000\000\rIDATx\234c\370\017\000\001\001\001\000\030\335\215\260\000\000\000\000IEND\256B`\202' \
	    >"$tmp/www/images/logo.png"
	chown "$web_user:$web_group" "$tmp/run"
	www=$tmp/www
	run=$tmp/run
	if ! as_web_user test -r "$tmp/site.idx"; then
		fail "$web_user can read $tmp/site.idx" \
		    "a folder above $tmp is closed to $web_user; set TMPDIR"
		done_testing
		exit 1
	fi
}

# snippet FILE: the lines between "# BEGIN slugserve" and "# END
# slugserve" in FILE, the example paths replaced (see the top). Exits the
# test when FILE has no such block.
snippet() {
	if ! grep -q '^[[:space:]]*# BEGIN slugserve' "$1" ||
	    ! grep -q '^[[:space:]]*# END slugserve' "$1"; then
		fail "$1 has a '# BEGIN slugserve' ... '# END slugserve' block"
		done_testing
		exit 1
	fi
	awk '/^[[:space:]]*# END slugserve/ { on = 0 }
	    on { print }
	    /^[[:space:]]*# BEGIN slugserve/ { on = 1 }' "$1" |
	sed -e "s#/usr/local/sbin/slugserve#$serve_bin#g" \
	    -e "s#/usr/sbin/slugserve#$serve_bin#g" \
	    -e "s#/var/lib/slugserve/site.idx#$tmp/site.idx#g" \
	    -e "s#/srv/www/example.org#$tmp/www#g" \
	    -e "s#/run/slugserve#$tmp/run#g" \
	    -e "s#/home/alice#$tmp/home/alice#g" \
	    -e "s#127.0.0.1:9000#127.0.0.1:${fcgi_port:-9000}#g"
}

# start_slugserve PORT: slugserve on its own socket (-s), for the set-ups
# where the web server only connects to it (nginx, mod_proxy_fcgi).
start_slugserve() {
	start_server slugserve "$serve_bin" -s "127.0.0.1:$1" \
	    -i "$tmp/site.idx" -n 2
	wait_port "$1" slugserve
}

# fetch PATH [CURL-OPTION...]: one request to $base PATH, sent as is (not
# normalised by curl); headers in $tmp/head (CR stripped), body in
# $tmp/body. Bounded: 10 s.
fetch() {
	path=$1; shift
	: >"$tmp/rawhead"
	: >"$tmp/body"
	curl -sS --path-as-is --max-time 10 -D "$tmp/rawhead" -o "$tmp/body" \
	    "$@" "$base$path" 2>"$tmp/curl.err"
	tr -d '\r' <"$tmp/rawhead" >"$tmp/head"
}

code() { sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$tmp/head"; }

# got: what to show when a check fails, every line a TAP comment (a body
# line must not read as a test result)
got() {
	{ printf 'request: %s\n' "$path"; cat "$tmp/head" "$tmp/curl.err"
	  head -c 300 "$tmp/body"; echo; } | indent
}

# The layout's markup, which every page and the 404 page carry.
layout_mark='<header><a href="/">Cloud Native Notes</a></header>'

# check_static NAME: a real file of the document root is the server's
check_static() {
	fetch /images/logo.png
	if [ "$(code)" = 200 ] && cmp -s "$tmp/body" "$www/images/logo.png" &&
	    [ "$(header Content-Type)" = image/png ]; then
		pass "$1: a real file under /images/ is served by the server"
	else fail "$1: a real file under /images/ is served by the server" "$(got)"; fi
}

# check_encoding NAME: the stored gzip and brotli forms pass through the
# server once: its own compression (on in every test's server part, as in
# a stock install) must neither compress them again nor drop the coding.
check_encoding() {
	fetch /about/
	cp "$tmp/body" "$tmp/identity"
	etag=$(header ETag)
	is "$(header Content-Encoding)" "" "$1: no Accept-Encoding: identity"
	fetch /about/ -H "Accept-Encoding: gzip"
	is "$(header Content-Encoding)" gzip \
	    "$1: Accept-Encoding: gzip gets one gzip layer"
	if gzip -dc <"$tmp/body" 2>/dev/null | cmp -s - "$tmp/identity"; then
		pass "$1: the gzip body decompresses once to the page"
	else fail "$1: the gzip body decompresses once to the page" "$(got)"; fi
	is "$(header ETag)" "$(printf '%s' "$etag" | sed 's/"$/-gz"/')" \
	    "$1: the gzip form has its own ETag"
	like "$(header Vary)" "Accept-Encoding" "$1: Vary: Accept-Encoding"
	gz=$(header ETag)
	fetch /about/ -H "Accept-Encoding: gzip" -H "If-None-Match: $gz"
	is "$(code)" 304 "$1: If-None-Match with the gzip ETag gives 304"
	fetch /about/ -H "Accept-Encoding: br"
	is "$(header Content-Encoding)" br "$1: Accept-Encoding: br gets br"
	fetch /about/ --compressed
	if [ "$(header Content-Encoding)" = br ] && cmp -s "$tmp/body" "$tmp/identity"
	then pass "$1: curl --compressed gets br and decodes it to the page"
	else fail "$1: curl --compressed gets br and decodes it to the page" "$(got)"; fi
}

# check_site NAME: through $base (set by the test), a real file of the
# document root, the stored encodings through the server's own compression,
# then every case of the routing spec (t/routing.spec),
# each TAP line named after the set-up NAME.
check_site() {
	check_static "$1"
	check_encoding "$1"
	if [ ! -x "$spec_run" ]; then
		fail "$1: the routing spec" "no runner at $spec_run (make t/spec-run, or set SPEC_RUN)"
		return
	fi
	tap_run "$1: the routing spec" "$spec_run" -t http -w "${base#http://}" \
	    -n "$1" "$top_srcdir/t/routing.spec"
}

# apache_conf MPM MODULE...: the server part of an Apache 2.4 configuration
# (everything but the guide's block) on $port, run as $web_user, with the
# modules Debian enables by default that the guides rely on (authz_core,
# mime, dir, alias, env) and those named (without "mod_"), loaded from
# /usr/lib/apache2/modules/.
# Logs, pid file, mutexes and run-time files go to $run.
apache_modules=/usr/lib/apache2/modules
apache_conf() {
	mpm=$1; shift
	cat <<-EOF
	ServerRoot "$tmp"
	ServerName 127.0.0.1
	Listen 127.0.0.1:$port
	PidFile "$run/apache2.pid"
	DefaultRuntimeDir "$run"
	Mutex file:$run default
	ErrorLog "$run/error.log"
	LogLevel warn
	User $web_user
	Group $web_group
	LoadModule mpm_${mpm}_module $apache_modules/mod_mpm_$mpm.so
	LoadModule authz_core_module $apache_modules/mod_authz_core.so
	LoadModule mime_module $apache_modules/mod_mime.so
	LoadModule dir_module $apache_modules/mod_dir.so
	LoadModule alias_module $apache_modules/mod_alias.so
	LoadModule env_module $apache_modules/mod_env.so
	LoadModule filter_module $apache_modules/mod_filter.so
	LoadModule deflate_module $apache_modules/mod_deflate.so
	EOF
	for m in "$@"; do
		echo "LoadModule ${m}_module $apache_modules/mod_$m.so"
	done
	cat <<-EOF
	TypesConfig /etc/mime.types
	# compression on, as Debian's deflate.conf has it
	AddOutputFilterByType DEFLATE text/html text/plain text/xml text/css
	DirectoryIndex index.html
	<Directory />
	    AllowOverride None
	    Require all denied
	</Directory>
	EOF
}

# need_apache MODULE...: skip unless apache2 and the modules are installed
need_apache() {
	need_bin apache2 apache2
	for m in "$@"; do
		case $m in
		fcgid) need_file "$apache_modules/mod_fcgid.so" libapache2-mod-fcgid ;;
		*) need_file "$apache_modules/mod_$m.so" apache2 ;;
		esac
	done
}

# start_apache CONF: check CONF, start Apache in the foreground with it
# and wait for $port.
start_apache() {
	run_ok "the Apache configuration is valid" apache2 -t -f "$1"
	start_server apache2 apache2 -f "$1" -DFOREGROUND
	wait_port "$port" apache2 "$run/error.log"
}

# run_lighttpd GUIDE NAME: lighttpd on a free port, configured with the
# block of docs/GUIDE around the server settings a test needs; then the
# checks of check_site under NAME. (Both lighttpd set-ups share it.)
run_lighttpd() {
	need_bin lighttpd lighttpd
	site_setup
	port=$(free_port)
	base=http://127.0.0.1:$port
	{
		cat <<-EOF
		server.document-root = "$www"
		server.bind = "127.0.0.1"
		server.port = $port
		server.username = "$web_user"
		server.groupname = "$web_group"
		server.errorlog = "$run/error.log"
		server.pid-file = "$run/lighttpd.pid"
		mimetype.assign = ( ".png" => "image/png", ".html" => "text/html" )
		EOF
		# compression on for text, as an operator would have it
		if [ -e /usr/lib/lighttpd/mod_deflate.so ]; then
			echo 'server.modules += ( "mod_deflate" )'
			echo 'deflate.mimetypes = ( "text/" )'
			echo 'deflate.allowed-encodings = ( "gzip", "deflate" )'
			echo "deflate.cache-dir = \"$run/deflate\""
		fi
		snippet "$top_srcdir/docs/$1"
	} >"$tmp/lighttpd.conf"
	run_ok "the configuration is valid" lighttpd -tt -f "$tmp/lighttpd.conf"
	start_server lighttpd lighttpd -D -f "$tmp/lighttpd.conf"
	wait_port "$port" lighttpd "$run/error.log"
	check_site "$2"
}
