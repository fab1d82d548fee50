# t/lib.sh: TAP helpers for the shell tests (sourced, not run).
# Each check prints "ok N - name" or "not ok N - name" and a diagnostic;
# done_testing prints the plan and sets the exit status.
set -u
LC_ALL=C
export LC_ALL
tap_n=0
tap_failed=0
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${SLUGINDEX:=$top_srcdir/src/slugindex}"
: "${SLUGSERVE:=$top_srcdir/src/slugserve}"

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '#   %s\n' "$line"; done
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $2 # SKIP $1"; }

# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  $1" "want: $2"; fi
}

# like GOT PATTERN NAME: GOT contains the fixed string PATTERN
like() {
	case "$1" in
	*"$2"*) pass "$3" ;;
	*) fail "$3" "got:  $1" "want something containing: $2" ;;
	esac
}

# run_ok NAME CMD...: the command exits 0
run_ok() {
	name=$1; shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}

# run_fails NAME CMD...: the command exits non-zero
run_fails() {
	name=$1; shift
	if out=$("$@" 2>&1); then fail "$name" "exited 0: $out"; else pass "$name"; fi
}

# tap_run NAME CMD...: the TAP that CMD prints, as part of this test's:
# its results renumbered after ours, its plan dropped, its failures
# counted; one more failure, named NAME, when it exits non-zero without a
# failed result, or its plan does not match what it printed.
tap_run() {
	name=$1; shift
	"$@" >"$tmp/tap_run.out" 2>"$tmp/tap_run.err"
	rc=$? plan= seen=0 failed_before=$tap_failed
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]*|"not ok "[0-9]*)
			seen=$((seen + 1)) tap_n=$((tap_n + 1)) rest=${line#*ok }
			case $line in "not "*) tap_failed=$((tap_failed + 1)); printf 'not ' ;; esac
			echo "ok $tap_n ${rest#* }" ;;
		1..*) plan=${line#1..} ;;
		*) echo "$line" ;;
		esac
	done <"$tmp/tap_run.out"
	if [ "$plan" != "$seen" ]; then
		fail "$name: printed $seen results for a plan of ${plan:-none}" \
		    "$(tail -n 5 "$tmp/tap_run.err")"
	elif [ "$rc" != 0 ] && [ "$tap_failed" = "$failed_before" ]; then
		fail "$name: exited $rc" "$(tail -n 5 "$tmp/tap_run.err")"
	fi
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# in_use PORT: some socket, listening or connected, has TCP port PORT as
# its local port (IPv4 or IPv6), as /proc/net/tcp{,6} show it.
in_use() {
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk -v p=":$hex" 'substr($2, length($2) - 4) == p { f = 1 }
		END { exit !f }'
}

# listening PORT: some socket listens on TCP port PORT (state 0A).
listening() {
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 }
		END { exit !f }'
}

# free_port: print a TCP port no socket uses, picked at random in
# 20000-32767: below Linux's ephemeral range (32768-60999), which client
# sockets of load tests running in parallel (make -j) fill, and where a
# bind would fail although nothing listens.
free_port() {
	i=0
	while [ "$i" -lt 100 ]; do
		r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		p=$((20000 + r % 12768))
		if ! in_use "$p"; then echo "$p"; return 0; fi
		i=$((i + 1))
	done
	return 1
}

# corpus_config FILE [KEY: VALUE lines]: a site config for a copy of the
# corpus whose content/ is beside FILE (English, and French under /fr).
corpus_config() {
	f=$1; shift
	{
		for line in "$@"; do echo "$line"; done
		printf 'title: CloudOps\nbase_url: https://www.cloudops.com\n'
		printf 'content:\n  - dir: content/english\n    lang: en\n'
		printf '  - dir: content/french\n    lang: fr\n    prefix: /fr\n'
	} >"$f"
}

# Responses of slugserve read straight (CGI, FastCGI): request() is the
# test's own, and leaves the response in $tmp/out; split_response cuts it
# into $tmp/head (CR stripped) and $tmp/body. The routing cases themselves
# are in t/routing.spec; these are for the tests of everything else.
CR=$(printf '\r')

# cgi_request VAR=VALUE...: slugserve as CGI, the request in its
# environment, from the index $INDEX.
cgi_request() {
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 SLUGSERVE_INDEX="$INDEX" "$@" \
	    "$SLUGSERVE" >"$tmp/out" 2>"$tmp/err" </dev/null
	split_response
}

split_response() {
	awk -v cr="$CR" '{ sub(cr "$", "") } $0 == "" { exit } { print }' \
	    "$tmp/out" >"$tmp/head"
	# the body starts after the first CRLF CRLF
	awk 'BEGIN { RS = "\r\n\r\n"; ORS = "" } NR > 1 { print sep $0; sep = RS }' \
	    "$tmp/out" >"$tmp/body"
}

status() { sed -n '1s/^Status: \([0-9]*\) .*/\1/p' "$tmp/head"; }
header() { # header NAME: its value, empty when absent
	awk -v n="$1" 'BEGIN { n = tolower(n) ": " }
	    tolower(substr($0, 1, length(n))) == n { print substr($0, length(n) + 1); exit }' \
	    "$tmp/head"
}
is_status() { test "$(status)" = "$1"; }
body_has() { grep -qF -- "$1" "$tmp/body"; }
length_ok() { test "$(header Content-Length)" = "$(wc -c <"$tmp/body" | tr -d ' ')"; }

# check NAME COMMAND...: one result, the command's exit status; on failure
# the last response as a diagnostic
check() {
	name=$1; shift
	if "$@"; then pass "$name"
	else
		fail "$name"
		head -n 20 "$tmp/out" 2>/dev/null | tr -d '\r' | sed 's/^/#   /'
		head -n 5 "$tmp/err" 2>/dev/null | sed 's/^/#   stderr: /'
	fi
}

# spec_site DIR: the site of the routing spec (t/routing.spec) in DIR: the
# sample site (data/) and one French page, slug "pause-café", with the
# corpus's encoded thin space in an alias (t/routing/pause-cafe.md).
spec_site() {
	mkdir -p "$1"
	cp -R "$top_srcdir/data/." "$1/"
	chmod -R u+w "$1"	# distcheck's sources are read-only
	cp "$top_srcdir/t/routing/pause-cafe.md" "$1/content/french/blog/"
}

# spec_indexes DIR: the indexes the routing spec names, in DIR: site.idx
# from its site (spec_site, in DIR/data), a301.idx and a308.idx from the
# same with alias_mode 301 and 308, and actions.idx from
# t/routing/actions.yml. Bails out when one does not build.
spec_indexes() {
	spec_site "$1/data"
	for mode in 301 308; do
		sed "s|^alias_mode:.*|alias_mode: \"$mode\"|" "$1/data/site.yml" \
		    >"$1/data/a$mode.yml"
	done
	for name in site a301 a308 actions; do
		case $name in
		site) config=$1/data/site.yml ;;
		actions) config=$top_srcdir/t/routing/actions.yml ;;
		*) config=$1/data/$name.yml ;;
		esac
		if ! "$SLUGINDEX" build -c "$config" -o "$1/$name.idx" 2>"$1/build.err"; then
			echo "Bail out! cannot build the $name index: $(head -n 3 "$1/build.err")"
			exit 1
		fi
	done
}

# spec_named DIR SUFFIX: spec-run's -I options for the indexes other than
# site, each DIR/NAME.SUFFIX
spec_named() {
	for name in a301 a308 actions; do printf ' -I %s=%s/%s%s' "$name" "$1" "$name" "$2"; done
}

# A private temporary folder, removed at exit.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slugtest.XXXXXX")
# Run as root, slugserve -s drops to SLUGSERVE_USER (make check sets it,
# see Makefile.am), who must read the indexes and remove its sockets here.
[ -z "${SLUGSERVE_USER:-}" ] || chown "$SLUGSERVE_USER" "$tmp"
chmod 755 "$tmp"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
