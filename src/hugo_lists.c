/* hugo_lists.c: a Hugo config's settings of list pages: paginate,
 * paginatePath, taxonomies (tags and categories unless set) and the
 * taxonomy and term kinds of disableKinds, read as Hugo 0.111 reads them
 * (hugolib/config.go, hugolib/site.go). */
#include <strings.h>

#include "hugo_config_int.h"
#include "list_config.h"
#include "yamlutil.h"

/* kind_in: whether disableKinds (seq) names kind, in any case. */
static int kind_in(yaml_document_t *doc, const yaml_node_t *seq,
		   const char *kind)
{
	if (seq == NULL || seq->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		const char *s = yaml_scalar(yaml_document_get_node(doc, *it));

		if (s != NULL && strcasecmp(s, kind) == 0)
			return 1;
	}
	return 0;
}

/* read_kinds: "taxonomy" is the list of terms (/tags/), "term" a term's
 * page (/tags/x/); the old "taxonomyTerm" (before Hugo 0.73) means
 * taxonomy, or with taxonomy beside it, term too (Hugo's newSite). */
static void read_kinds(struct hcfg *h)
{
	struct hsrc *s;
	yaml_node_t *seq = get1(h, "disableKinds", &s);
	int tax, term, old;

	if (seq == NULL)
		return;
	tax = kind_in(&s->doc, seq, "taxonomy");
	term = kind_in(&s->doc, seq, "term");
	old = kind_in(&s->doc, seq, "taxonomyTerm");
	if (old && tax)
		term = 1;
	if (old)
		tax = 1;
	h->cfg->taxonomy_pages = !tax;
	h->cfg->term_pages = !term;
}

void read_list_settings(struct hcfg *h)
{
	struct hsrc *s;
	yaml_node_t *n;

	if ((n = get1(h, "paginate", &s)) != NULL)
		list_config_paginate(h->cfg, s->file, n, "paginate", h->d);
	if ((n = get1(h, "paginatePath", &s)) != NULL)
		list_config_paginate_path(h->cfg, s->file, n, "paginatePath",
					  h->d);
	if ((n = get1(h, "taxonomies", &s)) != NULL)
		list_config_taxonomies(h->cfg, s->file, &s->doc, n,
				       "taxonomies", h->d);
	else if (list_config_add_taxonomy(h->cfg, "tag", "tags") < 0 ||
		 list_config_add_taxonomy(h->cfg, "category",
					  "categories") < 0)
		diag_at(h->d, DIAG_ERROR, h->src[0].file, 0, 0,
			"out of memory");
	read_kinds(h);
}
