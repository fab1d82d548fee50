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

# A private temporary folder, removed at exit.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slugtest.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
