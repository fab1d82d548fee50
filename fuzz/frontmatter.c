/* fuzz/frontmatter.c: libFuzzer harness for the content-file surface: any
 * bytes as a Hugo content file go through what slugindex does to one
 * (src/site.c read_page): frontmatter_parse, the page's Hugo path and its
 * normalised key and URL, every alias's path and key, and the Markdown
 * body through cmark. Checks the contracts on the way: the body is a view
 * inside the input, a key normalises to itself once encoded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "frontmatter.h"
#include "hugo_path.h"
#include "pathnorm.h"
#include "sample_index.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

/* key_of: normalise a Hugo path as site.c's make_key does, and check that
 * the key's URL form normalises back to the key (pathnorm.h's promise). */
static void key_of(const char *path)
{
	size_t len = strlen(path), keylen, n, len2;
	char *key = malloc(len + 1), *url, *again;

	if (key == NULL || path_normalize(path, len, key, &keylen) != PATHNORM_OK) {
		free(key);
		return;
	}
	n = path_encode(key, keylen, NULL, 0);
	url = malloc(n + 1);
	again = malloc(n + 1);
	if (url == NULL || again == NULL)
		abort();
	/* The round trip holds while the URL form fits the request limit;
	 * a longer one is a 414 (a key of 3000 two-byte letters has an
	 * 18000-byte URL: such a page cannot be requested by its URL). */
	if (path_encode(key, keylen, url, n + 1) != n ||
	    (n <= PATHNORM_MAX &&
	     (path_normalize(url, n, again, &len2) != PATHNORM_OK ||
	      len2 != keylen || memcmp(again, key, keylen) != 0)))
		abort();	/* path_normalize(path_encode(k)) != k */
	free(again);
	free(url);
	free(key);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* read_file hands frontmatter_parse a NUL-terminated copy */
	char *text = malloc(size + 1);
	struct page_src src;
	struct diag d = {.quiet_warnings = 1};
	struct buf path = {0}, alias = {0};
	const char *why;
	char *html;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (frontmatter_parse("fuzz.md", text, size, &src, &d) == 0) {
		if (src.body == NULL ? src.body_len != 0
				     : src.body < text ||
				       src.body_len > size ||
				       (size_t)(src.body - text) > size - src.body_len)
			abort();	/* the body is not a view into the file */
		hugo_page_path(size % 2 ? "blog/post/index.md" : "post.md", &src,
			       size % 3 ? "" : "/fr", &path);
		key_of(buf_cstr(&path));
		for (size_t i = 0; i < src.nalias; i++) {
			buf_free(&alias);
			if (hugo_alias_path(src.aliases[i].s, buf_cstr(&path),
					    &alias, &why) == 0)
				key_of(buf_cstr(&alias));
		}
		for (int k = 0; k < FM_DATE__MAX; k++) {
			int64_t t;

			if (src.date_text[k].s != NULL)
				parse_date(src.date_text[k].s, &t);
		}
		if (src.body != NULL) {
			html = cmark_markdown_to_html(src.body, src.body_len,
						      CMARK_OPT_UNSAFE);
			free(html);
		}
	}
	buf_free(&alias);
	buf_free(&path);
	frontmatter_free(&src);
	free(text);
	return 0;
}
