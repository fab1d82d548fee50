#!/bin/sh
# gen-site.sh N DIR: generate a synthetic Hugo site of N pages into DIR, for
# bench/slugindex-build.sh. Deterministic: the same N gives the same bytes.
#
# DIR/site.yml              slugindex config (built-in layout: no layout key)
# DIR/hugo.toml             the same site for Hugo (as data/hugo.toml)
# DIR/layouts/_default/     single.html and list.html for Hugo, close to
#                           slugindex's built-in layout, so that Hugo renders
#                           every page and its body as slugindex stores it
# DIR/content/LANG/_index.md            home page of each language
# DIR/content/LANG/SECTION/_index.md    section page (blog, news, docs)
# DIR/content/LANG/SECTION/post-NNNNNN.EXT   the N pages
# DIR/gen-stats             "pages N", "files F", "body_bytes B" (the
#                           source bytes after front matter, all files)
#
# Page i (1..N) is French when i % 5 == 0 (LANG french, else english), in
# section blog/news/docs by i % 3, an .html file when i is even, else .md.
# Front matter: title, date (2010-2024), author, description, two aliases:
# /YYYY/MM/post-NNNNNN/ (French: /fr/YYYY/MM/post-NNNNNN/) and the relative
# old-post-NNNNNN/. Bodies are about 10 KB: HTML paragraphs, lists and
# headings in .html files; Markdown (headings, emphasis, links, lists, code)
# mixed with raw HTML paragraphs in .md files. No shortcodes.
#
# Everything is written by one awk process (LC_ALL=C, so lengths are bytes);
# the only other commands are one mkdir and one test. About 1 GB and a few
# tens of seconds for 100,000 pages. DIR must not exist or be empty.
set -eu

me=gen-site.sh
if [ $# -ne 2 ]; then
	echo "usage: $me N DIR" >&2
	exit 2
fi
n=$1
dir=$2
case $n in
'' | *[!0-9]*)
	echo "$me: N must be a positive integer: $n" >&2
	exit 2
	;;
esac
if [ "$n" -lt 1 ] || [ "$n" -gt 999999 ]; then
	echo "$me: N must be 1..999999: $n" >&2
	exit 2
fi
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
	echo "$me: $dir: exists and is not empty" >&2
	exit 2
fi

for l in english french; do
	for s in blog news docs; do
		set -- "$@" "$dir/content/$l/$s"
	done
done
shift 2
mkdir -p "$dir/layouts/_default" "$@"

LC_ALL=C awk -v n="$n" -v dir="$dir" '
# Park-Miller generator: products stay below 2^53, so every awk computes
# the same sequence (rand() differs between mawk and gawk).
function rnd(m) {
	seed = (seed * 16807) % 2147483647
	return seed % m
}
function words(k,    s, j) {
	s = word[rnd(nword)]
	for (j = 1; j < k; j++)
		s = s " " word[rnd(nword)]
	return s
}
function sentence(    s) {
	s = words(6 + rnd(12))
	return toupper(substr(s, 1, 1)) substr(s, 2) "."
}
function text(k,    s, j) {
	s = sentence()
	for (j = 1; j < k; j++)
		s = s " " sentence()
	return s
}
# Pools of blocks, made once; a page is a random sequence of them plus a
# few page-specific lines, so bodies differ but cost little to generate.
function make_pools(    i, t, u) {
	for (i = 0; i < NPOOL; i++) {
		t = text(3 + rnd(4))
		htmlp[i] = "<p>" t "</p>"
		u = words(3)
		mdp[i] = t
		sub(/ /, " *" u "* ", mdp[i])
		sub(/\. /, ". See [" words(2) "](/docs/post-" \
		    sprintf("%06d", 1 + rnd(999999)) "/) for more. ", mdp[i])
		rawp[i] = "<p class=\"note\">" text(2) "</p>"
		htmll[i] = "<ul>\n<li>" words(5) "</li>\n<li>" words(7) \
		    "</li>\n<li>" words(4) "</li>\n</ul>"
		mdl[i] = "- " words(5) "\n- **" words(2) "** " words(4) \
		    "\n- `" word[rnd(nword)] "` " words(6)
		mdc[i] = "```\n$ kubectl get " word[rnd(nword)] " -n " \
		    word[rnd(nword)] "\n" words(4) "\n```"
	}
}
function html_body(num, target,    b, k) {
	b = "<p>This is page " num ", written for the benchmark.</p>"
	for (k = 1; length(b) < target; k++) {
		if (k % 6 == 0)
			b = b "\n<h2>Part " k / 6 " of post " num "</h2>"
		else if (k % 9 == 0)
			b = b "\n" htmll[rnd(NPOOL)]
		else
			b = b "\n" htmlp[rnd(NPOOL)]
	}
	return b "\n"
}
function md_body(num, target,    b, k) {
	b = "This is page " num ", written for the benchmark."
	for (k = 1; length(b) < target; k++) {
		if (k % 6 == 0)
			b = b "\n\n## Part " k / 6 " of post " num
		else if (k % 9 == 0)
			b = b "\n\n" mdl[rnd(NPOOL)]
		else if (k % 13 == 0)
			b = b "\n\n" mdc[rnd(NPOOL)]
		else if (k % 4 == 0)
			b = b "\n\n" rawp[rnd(NPOOL)]
		else
			b = b "\n\n" mdp[rnd(NPOOL)]
	}
	return b "\n"
}
function put(file, s) {
	printf "%s", s > file
	close(file)
	files++
}
function list_page(file, title, desc,    b) {
	b = "<p>" desc "</p>\n"
	put(file, "---\ntitle: \"" title "\"\ndescription: \"" desc \
	    "\"\n---\n" b)
	body_bytes += length(b)
}
BEGIN {
	seed = 20240601
	NPOOL = 64
	nword = split("cluster container pod node image registry deploy " \
	    "rollout service mesh ingress gateway latency budget alert " \
	    "pager incident review backlog sprint release pipeline build " \
	    "cache layer volume secret config map operator controller " \
	    "replica shard queue stream event metric trace log dashboard " \
	    "team habit practice cloud native platform runtime kernel " \
	    "network policy quota limit request scheduler autoscaler " \
	    "canary blue green rollback migration schema database backup " \
	    "restore region zone failover the a of and to in for with on " \
	    "that is we our your it as by from at this every when", word, " ")
	for (i = 1; i <= nword; i++)
		word[i - 1] = word[i]
	nsec = split("blog news docs", sec, " ")
	nauth = split("Marie Tremblay|Jean Roy|Ana Lopes|Sam Okafor|" \
	    "Li Wei|Priya Nair|Olga Ivanova|Tom Becker", author, "|")
	make_pools()

	c = dir "/content"
	list_page(c "/english/_index.md", "Synthetic Notes", "Home of the benchmark site.")
	list_page(c "/french/_index.md", "Notes synthétiques", "Accueil du site de mesure.")
	for (s = 1; s <= nsec; s++) {
		list_page(c "/english/" sec[s] "/_index.md", "All " sec[s], \
		    "Every page of " sec[s] ".")
		list_page(c "/french/" sec[s] "/_index.md", "Tout " sec[s], \
		    "Toutes les pages de " sec[s] ".")
	}

	for (i = 1; i <= n; i++) {
		num = sprintf("%06d", i)
		fr = i % 5 == 0
		s = sec[1 + i % 3]
		ext = i % 2 == 0 ? "html" : "md"
		y = 2010 + rnd(15)
		m = sprintf("%02d", 1 + rnd(12))
		d = sprintf("%02d", 1 + rnd(28))
		target = 9500 + rnd(1000)
		if (ext == "html")
			b = html_body(num, target)
		else
			b = md_body(num, target)
		body_bytes += length(b)
		title = (fr ? "Billet " num " : " : "Post " num ": ") words(4)
		fm = "---\ntitle: \"" title "\"\ndate: \"" y "-" m "-" d \
		    "\"\nauthor: \"" author[1 + rnd(nauth)] \
		    "\"\ndescription: \"" sentence() \
		    "\"\naliases:\n  - " (fr ? "/fr/" : "/") y "/" m \
		    "/post-" num "/\n  - old-post-" num "/\n---\n"
		put(c (fr ? "/french/" : "/english/") s "/post-" num "." ext, fm b)
	}

	put(dir "/site.yml", "# slugindex config generated by bench/gen-site.sh\n" \
	    "title: Synthetic Notes\nbase_url: https://www.example.org\n" \
	    "# on by default; spelt out so that the benchmark does not change\n" \
	    "# with the defaults (Hugo builds none of them: see hugo.toml)\n" \
	    "archives: true\nfeeds: true\nsitemap: true\n" \
	    "content:\n  - dir: content/english\n    lang: en\n" \
	    "  - dir: content/french\n    lang: fr\n    prefix: /fr\n")
	put(dir "/hugo.toml", "# Hugo config generated by bench/gen-site.sh, " \
	    "the site of site.yml\n" \
	    "baseURL = \"https://www.example.org/\"\n" \
	    "title = \"Synthetic Notes\"\n" \
	    "defaultContentLanguage = \"en\"\n" \
	    "defaultContentLanguageInSubdir = false\n" \
	    "disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", " \
	    "\"robotsTXT\", \"404\"]\n" \
	    "disablePathToLower = false\nremovePathAccents = false\n" \
	    "uglyURLs = false\ntimeZone = \"UTC\"\n\n" \
	    "[markup.goldmark.renderer]\nunsafe = true\n\n" \
	    "[languages.en]\ncontentDir = \"content/english\"\n" \
	    "languageName = \"English\"\nweight = 1\n\n" \
	    "[languages.fr]\ncontentDir = \"content/french\"\n" \
	    "languageName = \"Français\"\nweight = 2\n")
	# Hugo layouts: the page in the shape of slugindex built-in layout;
	# list pages also list their newest 100 pages, as slugindex does.
	head = "<!DOCTYPE html>\n<html lang=\"{{ .Lang }}\">\n<head>\n" \
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" " \
	    "content=\"width=device-width, initial-scale=1\">\n" \
	    "<title>{{ .Title }} - {{ .Site.Title }}</title>\n" \
	    "<meta name=\"description\" content=\"{{ .Description }}\">\n" \
	    "<link rel=\"canonical\" href=\"{{ .Permalink }}\">\n" \
	    "{{ range .Translations }}<link rel=\"alternate\" " \
	    "hreflang=\"{{ .Lang }}\" href=\"{{ .Permalink }}\">\n{{ end }}" \
	    "</head>\n<body>\n<header><a href=\"/\">{{ .Site.Title }}</a>" \
	    "</header>\n<main>\n<h1>{{ .Title }}</h1>\n<p class=\"meta\">" \
	    "{{ .Params.author }} {{ .Date.Format \"2006-01-02\" }}</p>\n" \
	    "{{ .Content }}\n"
	tail = "</main>\n</body>\n</html>\n"
	put(dir "/layouts/_default/single.html", head tail)
	put(dir "/layouts/_default/list.html", head "<ul>\n" \
	    "{{ range first 100 .Pages.ByDate.Reverse }}<li><a href=\"" \
	    "{{ .RelPermalink }}\">{{ .Title }}</a></li>\n{{ end }}</ul>\n" tail)

	printf "pages %d\nfiles %d\nbody_bytes %.0f\n", n, files + 1, \
	    body_bytes > (dir "/gen-stats")
	close(dir "/gen-stats")
}'
