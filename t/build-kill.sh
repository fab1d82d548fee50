#!/bin/sh
# t/build-kill.sh: `slugindex build` killed with SIGKILL at several points
# of a build of a generated site of a few thousand pages (long enough to be
# caught reading the content, and writing the index) must never leave a
# broken index in place: after each kill the index at the target path
# still validates (`slugindex lookup`) and is, bytes for bytes, either the
# old index or a complete new one. Reports (does not require) the
# temporary files FILE.tmp.XXXXXX a killed build leaves beside the target.
#
# Environment: SLUGINDEX, top_srcdir (see t/lib.sh); KILL_PAGES (3000),
# KILL_DELAYS (milliseconds, "0 10 50 100 200 400 700 1000 1500").
. "$(dirname "$0")/lib.sh"

pages=${KILL_PAGES:-3000}
delays=${KILL_DELAYS:-0 10 50 100 200 400 700 1000 1500}
site=$tmp/site

# gen_site N: N Markdown posts of about 4 KB, each with one alias
mkdir -p "$site/content/blog"
(cd "$site" && awk -v n="$pages" 'BEGIN {
	for (j = 0; j < 40; j++)
		body = body "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod tempor.\n\n"
	for (i = 1; i <= n; i++) {
		f = sprintf("content/blog/post-%05d.md", i)
		printf "---\ntitle: \"Post %d\"\ndate: 2020-01-%02dT10:00:00Z\naliases:\n  - /old/%d/\n---\n# Post %d\n\n%s",
		    i, i % 28 + 1, i, i, body > f
		close(f)
	}
}')
cat >"$site/site.yml" <<'EOF'
title: Kill test
base_url: https://kill.example
content:
  - dir: content
    lang: en
EOF
idx=$tmp/out/site.idx
mkdir -p "$tmp/out"

# body_of FILE: the file without its first 48 bytes (magic, sizes,
# checksums of metadata and build time), which only the build time changes
body_of() { tail -c +49 "$1"; }

start=$(date +%s%N)
run_ok "the old index builds ($pages pages)" "$SLUGINDEX" build -c "$site/site.yml" -o "$idx"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# a build takes about $ms ms here"
cp "$idx" "$tmp/old.idx"
body_of "$tmp/old.idx" >"$tmp/old.body"
# the new version: one page changed
printf '\nnew version\n' >>"$site/content/blog/post-00001.md"
"$SLUGINDEX" build -c "$site/site.yml" -o "$tmp/new.idx" >/dev/null 2>&1
body_of "$tmp/new.idx" >"$tmp/new.body"
if cmp -s "$tmp/old.body" "$tmp/new.body"; then
	fail "the new version differs from the old one"
fi

# the fixed delays, then late ones (90%, 95%, 98% of a build) and "temp":
# as soon as the temporary file exists, i.e. while the index is written
delays="$delays $((ms * 90 / 100)) $((ms * 95 / 100)) $((ms * 98 / 100)) temp temp temp"
left_total=0 left_timed=0
for d in $delays; do
	cp "$tmp/old.idx" "$tmp/out/next" && mv "$tmp/out/next" "$idx"
	"$SLUGINDEX" build -c "$site/site.yml" -o "$idx" >/dev/null 2>&1 &
	pid=$!
	if [ "$d" = temp ]; then
		while kill -0 "$pid" 2>/dev/null; do
			set -- "$tmp"/out/site.idx.tmp.*
			[ -e "$1" ] && break
		done
	elif [ "$d" -gt 0 ]; then
		sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
	fi
	alive=yes
	kill -KILL "$pid" 2>/dev/null || alive="no (it had finished)"
	wait "$pid" 2>/dev/null
	timed=yes
	[ "$d" = temp ] && d="the temporary file appeared, +0" && timed=no
	left=$(find "$tmp/out" -name 'site.idx.tmp.*' | wc -l | tr -d ' ')
	tmpsize=$(find "$tmp/out" -name 'site.idx.tmp.*' -exec wc -c {} + 2>/dev/null | awk 'END { print $1 + 0 }')
	body_of "$idx" >"$tmp/now.body"
	if cmp -s "$tmp/now.body" "$tmp/old.body"; then which=old
	elif cmp -s "$tmp/now.body" "$tmp/new.body"; then which=new
	else which=neither
	fi
	out=$("$SLUGINDEX" lookup -i "$idx" /blog/post-00001/ 2>&1)
	case $out in
	200*) valid=yes ;;
	*) valid="no: $out" ;;
	esac
	echo "# kill after $d ms: killed $alive; index in place: $which; temp files left: $left ($tmpsize bytes)"
	if [ "$valid" = yes ] && [ "$which" != neither ]; then
		pass "kill after $d ms: the index in place validates and is the $which one"
	else
		fail "kill after $d ms: the index in place validates and is the old or the new one" \
		    "lookup: $valid" "content: $which"
	fi
	left_total=$((left_total + left))
	[ "$timed" = yes ] && left_timed=$((left_timed + left))
	find "$tmp/out" -name 'site.idx.tmp.*' -exec rm -f {} +
done
echo "# temporary files left by killed builds, in all: $left_total"
# The index is written to an unnamed file (O_TMPFILE) named only just
# before the rename: a kill at any timed point leaves no file behind (the
# "temp" kills aim at that last instant on purpose, and may).
is "$left_timed" 0 "no temporary file left by the kills at timed points"
done_testing
