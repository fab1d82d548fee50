#!/bin/sh
# t/index-format.sh: the file format's man page, docs/slugindex.5, says what
# src/index_format.h says. Every field row of the man page's tables
# ("offset<TAB>size<TAB>NAME<TAB>...") names a constant of the header with
# that offset; every H_, P_, S_, K_, R_ and G_ constant of the header has a
# row; within each table the rows follow one another without a gap or an
# overlap and end at the record size; the layout rows give each table's
# record size. Prints TAP.
. "$(dirname "$0")/lib.sh"

hdr=$top_srcdir/src/index_format.h
man=$top_srcdir/docs/slugindex.5
T=$(printf '\t')

# NAME VALUE for every enumerator "NAME = NUMBER," and #define of a number.
awk '
/^[ \t]+[A-Z]_[A-Z0-9_]+ = [0-9]+,?/ {
	n = $1; v = $3; sub(/,.*/, "", v); print n, v
}
/^#define IDX_[A-Z_]+ [0-9]+/ { print $2, $3 }' "$hdr" | sort >"$tmp/hdr"
[ -s "$tmp/hdr" ] || fail "index_format.h has constants"

# The man page's field rows: NAME OFFSET SIZE TABLE (the nth .TS block).
awk -F"$T" '
/^\.TS/ { tbl++; next }
NF >= 3 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ {
	print ($3 == "" ? "-" : $3), $1, $2, tbl
}' \
	"$man" >"$tmp/rows"

bad=0
while read -r name off size tbl; do
	[ "$name" != - ] || continue	# a reserved field: zero
	got=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/hdr")
	if [ "$got" != "$off" ]; then
		bad=$((bad + 1)); echo "# $name: man page offset $off, header ${got:-none}"
	fi
done <"$tmp/rows"
is "$bad" 0 "every named field of slugindex.5 has the header's offset"

bad=0
for name in $(awk '$1 ~ /^[HPSKRG]_/ { print $1 }' "$tmp/hdr"); do
	if ! awk -v n="$name" '$1 == n { f = 1 } END { exit !f }' "$tmp/rows"; then
		bad=$((bad + 1)); echo "# $name: not in slugindex.5"
	fi
done
is "$bad" 0 "every field of index_format.h has a row in slugindex.5"

# Rows of one table are contiguous; the last ends at the record size.
size_of() { awk -v n="$1" '$1 == n { print $2 }' "$tmp/hdr"; }
awk '{ print $4, $2, $3 }' "$tmp/rows" | awk -v hsize="$(size_of IDX_HEADER_SIZE)" \
    -v sizes="$(size_of IDX_SLOT_SIZE) $(size_of IDX_KEY_SIZE) $(size_of IDX_PAGE_SIZE) $(size_of IDX_SEG_SIZE) $(size_of IDX_RULE_SIZE)" '
BEGIN { split(hsize " " sizes, want, " ") }
$1 != t { if (t != "") ends[++k] = at; t = $1; at = 0 }
{ if ($2 != at) { print "# table " t ": a row at " $2 ", expected " at; bad++ }
  at = $2 + $3 }
END {
	ends[++k] = at
	for (i = 1; i <= k; i++)
		if (ends[i] != want[i]) {
			print "# table " i ": ends at " ends[i] ", record size " want[i]; bad++
		}
	exit bad > 0
}' >"$tmp/contig" 2>&1
rc=$?
cat "$tmp/contig"
is "$rc" 0 "each table of slugindex.5 is contiguous and as long as its record"

# The layout: "table<TAB>count x SIZE<TAB>IDX_T_..." names the record size.
bad=0
for pair in slots:IDX_SLOT_SIZE keys:IDX_KEY_SIZE pages:IDX_PAGE_SIZE \
	    segments:IDX_SEG_SIZE rules:IDX_RULE_SIZE values:IDX_REF_SIZE; do
	t=${pair%%:*} c=${pair#*:}
	row=$(grep "^$t$T" "$man" | head -n 1)
	case $row in
	*" $(size_of "$c")$T"*) ;;
	*) bad=$((bad + 1)); echo "# layout row of $t: '$row', $c is $(size_of "$c")" ;;
	esac
done
is "$bad" 0 "the layout of slugindex.5 gives each table's record size"
is "$(grep -c '^\.TS' "$man")" 7 "slugindex.5 has the layout, the header and five record tables"
done_testing
