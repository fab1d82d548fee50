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

# A private temporary folder, removed at exit.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slugtest.XXXXXX")
# Run as root, slugserve -s drops to SLUGSERVE_USER (make check sets it,
# see Makefile.am), who must read the indexes and remove its sockets here.
[ -z "${SLUGSERVE_USER:-}" ] || chown "$SLUGSERVE_USER" "$tmp"
chmod 755 "$tmp"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
