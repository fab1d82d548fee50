#!/bin/sh
# t/parallel.sh: slugindex reads content files on several threads
# (SLUGINDEX_JOBS); the index it writes and the messages it prints must not
# depend on how many. Each site is built with 1, 2 and 3 threads and the
# same SLUGINDEX_NOW: the index files must be identical byte for byte, and
# stderr too, for sites with errors in several files.
. "$(dirname "$0")/lib.sh"

now=1764000000

# build_all NAME CONFIG: build with 1, 2 and 3 threads into
# $tmp/NAME.JOBS.idx, stderr in $tmp/NAME.JOBS.err, status in NAME.JOBS.rc
# (each written as $tmp/NAME.idx first, so that messages name one file)
build_all() {
	for j in 1 2 3; do
		rm -f "$tmp/$1.idx"
		SLUGINDEX_NOW=$now SLUGINDEX_JOBS=$j "$SLUGINDEX" build -c "$2" \
		    -o "$tmp/$1.idx" 2>"$tmp/$1.$j.err"
		echo $? >"$tmp/$1.$j.rc"
		if [ -f "$tmp/$1.idx" ]; then mv "$tmp/$1.idx" "$tmp/$1.$j.idx"; fi
	done
}

# same_builds NAME: the three builds of NAME agree (index files when any
# was written, stderr and exit status always)
same_builds() {
	for j in 2 3; do
		is "$(cat "$tmp/$1.$j.rc")" "$(cat "$tmp/$1.1.rc")" \
		    "$1: the same exit status with $j threads as with 1"
		if cmp -s "$tmp/$1.1.err" "$tmp/$1.$j.err"; then
			pass "$1: the same messages, in the same order, with $j threads"
		else
			fail "$1: the same messages with $j threads" \
			    "$(diff "$tmp/$1.1.err" "$tmp/$1.$j.err" | head -n 20)"
		fi
		[ -f "$tmp/$1.1.idx" ] || continue
		if cmp -s "$tmp/$1.1.idx" "$tmp/$1.$j.idx"; then
			pass "$1: an identical index with $j threads"
		else
			fail "$1: an identical index with $j threads" \
			    "$(cmp "$tmp/$1.1.idx" "$tmp/$1.$j.idx" 2>&1)"
		fi
	done
}

# The sample site.
build_all data "$top_srcdir/data/site.yml"
is "$(cat "$tmp/data.1.rc")" 0 "data: builds"
same_builds data
sleep 1
SLUGINDEX_NOW=$now SLUGINDEX_JOBS=1 "$SLUGINDEX" build \
    -c "$top_srcdir/data/site.yml" -o "$tmp/again.idx" 2>/dev/null
run_ok "SLUGINDEX_NOW: a second later, the same index" \
    cmp "$tmp/data.1.idx" "$tmp/again.idx"
built=$(od -An -t u8 -j 40 -N 8 "$tmp/data.1.idx" | tr -d ' ')
is "$built" "$now" "SLUGINDEX_NOW is the build time in the header"
out=$(SLUGINDEX_NOW=0 "$SLUGINDEX" check -c "$top_srcdir/data/site.yml" 2>&1)
like "$out" "12 left out" "SLUGINDEX_NOW=0: every dated page is in the future"

# Bad values are refused before anything is read.
for v in SLUGINDEX_JOBS=0 SLUGINDEX_JOBS=65 SLUGINDEX_JOBS=2x \
    SLUGINDEX_NOW=-1 SLUGINDEX_NOW=soon SLUGINDEX_NOW=253402300800; do
	out=$(env "$v" "$SLUGINDEX" check -c "$top_srcdir/data/site.yml" 2>&1)
	rc=$?
	is "$rc" 2 "$v is refused (exit 2)"
	like "$out" "${v%%=*}=${v#*=}: not a number from" "$v: says why"
done

# A copy of the sample with errors in four files, a warning and a dangling
# symbolic link: messages from the threads' part (YAML, dates, UTF-8,
# shortcodes, the walk) and from the part after it (aliases, wp_id) must
# come in file order, and within a file in the order of the steps.
b=$tmp/broken
cp -r "$top_srcdir/data" "$b"
en=$b/content/english
sed -i 's/^title: .*/title: "never closed/' "$en/about.md"
sed -i 's/^date: .*/date: 2019-13-45/' "$en/blog/moving-to-containers.md"
printf '\n{{< youtube abc >}}\n' >>"$en/blog/moving-to-containers.md"
sed -i 's|^url: .*|&\naliases: ["https://elsewhere.example/x/"]\nwp_id: abc|' \
    "$en/blog/welcome-to-2020.md"
printf '\n{{< tweet 1 >}}\n' >>"$en/blog/welcome-to-2020.md"
ln -s nowhere.md "$en/blog/zz-dangling.md"
fr=$(ls "$b"/content/french/blog/*.html)
printf 'bad byte: \377\n' >>"$fr"
build_all broken "$b/site.yml"
is "$(cat "$tmp/broken.1.rc")" 1 "broken: refused"
same_builds broken
order=$(sed -n 's|^.*/content/\([^:]*\):.*|\1|p' "$tmp/broken.2.err" | uniq | tr '\n' ' ')
is "$order" "english/about.md english/blog/moving-to-containers.md english/blog/welcome-to-2020.md english/blog/zz-dangling.md french/blog/${fr##*/} " \
    "broken: messages in file order"
is "$(grep welcome-to-2020 "$tmp/broken.2.err" | sed 's/.*: \(error\|warning\): \([a-zA-Z_ ]*\).*/\1 \2/')" \
    "$(printf 'warning Hugo shortcode \nerror alias \nerror wp_id ')" \
    "broken: a file's messages in the order of the steps"
like "$(cat "$tmp/broken.2.err")" "slugindex: 6 errors, 1 warnings" "broken: every problem counted"

# A generated site of 2,000 pages, whole and with three broken files.
g=$tmp/gen
if sh "$top_srcdir/bench/gen-site.sh" 2000 "$g" >/dev/null 2>&1; then
	build_all gen "$g/site.yml"
	is "$(cat "$tmp/gen.1.rc")" 0 "gen: builds"
	same_builds gen
	for f in $(find "$g/content" -name 'post-*' | sort | sed -n '100p;1000p;1900p'); do
		sed -i '2i title: [never closed' "$f"
	done
	build_all genbroken "$g/site.yml"
	is "$(grep -c 'malformed YAML' "$tmp/genbroken.1.err")" 3 "genbroken: three errors"
	same_builds genbroken
else
	skip "bench/gen-site.sh failed" "generated site"
fi

# The real corpus (see t/corpus.sh): refused for its alias conflict, then
# built without the two copies.
: "${SLUG_CORPUS:=$top_srcdir/../shared/corpus/cloudops-co-website}"
if [ -d "$SLUG_CORPUS/content" ]; then
	c=$tmp/corpus
	mkdir -p "$c"
	cp -r "$SLUG_CORPUS/content" "$c/"
	printf 'title: CloudOps\nbase_url: https://www.cloudops.com\n%s\n' \
	    'content: [{dir: content/english, lang: en}, {dir: content/french, lang: fr, prefix: /fr}]' \
	    >"$c/site.yml"
	build_all corpus "$c/site.yml"
	is "$(cat "$tmp/corpus.1.rc")" 1 "corpus: refused for its conflict"
	same_builds corpus
	rm -rf "$c"/content/*/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud
	build_all corpusok "$c/site.yml"
	is "$(cat "$tmp/corpusok.1.rc")" 0 "corpus without the copies: builds"
	same_builds corpusok
else
	skip "corpus not found at $SLUG_CORPUS (set SLUG_CORPUS)" "corpus"
fi

done_testing
