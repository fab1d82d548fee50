/* hugo_refuse.c: the Hugo settings that change the paths Hugo writes and
 * that slugindex does not implement. Each is an error naming the key and
 * where it was set, never ignored: the site would be served with other
 * URLs than Hugo's. One table; docs/config.md lists it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hugo_config_int.h"
#include "yamlutil.h"

/* When a setting is refused. */
enum refuse_when {
	REFUSE_SET,		/* all but null, false, 0, "", empty */
	REFUSE_TRUE,		/* true, or a table with a true value */
	REFUSE__MAX
};

static const struct refuse {
	const char *key[2];	/* a path of one or two keys */
	enum refuse_when when;
	const char *why;
} hugo_refused[] = {
	{{"permalinks", NULL}, REFUSE_SET, "not implemented: slugindex gives "
	 "pages Hugo's default paths; remove it, or keep the old URLs as "
	 "aliases or rules"},
	{{"uglyURLs", NULL}, REFUSE_TRUE, "not implemented: slugindex gives "
	 "pages paths ending in '/'"},
	{{"pagination", NULL}, REFUSE_SET, "read by newer Hugo only (0.128 "
	 "and later); Hugo 0.111 ignores it and pages with paginate and "
	 "paginatePath, as slugindex does: set those instead"},
	{{"defaultContentLanguageInSubdir", NULL}, REFUSE_TRUE,
	 "not implemented: the default language is served at /"},
	{{"disablePathToLower", NULL}, REFUSE_TRUE, "not implemented: "
	 "slugindex lower-cases paths as Hugo does by default"},
	{{"removePathAccents", NULL}, REFUSE_TRUE, "not implemented: "
	 "slugindex keeps accents in paths as Hugo does by default"},
	{{"module", "mounts"}, REFUSE_SET, "not implemented: slugindex reads "
	 "contentDir and languages' contentDir only"},
	{{"module", "imports"}, REFUSE_SET, "not implemented: content from "
	 "modules and themes is not read"},
};

/* set_value: whether n is more than null, false, 0, "" or an empty table
 * or list. */
static int set_value(const yaml_node_t *n)
{
	int b;

	if (n->type == YAML_MAPPING_NODE)
		return n->data.mapping.pairs.top > n->data.mapping.pairs.start;
	if (n->type == YAML_SEQUENCE_NODE)
		return n->data.sequence.items.top >
		       n->data.sequence.items.start;
	if (yaml_is_null(n) || *yaml_scalar(n) == '\0' ||
	    strcmp(yaml_scalar(n), "0") == 0)
		return 0;
	return yaml_bool(n, &b) < 0 || b;
}

/* true_value: true, or a table (uglyURLs = { post = true }) holding one. */
static int true_value(yaml_document_t *doc, const yaml_node_t *n)
{
	int b;

	if (n->type != YAML_MAPPING_NODE)
		return yaml_bool(n, &b) == 0 && b;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++)
		if (true_value(doc, yaml_document_get_node(doc, p->value)))
			return 1;
	return 0;
}

/* check_kinds: each of disableKinds is a kind of Hugo's; home, section and
 * page cannot be left out here. */
static void check_kinds(struct hcfg *h, yaml_node_t *seq, struct hsrc *s)
{
	static const char *const known[] = {"taxonomy", "term", "rss",
					    "sitemap", "robotstxt", "404",
					    "taxonomyterm"};

	if (seq->type != YAML_SEQUENCE_NODE) {
		herror(h, s, seq, "disableKinds", "must be a list");
		return;
	}
	for (yaml_node_item_t *it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		yaml_node_t *n = yaml_document_get_node(&s->doc, *it);
		const char *k = yaml_scalar(n);
		size_t i = 0;

		while (k && i < sizeof known / sizeof *known &&
		       strcasecmp(k, known[i]) != 0)
			i++;
		if (k == NULL || i == sizeof known / sizeof *known)
			yaml_report(h->d, DIAG_ERROR, s->file, 1, n,
				    "disableKinds: '%s': leaving out home, "
				    "section or page is not implemented (or "
				    "not a kind of Hugo's)", k ? k : "?");
	}
}

/* check_disabled_kinds: disableKinds, when set, must be a list of kinds
 * slugindex can leave out. */
static void check_disabled_kinds(struct hcfg *h)
{
	struct hsrc *ks = NULL;
	yaml_node_t *kinds = get1(h, "disableKinds", &ks);

	if (kinds != NULL)
		check_kinds(h, kinds, ks);
}

/* warn_outputs: Hugo's outputs (and outputFormats) add files slugserve
 * does not serve (index.json, AMP copies); the pages' paths stay. */
static void warn_outputs(struct hcfg *h)
{
	static const char *const keys[] = {"outputs", "outputFormats"};

	for (size_t i = 0; i < 2; i++) {
		struct hsrc *s;
		yaml_node_t *n = get1(h, keys[i], &s);

		if (n != NULL && set_value(n))
			yaml_report(h->d, DIAG_WARNING, s->file, 1, n, "%s: "
				    "Hugo also writes these output formats; "
				    "slugserve serves the HTML pages only",
				    keys[i]);
	}
}

void refuse_unimplemented(struct hcfg *h)
{
	size_t nrefused = sizeof hugo_refused / sizeof *hugo_refused;

	for (size_t i = 0; i < nrefused; i++) {
		const struct refuse *r = &hugo_refused[i];
		struct hsrc *s;
		yaml_node_t *n = r->key[1] ? get2(h, r->key[0], r->key[1], &s)
					   : get1(h, r->key[0], &s);
		char key[80];

		if (n == NULL || !(r->when == REFUSE_SET ? set_value(n)
				   : true_value(&s->doc, n)))
			continue;
		snprintf(key, sizeof key, "%s%s%s", r->key[0],
			 r->key[1] ? "." : "", r->key[1] ? r->key[1] : "");
		herror(h, s, n, key, r->why);
	}
	check_disabled_kinds(h);
	warn_outputs(h);
}
