#!/bin/sh
# t/sandbox.sh: once in the sandbox (src/sandbox.c), a process can read the
# index and nothing else: another file (one it could read a moment
# before), a file created beside the index, /bin/true run, a TCP socket
# opened are all refused, in the process and in a child it forks (as
# slugserve forks its workers). Checked twice: with t/sandbox-try (a small
# C program calling sandbox_enter, then sandbox_selftest), and with
# slugserve itself (SLUGSERVE_SANDBOX_SELFTEST=PATH), which must then still
# serve, take a renamed index and remove its socket at exit.
#
# Environment: SLUGSERVE, SLUGINDEX, top_srcdir (see t/lib.sh); SANDBOX_TRY
# (default $top_builddir/t/sandbox-try, else compiled here with $CC).
. "$(dirname "$0")/lib.sh"

: "${top_builddir:=$top_srcdir}"
: "${CC:=cc}"
# AddressSanitizer's leak check stops the process with ptrace and reads
# /proc at exit, which the sandbox forbids: a sanitizer build of slugserve
# does not enter it (it says so), and is not tested here; the plain build is.
if ldd "$SLUGSERVE" 2>/dev/null | grep -q -e libasan -e libtsan; then
	skip "slugserve is built with a sanitizer, which needs ptrace and /proc: no sandbox (the plain build is tested)" "sandbox"
	done_testing
	exit
fi
mkdir -p "$tmp/idx" "$tmp/other"
# slugserve run as root serves as SLUGSERVE_USER, who removes its socket here
[ -z "${SLUGSERVE_USER:-}" ] || chown "$SLUGSERVE_USER" "$tmp/idx"
idx=$tmp/idx/site.idx
secret=$tmp/other/secret.txt
echo "not for slugserve" >"$secret"
if ! "$SLUGINDEX" build -c "$top_srcdir/data/site.yml" -o "$idx" >"$tmp/build.log" 2>&1; then
	skip "cannot build the sample index" "sandbox"
	done_testing
	exit
fi
is "$(cat "$secret")" "not for slugserve" "the other file is readable before the sandbox"

try=${SANDBOX_TRY:-$top_builddir/t/sandbox-try}
if [ ! -x "$try" ]; then
	try=$tmp/sandbox-try
	"$CC" -std=c11 -D_GNU_SOURCE -I"$top_srcdir/src" \
	    "$top_srcdir/t/sandbox-try.c" "$top_srcdir/src/sandbox.c" -o "$try" 2>"$tmp/cc.log" || {
		fail "compile t/sandbox-try.c" "$(cat "$tmp/cc.log")"
		done_testing
		exit
	}
fi

"$try" "$idx" "$tmp/idx/s.sock" "$secret" >"$tmp/try.out" 2>"$tmp/try.err"
rc=$?
sed 's/^/# /' "$tmp/try.out"
if [ "$rc" = 77 ]; then
	skip "neither Landlock nor seccomp can be used here: $(cat "$tmp/try.out")" "sandbox"
	done_testing
	exit
fi
is "$rc" 0 "sandbox-try: nothing allowed that should be refused"
like "$(cat "$tmp/try.out")" "Landlock" "Landlock is used (this kernel: $(uname -r))"
like "$(cat "$tmp/try.out")" "seccomp" "seccomp is used"
# expect WHAT VERDICT FILE: every line for WHAT in FILE (process and child)
expect() {
	n=$(grep -c "sandbox selftest: $1: $2" "$3")
	if [ "$n" -ge "${4:-1}" ]; then pass "$1: $2 ($n)"
	else fail "$1: $2" "$(cat "$3")"; fi
}
expect "open $secret for reading" denied "$tmp/try.err" 2
expect "open the index $idx for reading" allowed "$tmp/try.err" 2
expect "create $tmp/idx/.sandbox-selftest.[0-9]*" denied "$tmp/try.err" 2
expect "run /bin/true" denied "$tmp/try.err" 2
expect "open a TCP socket" denied "$tmp/try.err" 2
is "$(find "$tmp/idx" -name ".sandbox-selftest.*" | wc -l | tr -d " ")" 0 "no file was created beside the index"

## slugserve itself, when it enters the sandbox (src/slugserve.c)
if ! grep -q SLUGSERVE_SANDBOX_SELFTEST "$SLUGSERVE" 2>/dev/null; then
	skip "slugserve does not call sandbox_enter() yet" "slugserve in the sandbox"
	done_testing
	exit
fi
if ! command -v cgi-fcgi >/dev/null 2>&1; then
	skip "cgi-fcgi not found (apt-get install libfcgi-bin)" "slugserve in the sandbox"
	done_testing
	exit
fi
sock=$tmp/idx/s.sock
SLUGSERVE_SANDBOX_SELFTEST=$secret "$SLUGSERVE" -s "$sock" -i "$idx" -n 2 2>"$tmp/server.log" &
server=$!
cleanup() { kill "$server" 2>/dev/null; rm -rf "$tmp"; }
get() { env -i REQUEST_METHOD=GET REQUEST_URI="$1" cgi-fcgi -bind -connect "$sock" 2>/dev/null; }
i=0
until get /about/ | grep -q '^Status: 200' || [ "$i" -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
sed 's/^/# /' "$tmp/server.log"
expect "open $secret for reading" denied "$tmp/server.log"
expect "open the index $idx for reading" allowed "$tmp/server.log"
expect "run /bin/true" denied "$tmp/server.log"
like "$(get /about/)" "Status: 200" "slugserve serves in the sandbox"
# a new index renamed over the old one is opened, from inside the sandbox
sed 's/^title: .*/title: Sandboxed site/' "$top_srcdir/data/site.yml" >"$tmp/site.yml"
sed -i "s|^layout: \(.*\)|layout: $top_srcdir/data/\1|; s|dir: content/|dir: $top_srcdir/data/content/|" "$tmp/site.yml"
"$SLUGINDEX" build -c "$tmp/site.yml" -o "$tmp/idx/next.idx" >>"$tmp/build.log" 2>&1 &&
    mv "$tmp/idx/next.idx" "$idx"
ok=0
for _ in 1 2 3 4; do get /about/ | grep -q 'Sandboxed site' && ok=$((ok + 1)); done
is "$ok" 4 "a renamed index is taken from inside the sandbox (every worker)"
is "$(grep -c 'killed by signal' "$tmp/server.log")" 0 "no worker killed (no forbidden system call on the way)"
kill "$server" && wait "$server"
is "$?" 0 "slugserve stops cleanly"
if [ ! -e "$sock" ]; then pass "its socket is removed at exit"
else fail "its socket is removed at exit" "$(tail -n 3 "$tmp/server.log")"; fi
done_testing
