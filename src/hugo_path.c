/* hugo_path.c: page and alias paths as Hugo makes them (see hugo_path.h and
 * docs/paths.md). */
#include <ctype.h>
#include <string.h>

#include "hugo_path.h"

/* Decode one UTF-8 sequence at s (already validated); returns its length. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;

	if (len > n)
		len = n;
	*cp = len == 1 ? s[0] : s[0] & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++)
		*cp = (*cp << 6) | (s[i] & 0x3F);
	return len;
}

static void utf8_encode(unsigned cp, struct buf *out)
{
	if (cp < 0x80) {
		buf_addc(out, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(out, (char)(0xC0 | cp >> 6));
		buf_addc(out, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_addc(out, (char)(0xE0 | cp >> 12));
		buf_addc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addc(out, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_addc(out, (char)(0xF0 | cp >> 18));
		buf_addc(out, (char)(0x80 | ((cp >> 12) & 0x3F)));
		buf_addc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addc(out, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Lower case for ASCII, Latin-1 and Latin Extended-A (what European slugs
 * use); other scripts are kept as they are. */
static unsigned lower(unsigned cp)
{
	if (cp < 0x80)
		return (unsigned)tolower((int)cp);
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if ((cp >= 0x100 && cp <= 0x137 && cp != 0x130) ||
	    (cp >= 0x14A && cp <= 0x177))
		return (cp & 1) ? cp : cp + 1;	/* even code points are upper */
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return (cp & 1) ? cp + 1 : cp;	/* odd code points are upper */
	if (cp == 0x178)
		return 0xFF;
	return cp;
}

/* Hugo keeps letters, digits and marks; for code points above ASCII we
 * treat everything as a letter except spaces and punctuation blocks. */
static int is_space(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == '\v' || cp == '\f' || cp == 0x85 || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000;
}

static int is_kept(unsigned cp, const unsigned char *s, size_t n)
{
	if (cp < 0x80)
		return isalnum((int)cp) || strchr("./\\_-#+~@", (int)cp) ||
		       (cp == '%' && n >= 3 && isxdigit(s[1]) &&
			isxdigit(s[2]));
	if ((cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 &&
	     cp != 0xBA) || cp == 0xD7 || cp == 0xF7)
		return 0;	/* Latin-1 punctuation and symbols */
	if (cp >= 0x2000 && cp <= 0x206F)
		return 0;	/* General Punctuation */
	return !is_space(cp);
}

void hugo_sanitize(const char *s, size_t n, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len;
	int hyphen = 0;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = utf8_decode(p + i, n - i, &cp);

		if (is_kept(cp, p + i, n - i)) {
			if (hyphen)
				buf_addc(out, '-');
			hyphen = 0;
			utf8_encode(lower(cp), out);
		} else if (out->len > start && is_space(cp)) {
			hyphen = 1;
		}
		i += len;
	}
}

/* Append "/" + s[0..n) without doubling slashes. */
static void join(struct buf *out, const char *s, size_t n)
{
	while (n > 0 && *s == '/')
		s++, n--;
	while (n > 0 && s[n - 1] == '/')
		n--;
	if (n == 0)
		return;
	if (out->len == 0 || out->data[out->len - 1] != '/')
		buf_addc(out, '/');
	buf_add(out, s, n);
}

/* A page's url: taken as it is (cleaned later by the normaliser); relative
 * ones are under the language prefix, absolute ones are exact. With a '.'
 * and no trailing '/', it names a file; otherwise a folder. */
static enum page_kind url_path(const char *url, const char *prefix,
			       enum page_kind kind, struct buf *out)
{
	size_t n = strlen(url);

	if (url[0] != '/') {
		buf_adds(out, prefix);
		buf_addc(out, '/');
	}
	buf_adds(out, url);
	if (n == 0 || (url[n - 1] != '/' && strchr(url, '.') == NULL))
		buf_addc(out, '/');
	return kind;
}

enum page_kind hugo_page_path(const char *rel, const struct page_src *src,
			      const char *prefix, struct buf *out)
{
	const char *file = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	const char *dot = strrchr(file, '.');
	size_t base_len = dot ? (size_t)(dot - file) : strlen(file);
	size_t dir_len = (size_t)(file - rel);
	enum page_kind kind = PAGE_SINGLE;
	struct buf path = {0};
	const char *name = file;
	size_t name_len = base_len;

	if (base_len == 6 && memcmp(file, "_index", 6) == 0) {
		kind = PAGE_LIST;
		name_len = 0;
	} else if (base_len == 5 && memcmp(file, "index", 5) == 0 &&
		   dir_len > 0) {
		/* a leaf bundle: the folder names the page */
		const char *d = rel + dir_len - 1;

		while (d > rel && d[-1] != '/')
			d--;
		name = d;
		name_len = (size_t)(rel + dir_len - 1 - d);
		dir_len = (size_t)(d - rel);
	}
	if (src->url.s != NULL)
		return url_path(src->url.s, prefix, kind, out);
	join(&path, rel, dir_len);
	if (kind == PAGE_SINGLE && src->slug.s != NULL && *src->slug.s != '\0')
		join(&path, src->slug.s, strlen(src->slug.s));
	else
		join(&path, name, name_len);
	buf_adds(out, prefix);
	hugo_sanitize(path.data ? path.data : "", path.len, out);
	buf_free(&path);
	if (out->len == 0 || out->data[out->len - 1] != '/')
		buf_addc(out, '/');
	return kind;
}

int hugo_alias_path(const char *alias, const char *page_path, struct buf *out,
		    const char **why)
{
	const char *slash;

	if (alias[0] == '\0' || strspn(alias, " \t") == strlen(alias)) {
		*why = "an empty alias is not a path";
		return -1;
	}
	if (strstr(alias, "://") != NULL || strncmp(alias, "//", 2) == 0) {
		*why = "an alias must be a path, not a URL";
		return -1;
	}
	if (strspn(alias, "/") == strlen(alias)) {
		*why = "an alias cannot be the site root";
		return -1;
	}
	if (alias[0] == '/') {
		buf_adds(out, alias);
		return 0;
	}
	if (strcmp(page_path, "/") == 0) {
		*why = "a relative alias of the home page would leave the site";
		return -1;
	}
	/* relative: the folder above the page ("/blog/x/" -> "/blog/") */
	slash = page_path + strlen(page_path);
	if (slash > page_path && slash[-1] == '/')
		slash--;
	while (slash > page_path && slash[-1] != '/')
		slash--;
	buf_add(out, page_path, (size_t)(slash - page_path));
	if (out->len == 0)
		buf_addc(out, '/');
	buf_adds(out, alias);
	return 0;
}
