#!/bin/sh
# t/legacy.sh: every alias of the real corpus, and its /YYYY/MM/post/
# shapes under the sample's WordPress rules, answers with its page through
# CGI and through FastCGI, and slugindex lookup answers each the same way.
# The sample site's legacy shapes (rules, archives, feeds, sitemap, /?p=ID,
# rule actions and limits) are cases of t/routing.spec. Prints TAP.
. "$(dirname "$0")/lib.sh"
: "${SLUG_CORPUS:=$top_srcdir/../shared/corpus/cloudops-co-website}"
server=
cleanup() { [ -z "$server" ] || kill $server 2>/dev/null; rm -rf "$tmp"; }
request() { cgi_request "$@"; }
build_index() { # build_index CONFIG OUT
	"$SLUGINDEX" build -c "$1" -o "$2" >"$tmp/build.log" 2>&1
}

# cases_corpus MODE: every alias of the real corpus answers 200 with its
# page, and /YYYY/MM/post/ for posts that list no such alias is a 301.
cases_corpus() {
	m=$1
	bad=0 n=0
	: >"$tmp/answers"
	while IFS="$(printf '\t')" read -r key url; do
		n=$((n + 1))
		request REQUEST_METHOD=GET "REQUEST_URI=$key"
		st=$(status)
		loc=
		case $st in 30[1278]) loc=$(header Location) ;; esac
		printf '%s\t%s\t%s\n' "$key" "$st" "$loc" >>"$tmp/answers"
		case "$st" in
		200) ;;
		301) [ "$(header Location)" = "$url" ] || { bad=$((bad + 1)); echo "# $key: 301 to $(header Location)"; } ;;
		*) bad=$((bad + 1)); echo "# $key: $st" ;;
		esac
	done <"$tmp/corpus-keys"
	is "$bad" 0 "$m: all $n corpus keys answer 200 or 301 to their page"
	bad=0 n=0
	for name in $(grep -o '^/blog/[^/]*/' "$tmp/corpus-pages" | sed 's|/blog/||; s|/$||' | head -n 40); do
		n=$((n + 1))
		request REQUEST_METHOD=GET "REQUEST_URI=/2016/07/$name/"
		printf '%s\t%s\t%s\n' "/2016/07/$name/" "$(status)" "$(header Location)" >>"$tmp/answers"
		if grep -q "^/2016/07/$name	" "$tmp/corpus-keys"; then continue; fi
		if ! is_status 301 || [ "$(header Location)" != "/blog/$name/" ]; then
			bad=$((bad + 1)); echo "# /2016/07/$name/: $(status) $(header Location)"
		fi
	done
	is "$bad" 0 "$m: /YYYY/MM/post/ for $n corpus posts: 301 to the post"
}

corpus_site() {
	[ -d "$SLUG_CORPUS/content" ] || return 1
	mkdir -p "$tmp/corpus"
	cp -r "$SLUG_CORPUS/content" "$tmp/corpus/"
	rm -rf "$tmp"/corpus/content/*/blog/10-reasons-healthcare-is-ready-to-succeed-in-the-cloud
	{
		printf 'title: CloudOps\nbase_url: https://www.cloudops.com\n'
		printf 'content:\n  - dir: content/english\n    lang: en\n'
		printf '  - dir: content/french\n    lang: fr\n    prefix: /fr\n'
		sed -n '/^rules:/,$p' "$top_srcdir/data/site.yml"
	} >"$tmp/corpus/site.yml"
	build_index "$tmp/corpus/site.yml" "$tmp/corpus.idx" || return 1
	"$SLUGINDEX" dump -i "$tmp/corpus.idx" >"$tmp/corpus-keys"
	cut -f2 "$tmp/corpus-keys" | sort -u >"$tmp/corpus-pages"
}

# agree MODE: lookup answers every corpus key, and every /YYYY/MM/post/
# tried, as the server did (the statuses and Locations cases_corpus
# recorded)
agree() {
	bad=0 n=0
	while IFS="$(printf '\t')" read -r key st loc; do
		n=$((n + 1))
		line=$("$SLUGINDEX" lookup -i "$tmp/corpus.idx" -- "$key")
		lst=$(printf '%s\n' "$line" | cut -f1) lloc=
		case $lst in 30[1278]) lloc=$(printf '%s\n' "$line" | cut -f2) ;; esac
		[ "$lst $lloc" = "$st $loc" ] || { bad=$((bad + 1)); echo "# $key: server $st $loc, lookup $line"; }
	done <"$tmp/answers"
	is "$bad" 0 "$1: slugindex lookup answers the $n corpus requests as the server does"
}

if ! corpus_site; then
	skip "corpus not found at $SLUG_CORPUS (set SLUG_CORPUS), or it does not build" "the corpus's legacy URLs"
	done_testing
	exit 0
fi
INDEX=$tmp/corpus.idx
cases_corpus cgi
agree cgi

# The same over FastCGI.
if ! command -v cgi-fcgi >/dev/null 2>&1; then
	skip "cgi-fcgi not found (apt-get install libfcgi-bin)" "the corpus over FastCGI"
else
	request() {
		env -i PATH="$PATH" "$@" cgi-fcgi -bind -connect "$tmp/corpus.sock" \
		    >"$tmp/out" 2>"$tmp/err" </dev/null
		split_response
	}
	"$SLUGSERVE" -s "$tmp/corpus.sock" -i "$tmp/corpus.idx" 2>>"$tmp/server.log" &
	server=$!
	for i in $(seq 50); do [ -S "$tmp/corpus.sock" ] && break; sleep 0.1; done
	cases_corpus fastcgi
	kill $server 2>/dev/null; wait $server 2>/dev/null; server=
fi
done_testing
