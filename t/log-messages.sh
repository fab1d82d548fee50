#!/bin/sh
# t/log-messages.sh: every message slugserve's code can log is documented
# in docs/troubleshooting.md (t/log-messages.pl extracts them from
# src/*.c and looks each up), and the check itself fails on a message
# that is not documented.
. "$(dirname "$0")/lib.sh"

if ! command -v perl >/dev/null 2>&1; then
	echo "1..0 # SKIP perl not found (apt-get install perl)"
	exit 0
fi
doc=$top_srcdir/docs/troubleshooting.md
perl "$top_srcdir/t/log-messages.pl" "$doc" "$top_srcdir"/src/*.c >"$tmp/out"
rc=$?
n=$(grep -c '^ok' "$tmp/out")
grep '^not ok' "$tmp/out" | sed 's/^not ok [0-9]* - /# undocumented: /'
grep '^# ' "$tmp/out"
is "$rc" 0 "every message in src/*.c is in docs/troubleshooting.md ($n found)"
if [ "$n" -ge 25 ]; then pass "the messages were found ($n, at least 25)"
else fail "the messages were found (at least 25)" "$(cat "$tmp/out")"; fi

# the check fails when a message is missing from the docs
cat >"$tmp/fake.c" <<'EOC'
static void f(void)
{
	log_warning("an undocumented %s message "
		    "over two lines", "test");
	fprintf(stderr, "slugserve: another one: %d\n", 1);
	fprintf(stderr, "not ours\n");
}
EOC
perl "$top_srcdir/t/log-messages.pl" "$doc" "$tmp/fake.c" >"$tmp/fake.out"
is "$?" 1 "an undocumented message fails the check"
is "$(grep -c '^not ok' "$tmp/fake.out")" 2 "both undocumented messages are named, the foreign one ignored"
like "$(cat "$tmp/fake.out")" "slugserve: warning: an undocumented %s message over two lines" "a message over two literals is joined"
done_testing
