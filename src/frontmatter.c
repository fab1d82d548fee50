/* frontmatter.c: split a Hugo content file into front matter and body, and
 * read the front matter, YAML and JSON with libyaml, TOML with toml.c, into
 * one libyaml document walked by one code path (see frontmatter.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "frontmatter.h"
#include "toml.h"
#include "utf8.h"
#include "yamlutil.h"

enum fm_kind {
	FK_STRING,
	FK_DATE,
	FK_DRAFT,
	FK_HEADLESS,
	FK_BUILD,
	FK_ALIASES,
	FK_IGNORED,
	FK__MAX
};

/* The keys Hugo users rely on, matched without regard to case. */
static const struct fm_key {
	const char *name;
	enum fm_kind kind;
	size_t offset;		/* of the struct fm_str, for FK_STRING */
	enum fm_date date;	/* for FK_DATE */
} fm_keys[] = {
	{"title", FK_STRING, offsetof(struct page_src, title), 0},
	{"author", FK_STRING, offsetof(struct page_src, author), 0},
	{"description", FK_STRING, offsetof(struct page_src, description), 0},
	{"slug", FK_STRING, offsetof(struct page_src, slug), 0},
	{"url", FK_STRING, offsetof(struct page_src, url), 0},
	{"translationkey", FK_STRING,
	 offsetof(struct page_src, translation_key), 0},
	{"date", FK_DATE, 0, FM_DATE},
	{"lastmod", FK_DATE, 0, FM_LASTMOD},
	{"publishdate", FK_DATE, 0, FM_PUBLISHDATE},
	{"expirydate", FK_DATE, 0, FM_EXPIRYDATE},
	{"pubdate", FK_DATE, 0, FM_PUBLISHDATE},
	{"published", FK_DATE, 0, FM_PUBLISHDATE},
	{"modified", FK_DATE, 0, FM_LASTMOD},
	{"unpublishdate", FK_DATE, 0, FM_EXPIRYDATE},
	{"draft", FK_DRAFT, 0, 0},
	{"headless", FK_HEADLESS, 0, 0},
	{"_build", FK_BUILD, 0, 0},
	{"aliases", FK_ALIASES, 0, 0},
	{"resources", FK_IGNORED, 0, 0},
};

/* Keys that change how Hugo renders or routes a page and that slugindex
 * does not apply: each is a warning at the key, so that the operator
 * knows before deploying (docs/paths.md). Their scalar values stay layout
 * fields. */
static const struct fm_unapplied {
	const char *name;
	const char *why;
} fm_unapplied[] = {
	{"outputs", "Hugo would also write these output formats (JSON, "
	 "AMP, ...); slugindex serves the HTML page only"},
	{"layout", "Hugo would pick the template by it; slugindex renders "
	 "every page with its one layout"},
	{"type", "Hugo would pick the template by it; slugindex renders every "
	 "page with its one layout"},
	{"cascade", "the front matter it gives the pages below is not "
	 "applied"},
	{"markup", "the page is read as Markdown or HTML by its file "
	 "extension"},
	{"sitemap", "per-page sitemap settings are not applied"},
	{"weight", "Hugo orders lists by weight; slugindex lists newest "
	 "first"},
};

struct fm_ctx {
	const char *file;
	unsigned long line_base;
	yaml_document_t *doc;
	struct page_src *page;
	struct diag *d;
	int failed;
};

static void fm_error(struct fm_ctx *c, const yaml_node_t *n, const char *what,
		     const char *key)
{
	yaml_report(c->d, DIAG_ERROR, c->file, c->line_base, n, "%s: %s", key,
		    what);
	c->failed = 1;
}

static int fm_strdup(struct fm_ctx *c, const yaml_node_t *n,
		     struct fm_str *out)
{
	free(out->s);
	out->s = strdup(yaml_scalar(n));
	out->line = n->start_mark.line + c->line_base;
	out->col = n->start_mark.column + 1;
	if (out->s == NULL) {
		fm_error(c, n, "out of memory", "front matter");
		return -1;
	}
	return 0;
}

/* A plain scalar that YAML would read as a number, where a path belongs. */
static int looks_numeric(const yaml_node_t *n)
{
	const char *s = yaml_scalar(n);
	char *end;

	if (s == NULL || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    *s == '\0')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

static void fm_add_alias(struct fm_ctx *c, const yaml_node_t *n)
{
	struct page_src *p = c->page;
	struct fm_str *a;

	if (yaml_scalar(n) == NULL || yaml_is_null(n) || looks_numeric(n)) {
		fm_error(c, n, "each alias must be a path (a string)",
			 "aliases");
		return;
	}
	a = realloc(p->aliases, (p->nalias + 1) * sizeof *a);
	if (a == NULL) {
		fm_error(c, n, "out of memory", "aliases");
		return;
	}
	p->aliases = a;
	memset(&a[p->nalias], 0, sizeof *a);
	if (fm_strdup(c, n, &a[p->nalias]) == 0)
		p->nalias++;
}

static void fm_aliases(struct fm_ctx *c, const yaml_node_t *n)
{
	yaml_node_item_t *it;

	if (yaml_is_null(n))
		return;		/* "aliases:" with nothing: none */
	if (n->type == YAML_SCALAR_NODE) {
		if (looks_numeric(n))
			fm_error(c, n, "must be a list of paths, not a number",
				 "aliases");
		else
			fm_add_alias(c, n);
		return;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		fm_error(c, n, "must be a list of paths", "aliases");
		return;
	}
	for (it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++)
		fm_add_alias(c, yaml_document_get_node(c->doc, *it));
}

/* fm_list_param: a list of scalars (tags: [a, b]) kept by its lower-cased
 * key, for taxonomies; a list holding anything else is not kept. */
static void fm_list_param(struct fm_ctx *c, const char *key,
			  const yaml_node_t *v)
{
	struct page_src *p = c->page;
	yaml_node_item_t *it, *top = v->data.sequence.items.top;
	struct fm_list *nl, *l;

	for (it = v->data.sequence.items.start; it < top; it++)
		if (yaml_scalar(yaml_document_get_node(c->doc, *it)) == NULL)
			return;
	nl = realloc(p->lists, (p->nlists + 1) * sizeof *nl);
	if (nl == NULL)
		goto nomem;
	p->lists = nl;
	l = &nl[p->nlists];
	l->n = 0;
	l->name = strdup(key);
	l->vals = calloc((size_t)(top - v->data.sequence.items.start) + 1,
			 sizeof *l->vals);
	p->nlists++;	/* frontmatter_free releases what is set */
	if (l->name == NULL || l->vals == NULL)
		goto nomem;
	for (char *s = l->name; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	for (it = v->data.sequence.items.start; it < top; it++) {
		const yaml_node_t *e = yaml_document_get_node(c->doc, *it);

		if (yaml_is_null(e))
			continue;
		if ((l->vals[l->n] = strdup(yaml_scalar(e))) == NULL)
			goto nomem;
		l->n++;
	}
	return;
nomem:
	fm_error(c, v, "out of memory", key);
}

static void fm_param(struct fm_ctx *c, const char *key, const yaml_node_t *v)
{
	struct page_src *p = c->page;
	struct fm_param *np;
	char *name, *value;

	if (v->type == YAML_SEQUENCE_NODE)
		fm_list_param(c, key, v);
	if (yaml_scalar(v) == NULL)
		return;		/* lists and maps are not layout fields */
	np = realloc(p->params, (p->nparams + 1) * sizeof *np);
	if (np == NULL)
		goto nomem;
	p->params = np;
	name = strdup(key);
	value = strdup(yaml_scalar(v));
	if (name == NULL || value == NULL) {
		free(name);
		free(value);
		goto nomem;
	}
	for (char *s = name; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	np[p->nparams].name = name;
	np[p->nparams].value = value;
	p->nparams++;
	return;
nomem:
	fm_error(c, v, "out of memory", key);
}

/* fm_build_option: one of _build's render or list: *off set when the
 * value is one of off[] (or false), cleared for always (or true). */
static void fm_build_option(struct fm_ctx *c, const yaml_node_t *v,
			    const char *key, const char *const *off, int *out)
{
	const char *s = yaml_scalar(v);
	int b;

	if (s != NULL && yaml_bool(v, &b) == 0) {
		*out = !b;
		return;
	}
	for (; s != NULL && *off != NULL; off++)
		if (strcmp(s, *off) == 0) {
			*out = 1;
			return;
		}
	if (s != NULL && strcmp(s, "always") == 0)
		*out = 0;
	else
		fm_error(c, v, strcmp(key, "render") == 0 ?
			 "must be always, never or link" :
			 "must be always, never or local", key);
}

/* fm_build: Hugo's _build options: render never/false/link (no page:
 * Hugo writes none), list never/local (the page is in no list);
 * publishResources does not concern slugindex. */
static void fm_build(struct fm_ctx *c, const yaml_node_t *v)
{
	static const char *const render_off[] = {"never", "link", NULL};
	static const char *const list_off[] = {"never", "local", NULL};

	if (yaml_is_null(v))
		return;
	if (v->type != YAML_MAPPING_NODE) {
		fm_error(c, v, "must be a table of render, list and "
			 "publishResources", "_build");
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
	     p < v->data.mapping.pairs.top; p++) {
		const yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
		const yaml_node_t *vn =
			yaml_document_get_node(c->doc, p->value);
		const char *k = yaml_scalar(kn) ? yaml_scalar(kn) : "";

		if (strcasecmp(k, "render") == 0)
			fm_build_option(c, vn, "render", render_off,
					&c->page->unrendered);
		else if (strcasecmp(k, "list") == 0)
			fm_build_option(c, vn, "list", list_off,
					&c->page->unlisted);
	}
}

static void fm_value(struct fm_ctx *c, const struct fm_key *k, const char *key,
		     const yaml_node_t *v)
{
	struct page_src *p = c->page;

	switch (k->kind) {
	case FK_STRING:
		if (yaml_scalar(v) == NULL)
			fm_error(c, v, "must be a string", key);
		else if (!yaml_is_null(v))
			fm_strdup(c, v, (struct fm_str *)((char *)p + k->offset));
		break;
	case FK_DATE:
		if (yaml_is_null(v))
			break;
		if (yaml_scalar(v) == NULL ||
		    parse_date(yaml_scalar(v), &p->dates[k->date]) < 0) {
			fm_error(c, v, "not a date (YYYY-MM-DD, optionally "
				 "with THH:MM:SS and a zone)", key);
			break;
		}
		p->has_date[k->date] = 1;
		fm_strdup(c, v, &p->date_text[k->date]);
		break;
	case FK_DRAFT:
		if (!yaml_is_null(v) && yaml_bool(v, &p->draft) < 0)
			fm_error(c, v, "must be true or false", key);
		break;
	case FK_HEADLESS:
		if (!yaml_is_null(v) && yaml_bool(v, &p->headless) < 0)
			fm_error(c, v, "must be true or false", key);
		break;
	case FK_BUILD:
		fm_build(c, v);
		break;
	case FK_ALIASES:
		fm_aliases(c, v);
		break;
	case FK_IGNORED:
	case FK__MAX:
		break;
	}
}

/* fm_warn_unapplied: a warning at key node kn when key is one of
 * fm_unapplied. */
static void fm_warn_unapplied(struct fm_ctx *c, const yaml_node_t *kn,
			      const char *key)
{
	for (size_t i = 0; i < sizeof fm_unapplied / sizeof *fm_unapplied; i++)
		if (strcasecmp(key, fm_unapplied[i].name) == 0)
			yaml_report(c->d, DIAG_WARNING, c->file, c->line_base,
				    kn, "%s: ignored: %s", fm_unapplied[i].name,
				    fm_unapplied[i].why);
}

static void fm_mapping(struct fm_ctx *c, const yaml_node_t *root)
{
	yaml_node_pair_t *pair;

	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *kn = yaml_document_get_node(c->doc, pair->key);
		yaml_node_t *vn = yaml_document_get_node(c->doc, pair->value);
		const char *key = yaml_scalar(kn);
		size_t i;

		if (key == NULL) {
			fm_error(c, kn, "keys must be strings", "front matter");
			continue;
		}
		for (i = 0; i < sizeof fm_keys / sizeof fm_keys[0]; i++)
			if (strcasecmp(key, fm_keys[i].name) == 0)
				break;
		if (i < sizeof fm_keys / sizeof fm_keys[0])
			fm_value(c, &fm_keys[i], key, vn);
		else {
			fm_warn_unapplied(c, kn, key);
			fm_param(c, key, vn);
		}
	}
}

/* yaml_load or toml_load: both build the same kind of document. */
typedef int fm_loader(yaml_document_t *doc, const char *buf, size_t len,
		      const char *file, unsigned long line_base,
		      struct diag *d);

static int fm_parse_doc(struct fm_ctx *c, fm_loader *load, const char *text,
			size_t len)
{
	yaml_document_t doc;
	yaml_node_t *root;

	if (load(&doc, text, len, c->file, c->line_base, c->d) < 0)
		return -1;
	c->doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (root != NULL && !yaml_is_null(root)) {
		if (root->type == YAML_MAPPING_NODE)
			fm_mapping(c, root);
		else
			fm_error(c, root, "must be a mapping of keys to values",
				 "front matter");
	}
	yaml_document_delete(&doc);
	c->doc = NULL;
	return c->failed ? -1 : 0;
}

/* The end of the line starting at i: index of '\n' or len. */
static size_t line_end(const char *buf, size_t len, size_t i)
{
	const char *nl = memchr(buf + i, '\n', len - i);

	return nl ? (size_t)(nl - buf) : len;
}

/* Whether buf[i..e) is the delimiter (e.g. "---") with only trailing
 * blanks or a CR after it. */
static int is_fence(const char *buf, size_t i, size_t e, const char *fence)
{
	size_t n = strlen(fence);

	if (e - i < n || memcmp(buf + i, fence, n) != 0)
		return 0;
	for (i += n; i < e; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r')
			return 0;
	return 1;
}

/* The end of a JSON object starting at buf[0] == '{': one past its closing
 * brace, or 0 when it never closes. Strings and escapes are skipped. */
static size_t json_end(const char *buf, size_t len)
{
	size_t depth = 0;
	int in_str = 0;

	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];

		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '{') {
			depth++;
		} else if (ch == '}' && --depth == 0) {
			return i + 1;
		}
	}
	return 0;
}

static unsigned long count_lines(const char *buf, size_t n)
{
	unsigned long lines = 0;

	for (const char *p = buf; (p = memchr(p, '\n', n - (size_t)(p - buf)));
	     p++)
		lines++;
	return lines;
}

static void set_body(struct page_src *p, const char *buf, size_t len,
		     size_t start)
{
	p->body = buf + start;
	p->body_len = len - start;
	p->body_line = count_lines(buf, start) + 1;
}

/* Front matter between fences ("---" and "---" or "..." for YAML, "+++"
 * and "+++" for TOML): the text starts on line 2. */
static int split_fenced(struct fm_ctx *c, const char *buf, size_t len,
			int toml)
{
	size_t first = line_end(buf, len, 0);
	size_t i = first < len ? first + 1 : len;

	while (i < len) {
		size_t e = line_end(buf, len, i);

		if (toml ? is_fence(buf, i, e, "+++")
			 : is_fence(buf, i, e, "---") || is_fence(buf, i, e, "...")) {
			set_body(c->page, buf, len, e < len ? e + 1 : len);
			c->line_base = 2;
			return fm_parse_doc(c, toml ? toml_load : yaml_load,
					    buf + first + 1, i - first - 1);
		}
		i = e + 1;
	}
	diag_at(c->d, DIAG_ERROR, c->file, 1, 1,
		"front matter opened with %s is never closed",
		toml ? "+++" : "---");
	return -1;
}

static int split_json(struct fm_ctx *c, const char *buf, size_t len)
{
	size_t end = json_end(buf, len);

	if (end == 0) {
		diag_at(c->d, DIAG_ERROR, c->file, 1, 1,
			"JSON front matter: the opening { is never closed");
		return -1;
	}
	set_body(c->page, buf, len, end < len && buf[end] == '\n' ? end + 1
								  : end);
	c->line_base = 1;
	return fm_parse_doc(c, yaml_load, buf, end);
}

/* A file must be UTF-8 text: report the first bad byte by line:column. */
static int check_text(const char *file, const char *buf, size_t len,
		      struct diag *d)
{
	size_t good = utf8_valid_len(buf, len);
	const char *nul = memchr(buf, '\0', good);
	size_t bad = nul ? (size_t)(nul - buf) : good;
	const char *bol;

	if (bad == len)
		return 0;
	for (bol = buf + bad; bol > buf && bol[-1] != '\n'; bol--)
		;
	diag_at(d, DIAG_ERROR, file, count_lines(buf, bad) + 1,
		(unsigned long)(buf + bad - bol) + 1,
		nul && (size_t)(nul - buf) == bad
			? "not a text file (NUL byte)"
			: "not valid UTF-8 text (byte 0x%02x)",
		(unsigned char)buf[bad]);
	return -1;
}

int frontmatter_parse(const char *file, const char *buf, size_t len,
		      struct page_src *out, struct diag *d)
{
	struct fm_ctx c = {.file = file, .page = out, .d = d};

	memset(out, 0, sizeof *out);
	out->file = file;
	if (check_text(file, buf, len, d) < 0)
		return -1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;	/* a byte-order mark is not content */
		len -= 3;
	}
	if (is_fence(buf, 0, line_end(buf, len, 0), "---"))
		return split_fenced(&c, buf, len, 0);
	if (len > 0 && buf[0] == '{')
		return split_json(&c, buf, len);
	if (is_fence(buf, 0, line_end(buf, len, 0), "+++"))
		return split_fenced(&c, buf, len, 1);
	set_body(out, buf, len, 0);
	return 0;
}

void frontmatter_free(struct page_src *p)
{
	struct fm_str *strs[] = {&p->title, &p->author, &p->description,
				 &p->slug, &p->url, &p->translation_key};

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(strs[i]->s);
	for (size_t i = 0; i < FM_DATE__MAX; i++)
		free(p->date_text[i].s);
	for (size_t i = 0; i < p->nalias; i++)
		free(p->aliases[i].s);
	free(p->aliases);
	for (size_t i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->params);
	for (size_t i = 0; i < p->nlists; i++) {
		for (size_t j = 0; p->lists[i].vals && j < p->lists[i].n; j++)
			free(p->lists[i].vals[j]);
		free(p->lists[i].vals);
		free(p->lists[i].name);
	}
	free(p->lists);
	memset(p, 0, sizeof *p);
}

const struct fm_list *frontmatter_list(const struct page_src *p,
				       const char *name)
{
	const struct fm_list *found = NULL;

	for (size_t i = 0; i < p->nlists; i++)
		if (strcmp(p->lists[i].name, name) == 0)
			found = &p->lists[i];	/* the last, as for keys */
	return found;
}

const char *frontmatter_param(const struct page_src *p, const char *name)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i].name, name) == 0)
			return p->params[i].value;
	return NULL;
}

/* Read exactly n digits at *s into *v; advance. */
static int digits(const char **s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*s)++) {
		if (!isdigit((unsigned char)**s))
			return -1;
		*v = *v * 10 + (**s - '0');
	}
	return 0;
}

static int parse_zone(const char *s, int64_t *off)
{
	int hh, mm, sign;

	*off = 0;
	if (*s == '\0' || strcmp(s, "Z") == 0 || strcmp(s, "z") == 0)
		return 0;
	if (*s == ' ')
		s++;
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (digits(&s, 2, &hh) < 0 || (*s == ':' && *++s == '\0') ||
	    digits(&s, 2, &mm) < 0 || *s != '\0' || hh > 23 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

int parse_date(const char *s, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t zone;

	if (digits(&s, 4, &y) < 0 || *s++ != '-' || digits(&s, 2, &mo) < 0 ||
	    *s++ != '-' || digits(&s, 2, &d) < 0)
		return -1;
	if ((*s == 'T' || *s == 't' || *s == ' ') &&
	    isdigit((unsigned char)s[1])) {
		s++;
		if (digits(&s, 2, &h) < 0 || *s++ != ':' ||
		    digits(&s, 2, &mi) < 0)
			return -1;
		if (*s == ':' && (s++, digits(&s, 2, &sec) < 0))
			return -1;
		if (*s == '.')
			while (isdigit((unsigned char)*++s))
				;
	}
	if (!date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 60 ||
	    parse_zone(s, &zone) < 0)
		return -1;	/* 2019-02-31 too: no day wraps into March */
	*t = date_unix(y, mo, d, h, mi, sec) - zone;
	return 0;
}
