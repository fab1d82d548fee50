/* hugo_langs.c: the content folders of a Hugo config's languages. Hugo
 * orders languages by weight, a weight of 0 (none) last, then by name; the
 * default language (defaultContentLanguage, "en" unless set) is served at
 * /, every other one under /LANG. Without languages, the site is one
 * folder, contentDir ("content"). Languages sharing a folder (translations
 * named x.fr.md) are not implemented and refused. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hugo_config_int.h"
#include "yamlutil.h"

struct hlang {
	char name[36];		/* lower-cased, as Hugo keys languages */
	long weight;
	int disabled;
};

struct langs {
	struct hlang l[HUGO_LANGS_MAX];
	size_t n;
};

/* add_lang: name (once, lower-cased), if it is a language key. */
static void add_lang(struct hcfg *h, struct langs *ls, const struct hsrc *s,
		     const yaml_node_t *kn)
{
	const char *name = yaml_scalar(kn);
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len >= sizeof ls->l[0].name ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789-_") != len) {
		yaml_report(h->d, DIAG_ERROR, s->file, 1, kn, "languages: "
			    "'%s' is not a language key such as en or fr-ca",
			    name ? name : "?");
		return;
	}
	for (size_t i = 0; i < ls->n; i++)
		if (strcasecmp(ls->l[i].name, name) == 0)
			return;
	if (ls->n == HUGO_LANGS_MAX)
		return;
	for (size_t i = 0; i <= len; i++)
		ls->l[ls->n].name[i] = (char)tolower((unsigned char)name[i]);
	ls->n++;
}

/* list_langs: every language any file names, at [languages] or mounted
 * under it (languages.toml, languages.fr.toml). */
static void list_langs(struct hcfg *h, struct langs *ls)
{
	for (size_t i = 0; i < h->n; i++) {
		struct hsrc *s = &h->src[i];
		yaml_node_t *m = NULL;

		if (s->loaded)
			m = yaml_document_get_root_node(&s->doc);

		if (s->nmount >= 2 && strcasecmp(s->mount[0], "languages") == 0)
			continue;	/* named by its mount, below */
		if (s->nmount == 0)
			m = child(&s->doc, m, "languages");
		else if (strcasecmp(s->mount[0], "languages") != 0)
			continue;
		if (m == NULL || m->type != YAML_MAPPING_NODE)
			continue;
		for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
		     p < m->data.mapping.pairs.top; p++)
			add_lang(h, ls, s,
				 yaml_document_get_node(&s->doc, p->key));
	}
	for (size_t i = 0; i < h->n; i++) {
		struct hsrc *s = &h->src[i];
		yaml_node_t *root = s->loaded ?
			yaml_document_get_root_node(&s->doc) : NULL;

		if (root != NULL && s->nmount >= 2 &&
		    strcasecmp(s->mount[0], "languages") == 0) {
			yaml_node_t key = *root;	/* for its position */

			key.type = YAML_SCALAR_NODE;
			key.data.scalar.value = (yaml_char_t *)s->mount[1];
			key.data.scalar.length = strlen(s->mount[1]);
			add_lang(h, ls, s, &key);
		}
	}
}

/* Hugo's order: weight (0 last), then name. Hugo 0.111's own comparison
 * (langs.Languages.Less) says both a < b and b < a for a weight of 0 and
 * one that is not, so Go's sort leaves such languages in map order, which
 * changes from build to build; slugindex puts them last, and
 * warn_mixed_weights says so. */
static int lang_cmp(const void *a, const void *b)
{
	const struct hlang *x = a, *y = b;

	if (x->weight != y->weight)
		return y->weight == 0 ? -1 : x->weight == 0 ? 1
		       : x->weight < y->weight ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* warn_mixed_weights: a warning for each language without a weight when
 * another has one: Hugo's order of those varies (see lang_cmp). */
static void warn_mixed_weights(struct hcfg *h, const struct langs *ls)
{
	int weighted = 0;

	for (size_t i = 0; i < ls->n; i++)
		weighted |= !ls->l[i].disabled && ls->l[i].weight != 0;
	for (size_t i = 0; weighted && i < ls->n; i++)
		if (!ls->l[i].disabled && ls->l[i].weight == 0)
			diag_at(h->d, DIAG_WARNING, h->src[0].file, 0, 0,
				"languages.%s: no weight, beside languages "
				"with one: Hugo orders it differently from "
				"build to build (which language keeps a path "
				"two claim); slugindex puts it last",
				ls->l[i].name);
}

/* lang_number: the integer at languages.L.key into *out (0 when absent). */
static void lang_number(struct hcfg *h, const char *l, const char *key,
			long *out)
{
	struct hsrc *s;
	yaml_node_t *n = get3(h, "languages", l, key, &s);
	const char *v = n ? yaml_scalar(n) : NULL;
	char *end, name[80];

	*out = 0;
	if (n == NULL)
		return;
	if (v != NULL)
		*out = strtol(v, &end, 10);
	snprintf(name, sizeof name, "languages.%s.%s", l, key);
	if (v == NULL || end == v || *end != '\0')
		herror(h, s, n, name, "must be a whole number");
}

/* lang_str: the string at languages.L.key (or the top-level key top when
 * not NULL), or NULL; an error when it is not a string. */
static const char *lang_str(struct hcfg *h, const char *l, const char *key,
			    const char *top, struct hsrc **s)
{
	yaml_node_t *n = get3(h, "languages", l, key, s);

	if (n == NULL && top != NULL)
		n = get1(h, top, s);
	if (n == NULL || yaml_is_null(n))
		return NULL;
	if (yaml_scalar(n) == NULL || n->type != YAML_SCALAR_NODE) {
		char name[80];

		snprintf(name, sizeof name, "languages.%s.%s", l, key);
		herror(h, *s, n, name, "must be a string");
		return NULL;
	}
	return yaml_scalar(n);
}

/* lang_join: base/rel, or rel when absolute; NULL when memory ran out. */
static char *lang_join(const char *base, const char *rel)
{
	size_t n = strlen(base) + strlen(rel) + 2;
	char *out = rel[0] == '/' ? strdup(rel) : malloc(n);

	if (out != NULL && rel[0] != '/')
		snprintf(out, n, "%s/%s", base, rel);
	return out;
}

/* lang_code: the language tag of l's pages, which goes into the
 * Content-Language header: languages.L.languageCode, or the top
 * languageCode for the default language, else l itself. NULL (reported)
 * when it is not a tag of letters, digits, '-' and '_'. */
static const char *lang_code(struct hcfg *h, const char *l, const char *dflt)
{
	struct hsrc *s = NULL;
	yaml_node_t *n = get3(h, "languages", l, "languageCode", &s);
	const char *code;
	size_t len;

	if (n == NULL && (*l == '\0' || strcmp(l, dflt) == 0))
		n = get1(h, "languageCode", &s);
	if (n == NULL || yaml_is_null(n))
		return *l ? l : dflt;
	code = n->type == YAML_SCALAR_NODE ? yaml_scalar(n) : NULL;
	len = code ? strlen(code) : 0;
	if (len > 0 && len <= 35 &&
	    strspn(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789-_") == len)
		return code;
	herror(h, s, n, "languageCode",
	       "must be a language tag such as en or fr-CA");
	return NULL;
}

/* lang_dir: the content folder of l: languages.L.contentDir, else (one
 * language) the top contentDir, else "content". NULL (reported) for one
 * of several languages without its own. */
static const char *lang_dir(struct hcfg *h, const char *l, int many)
{
	struct hsrc *s = NULL;
	const char *dir = lang_str(h, l, "contentDir", NULL, &s);
	yaml_node_t *top;

	if (dir != NULL)
		return dir;
	if (many) {
		diag_at(h->d, DIAG_ERROR, h->src[0].file, 0, 0, "languages.%s: "
			"no contentDir: languages in one folder (translations "
			"named x.%s.md) are not implemented", l, l);
		return NULL;
	}
	top = get1(h, "contentDir", &s);
	if (top != NULL && yaml_scalar(top) != NULL && !yaml_is_null(top))
		return yaml_scalar(top);
	return "content";
}

/* add_dir: the content folder of language l ("" for a site without
 * languages), with its prefix: none for the default language, else /l.
 * Returns -1 only when memory ran out. */
static int add_dir(struct hcfg *h, const char *l, const char *dflt, int many)
{
	struct site_config *cfg = h->cfg;
	struct content_dir *cd;
	struct hsrc *s = NULL;
	const char *dir = lang_dir(h, l, many), *code = lang_code(h, l, dflt);
	const char *title = lang_str(h, l, "title", NULL, &s);
	yaml_node_t *url = get3(h, "languages", l, "baseURL", &s);
	int sub = *l && strcmp(l, dflt) != 0;

	if (url != NULL)
		herror(h, s, url, "languages: baseURL", "a site per "
		       "language (multihost) is not implemented");
	if (url != NULL || dir == NULL || code == NULL)
		return 0;
	cd = realloc(cfg->dirs, (cfg->ndirs + 1) * sizeof *cd);
	if (cd == NULL)
		return -1;
	cfg->dirs = cd;
	cd += cfg->ndirs++;
	memset(cd, 0, sizeof *cd);
	cd->dir = lang_join(h->root, dir);
	cd->lang = strdup(code);
	cd->prefix = malloc(strlen(l) + 2);
	if (title != NULL)
		cd->title = strdup(title);
	if (cd->prefix != NULL)
		snprintf(cd->prefix, strlen(l) + 2, "%s%s", sub ? "/" : "",
			 sub ? l : "");
	return cd->dir && cd->lang && cd->prefix &&
	       (title == NULL || cd->title) ? 0 : -1;
}

/* default_lang: defaultContentLanguage, lower-cased, into out. */
static void default_lang(struct hcfg *h, char *out, size_t size)
{
	struct hsrc *s;
	yaml_node_t *n = get1(h, "defaultContentLanguage", &s);
	const char *v = n ? yaml_scalar(n) : "en";

	if (v == NULL || strlen(v) >= size || *v == '\0') {
		herror(h, s, n, "defaultContentLanguage",
		       "must be a language key such as en");
		v = "en";
	}
	for (size_t i = 0; i <= strlen(v); i++)
		out[i] = (char)tolower((unsigned char)v[i]);
}

void read_languages(struct hcfg *h)
{
	struct langs ls = {0};
	char dflt[36];
	size_t live = 0;
	int found = 0;

	default_lang(h, dflt, sizeof dflt);
	list_langs(h, &ls);
	for (size_t i = 0; i < ls.n; i++) {
		struct hsrc *s;

		lang_number(h, ls.l[i].name, "weight", &ls.l[i].weight);
		get_bool(h, get3(h, "languages", ls.l[i].name, "disabled", &s),
			 s, "disabled", &ls.l[i].disabled);
		live += !ls.l[i].disabled;
		found |= !ls.l[i].disabled && strcmp(ls.l[i].name, dflt) == 0;
	}
	warn_mixed_weights(h, &ls);
	qsort(ls.l, ls.n, sizeof ls.l[0], lang_cmp);
	if (ls.n > 0 && !found)
		diag_at(h->d, DIAG_ERROR, h->src[0].file, 0, 0,
			"defaultContentLanguage: '%s' is not one of the "
			"languages", dflt);
	for (size_t i = 0; i < ls.n; i++)
		if (!ls.l[i].disabled &&
		    add_dir(h, ls.l[i].name, dflt, live > 1) < 0)
			diag_at(h->d, DIAG_ERROR, h->root, 0, 0,
				"out of memory");
	if (ls.n == 0 && add_dir(h, "", dflt, 0) < 0)
		diag_at(h->d, DIAG_ERROR, h->root, 0, 0, "out of memory");
}
