#!/bin/sh
# t/diff.sh: slugindex diff between the sample site and edited copies of
# it: a page removed (broken, exit 1), added back (added, exit 0), an
# alias moved to another page, the alias mode changed (moved), a rule
# making a 404 a 410 (changed), --log ranking, and the deploy gate.
. "$(dirname "$0")/lib.sh"

TAB=$(printf '\t')
site() {	# site NAME: a copy of data/ in $tmp/NAME
	rm -rf "$tmp/$1" && cp -r "$top_srcdir/data" "$tmp/$1" && chmod -R u+w "$tmp/$1"
}
build() {	# build NAME
	"$SLUGINDEX" build -c "$tmp/$1/site.yml" -o "$tmp/$1.idx" 2>"$tmp/build.err" ||
		cat "$tmp/build.err" >&2
}
diffx() { "$SLUGINDEX" diff "$@" 2>"$tmp/err"; }

site a && build a
out=$(diffx "$tmp/a.idx" "$tmp/a.idx"); rc=$?
is "$rc" 0 "an index against itself: exit 0"
is "$out" "" "an index against itself: no change printed"
like "$(cat "$tmp/err")" "0 broken (answered, now do not), 0 added, 0 moved, 0 changed" "the summary on standard error"

site b && rm "$tmp/b/content/english/about.md" && build b
out=$(diffx "$tmp/a.idx" "$tmp/b.idx"); rc=$?
is "$rc" 1 "a page removed: exit 1"
like "$out" "broken$TAB/about/${TAB}200 /about/${TAB}404" "its path: broken, 200 then 404"
like "$out" "broken$TAB/about-us${TAB}200 /about/${TAB}404" "its alias: broken"
like "$(cat "$tmp/err")" "4 broken" "the summary counts it, with its archives"
out=$(diffx "$tmp/b.idx" "$tmp/a.idx"); rc=$?
is "$rc" 0 "the page added back: exit 0"
like "$out" "added$TAB/about/${TAB}404${TAB}200 /about/" "its path: added"

site c
sed -i 's|^  - docker-first-steps/$|  - docker-first-steps-old/|' "$tmp/c/content/english/blog/moving-to-containers.md"
sed -i 's|^aliases:$|aliases:\n  - /blog/docker-first-steps/|' "$tmp/c/content/english/about.md"
build c
out=$(diffx "$tmp/a.idx" "$tmp/c.idx"); rc=$?
is "$rc" 0 "an alias moved to another page: exit 0"
like "$out" "moved$TAB/blog/docker-first-steps${TAB}200 /blog/moving-to-containers/${TAB}200 /about/" \
	"the alias: moved, with its old and new page"
like "$out" "added$TAB/blog/docker-first-steps-old${TAB}" "the new alias: added"

site d && sed -i 's/^alias_mode: serve$/alias_mode: 301/' "$tmp/d/site.yml" && build d
out=$(diffx "$tmp/a.idx" "$tmp/d.idx"); rc=$?
is "$rc" 0 "alias_mode serve to 301: exit 0 (every alias still answers)"
like "$out" "moved$TAB/about-us${TAB}200 /about/${TAB}301 /about/" "an alias: 200 then 301 to the same page"
is "$(echo "$out" | grep -vc "^moved$TAB")" 0 "only moves"

site e
sed -i "s#^  - match: '\^/(wp-admin|wp-content|wp-includes|wp-json)/|\^/(wp-login|xmlrpc)\\\\.php\$'#  - match: '^/(wp-admin|wp-content|wp-includes|wp-json|old-stuff)/|^/(wp-login|xmlrpc)\\\\.php\$'#" "$tmp/e/site.yml"
build e
printf '1.2.3.4 - - [04/Dec/2026:09:00:00 +0000] "GET /old-stuff/x HTTP/1.1" 404 1\n' >"$tmp/e.log"
out=$(diffx --log "$tmp/e.log" "$tmp/a.idx" "$tmp/e.idx"); rc=$?
like "$out" "changed$TAB/old-stuff/x${TAB}404${TAB}410${TAB}1" "a logged path that a new rule makes 410: changed, with its hits"
is "$rc" 0 "404 to 410: exit 0"

logs=$top_srcdir/t/logs
out=$(diffx --log "$logs/apache-combined.access" --log "$logs/nginx-combined.access" --log "$logs/apache-common.access" \
	"$tmp/a.idx" "$tmp/b.idx"); rc=$?
is "$(echo "$out" | head -1)" "broken$TAB/about/${TAB}200 /about/${TAB}404${TAB}4" \
	"--log: the most requested change first, its hits in a fifth column"
is "$(echo "$out" | sed -n 2p | cut -f5)" 0 "then the changes nobody asked for"
is "$rc" 1 "--log: still exit 1"

cp "$tmp/a.idx" "$tmp/live.idx"
"$SLUGINDEX" diff "$tmp/live.idx" "$tmp/b.idx" >/dev/null 2>&1 && mv "$tmp/b.idx" "$tmp/live.idx"
is "$(cmp -s "$tmp/live.idx" "$tmp/a.idx" && echo kept)" kept "the deploy gate keeps the live index when URLs would break"
"$SLUGINDEX" diff "$tmp/live.idx" "$tmp/d.idx" >/dev/null 2>&1 && mv "$tmp/d.idx" "$tmp/live.idx"
is "$(cmp -s "$tmp/live.idx" "$tmp/d.idx" || echo gone)" gone "and deploys one that keeps them"

head -c 100 "$tmp/a.idx" >"$tmp/cut.idx"
diffx "$tmp/a.idx" "$tmp/cut.idx" >/dev/null; rc=$?
is "$rc" 2 "a truncated index: exit 2"
like "$(cat "$tmp/err")" "cut.idx:" "names it"
diffx "$tmp/a.idx" >/dev/null; rc=$?
is "$rc" 2 "one index only: exit 2, the usage"
diffx --log "$tmp/none.log" "$tmp/a.idx" "$tmp/a.idx" >/dev/null; rc=$?
is "$rc" 2 "a log that cannot be read: exit 2"
like "$("$SLUGINDEX" help diff)" "slugindex diff live.idx new.idx && mv new.idx live.idx" "help diff shows the deploy gate"
done_testing
