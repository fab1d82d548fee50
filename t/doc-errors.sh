#!/bin/sh
# t/doc-errors.sh: every slugindex message the documentation shows is the
# one slugindex prints. An example in docs/*.md is an HTML comment
# "<!-- example: site.yml -->", then a fenced block (the config), then a
# fenced block (what `slugindex check -c site.yml` prints: standard output,
# then standard error); "<!-- example: hugo.toml -->" likewise for a Hugo
# config, run as `slugindex check -c hugo.toml` with no site.yml beside it.
# Each config is run beside the sample site's content/ and layout.html and
# its output compared line for line; and any
# "file:LINE:COL: error|warning:" line in the docs that is in no example
# fails, so that no message is shown untested. Prints TAP.
. "$(dirname "$0")/lib.sh"
site=$tmp/site
mkdir -p "$site" "$tmp/ex"
cp -R "$top_srcdir/data/content" "$top_srcdir/data/layout.html" "$site/"
chmod -R u+w "$site"

# Split the examples out: $tmp/ex/N.yml, N.want, N.from (file:line).
for doc in "$top_srcdir"/docs/*.md; do
	awk -v dir="$tmp/ex" -v name="docs/${doc##*/}" '
	BEGIN { n = 0; while ((getline l < (dir "/count")) > 0) n = l }
	/^<!-- example: (site\.yml|hugo\.toml) -->$/ {
		n++; state = 1; from = name ":" NR
		file = $0; sub(/^<!-- example: /, "", file); sub(/ -->$/, "", file)
		print file > (dir "/" n ".name"); close(dir "/" n ".name"); next
	}
	state == 1 && /^```/ { state = 2; next }
	state == 2 && /^```/ { state = 3; next }
	state == 2 { print > (dir "/" n ".yml"); next }
	state == 3 && /^```/ { state = 4; next }
	state == 4 && /^```/ { state = 0; print from > (dir "/" n ".from"); next }
	state == 4 { print > (dir "/" n ".want"); next }
	END { print n > (dir "/count") }' "$doc"
done
count=$(cat "$tmp/ex/count")
if [ "$count" -lt 1 ]; then
	fail "the docs have examples of slugindex's messages"
fi
i=1
while [ "$i" -le "$count" ]; do
	from=$(cat "$tmp/ex/$i.from" 2>/dev/null || echo "example $i (unclosed)")
	name=$(cat "$tmp/ex/$i.name")
	rm -f "$site/site.yml" "$site/hugo.toml"
	cp "$tmp/ex/$i.yml" "$site/$name"
	(cd "$site" && "$SLUGINDEX" check -c "$name" >"$tmp/out" 2>"$tmp/err")
	cat "$tmp/out" "$tmp/err" >"$tmp/got"
	if cmp -s "$tmp/got" "$tmp/ex/$i.want"; then
		pass "$from: slugindex prints what the doc shows"
	else
		fail "$from: slugindex prints what the doc shows" \
		    "$(diff "$tmp/ex/$i.want" "$tmp/got" | sed '2,$s/^/#   /')"
	fi
	i=$((i + 1))
done

# No message shown outside an example (man pages: roff's \- is a -).
cat "$tmp"/ex/*.want >"$tmp/tested" 2>/dev/null
untested=$(for f in "$top_srcdir"/docs/*.md "$top_srcdir"/docs/*.[18] "$top_srcdir/README.md"; do
	sed 's/\\-/-/g' "$f" |
	grep -nE '^[^ `]*[A-Za-z0-9_.-]+:[0-9]+:[0-9]+: (error|warning): ' |
	while IFS= read -r l; do
		grep -qxF "${l#*:}" "$tmp/tested" || echo "${f#"$top_srcdir"/}:$l"
	done
done)
is "$untested" "" "every file:line:column message in the docs is in a tested example"
done_testing
