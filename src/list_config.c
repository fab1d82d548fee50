/* list_config.c: read the keys of list pages, pagers and taxonomies (see
 * list_config.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "list_config.h"
#include "yamlutil.h"

#define PAGINATE_MAX 100000

static void bad(struct diag *d, const char *file, const yaml_node_t *n,
		const char *name, const char *what)
{
	yaml_report(d, DIAG_ERROR, file, 1, n, "%s: %s", name, what);
}

#define SEGMENT_MAX 100

/* A path segment of letters, digits, - _ . ~ (not . or ..), at most
 * SEGMENT_MAX bytes. */
static int segment_ok(const char *s)
{
	if (*s == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0 ||
	    strlen(s) > SEGMENT_MAX)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.~", *s))
			return 0;
	return 1;
}

void list_config_paginate(struct site_config *cfg, const char *file,
			  const yaml_node_t *n, const char *name,
			  struct diag *d)
{
	const char *s = yaml_scalar(n);
	unsigned long v;
	char *end;

	errno = 0;
	v = s && isdigit((unsigned char)*s) ? strtoul(s, &end, 10) : 0;
	if (s == NULL || v == 0 || *end != '\0' || errno != 0 ||
	    v > PAGINATE_MAX) {
		bad(d, file, n, name, "must be a number of pages per pager, "
		    "from 1 to 100000");
		return;
	}
	cfg->paginate = (unsigned)v;
}

void list_config_paginate_path(struct site_config *cfg, const char *file,
			       const yaml_node_t *n, const char *name,
			       struct diag *d)
{
	const char *s = yaml_scalar(n);
	char *dup;

	if (s == NULL || !segment_ok(s)) {
		bad(d, file, n, name, "must be one path segment of letters, "
		    "digits, - _ . ~ (such as page), at most 100");
		return;
	}
	if ((dup = strdup(s)) == NULL)
		return;
	free(cfg->paginate_path);
	cfg->paginate_path = dup;
}

int list_config_add_taxonomy(struct site_config *cfg, const char *singular,
			     const char *plural)
{
	struct taxonomy_config *t = realloc(cfg->taxonomies,
					    (cfg->ntaxonomies + 1) * sizeof *t);

	if (t == NULL)
		return -1;
	cfg->taxonomies = t;
	t += cfg->ntaxonomies;
	t->singular = strdup(singular);
	t->plural = strdup(plural);
	if (t->singular == NULL || t->plural == NULL) {
		free(t->singular);
		free(t->plural);
		return -1;
	}
	cfg->ntaxonomies++;
	return 0;
}

static void free_taxonomies(struct site_config *cfg)
{
	for (size_t i = 0; i < cfg->ntaxonomies; i++) {
		free(cfg->taxonomies[i].singular);
		free(cfg->taxonomies[i].plural);
	}
	free(cfg->taxonomies);
	cfg->taxonomies = NULL;
	cfg->ntaxonomies = 0;
}

void list_config_taxonomies(struct site_config *cfg, const char *file,
			    yaml_document_t *doc, const yaml_node_t *n,
			    const char *name, struct diag *d)
{
	if (yaml_is_null(n)) {
		free_taxonomies(cfg);
		return;
	}
	if (n->type != YAML_MAPPING_NODE) {
		bad(d, file, n, name, "must be a table of singular = "
		    "\"plural\" (tag = \"tags\")");
		return;
	}
	free_taxonomies(cfg);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		const yaml_node_t *kn = yaml_document_get_node(doc, p->key);
		const yaml_node_t *vn = yaml_document_get_node(doc, p->value);
		const char *k = yaml_scalar(kn), *v = yaml_scalar(vn);

		if (v != NULL && *v == '\0')
			continue;	/* tag = "": no taxonomy, as in Hugo */
		if (k == NULL || v == NULL || !segment_ok(v)) {
			bad(d, file, vn, name, "each taxonomy's plural must "
			    "be one path segment of letters, digits, - _ . ~, "
			    "at most 100");
			continue;
		}
		if (list_config_add_taxonomy(cfg, k, v) < 0)
			bad(d, file, vn, name, "out of memory");
	}
}

void list_config_free(struct site_config *cfg)
{
	free_taxonomies(cfg);
	free(cfg->paginate_path);
	cfg->paginate_path = NULL;
}
