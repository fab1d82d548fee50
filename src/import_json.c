/* import_json.c: the WordPress Redirection plugin's JSON export
 * ({"plugin": ..., "groups": [...], "redirects": [...]}, each redirect as
 * its Red_Item::to_json writes it: url, regex, action_code, action_type,
 * action_data {url}, match_type, match_data {source {flag_case,
 * flag_query}}, enabled). JSON is read by libyaml, as front matter is.
 * Only redirects that match the URL alone (match_type "url") can be
 * rules; those on login, referrer, agent, cookie, ... are reported. */
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "yamlutil.h"

/* get: the value of key in mapping n, or NULL. */
static yaml_node_t *get(yaml_document_t *doc, const yaml_node_t *n,
			const char *key)
{
	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		const char *k = yaml_scalar(yaml_document_get_node(doc, p->key));

		if (k != NULL && strcmp(k, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static const char *str(yaml_document_t *doc, const yaml_node_t *n,
		       const char *key, const char *dflt)
{
	const char *s = yaml_scalar(get(doc, n, key));

	return s ? s : dflt;
}

static int flag(yaml_document_t *doc, const yaml_node_t *n, const char *key)
{
	int b = 0;

	return yaml_bool(get(doc, n, key), &b) == 0 && b;
}

/* action: what the redirect does; -1 after reporting it cannot be. */
static int action(struct import *im, yaml_document_t *doc,
		  const yaml_node_t *r, const char *url, const char *file,
		  unsigned long line, enum rule_action *out)
{
	const char *type = str(doc, r, "action_type", "url");
	const char *code_s = str(doc, r, "action_code", "301");
	long code;

	if (strcmp(type, "pass") == 0) {
		*out = RULE_SERVE;	/* pass-through: the target, served */
		return 0;
	}
	if (strcmp(type, "url") != 0 && strcmp(type, "error") != 0) {
		import_skip(im, file, line, "'%s': action '%s' is not a "
			    "redirect", url, type);
		return -1;
	}
	if (import_number(code_s, &code) < 0) {
		import_skip(im, file, line, "'%s': action_code '%s' is not a "
			    "number", url, code_s);
		return -1;
	}
	if (import_code(code, out) < 0) {
		import_skip(im, file, line, "'%s': status %ld is not one "
			    "slugserve sends (301, 302, 307, 308, 410)", url,
			    code);
		return -1;
	}
	return 0;
}

static void redirect(struct import *im, yaml_document_t *doc,
		     const yaml_node_t *r, const char *file)
{
	unsigned long line = r->start_mark.line + 1;
	const char *url = str(doc, r, "url", ""), *why, *target;
	const yaml_node_t *src = get(doc, get(doc, r, "match_data"), "source");
	const yaml_node_t *data = get(doc, r, "action_data");
	int regex = flag(doc, r, "regex");
	enum rule_action act;
	struct buf to = {0};

	if (*url == '\0' || yaml_is_null(get(doc, r, "url"))) {
		import_skip(im, file, line, "a redirect without a url");
		return;
	}
	if (get(doc, r, "enabled") != NULL && !flag(doc, r, "enabled")) {
		import_skip(im, file, line, "'%s' is disabled in Redirection",
			    url);
		return;
	}
	if (strcmp(str(doc, r, "match_type", "url"), "url") != 0) {
		import_skip(im, file, line, "'%s' depends on '%s', not on the "
			    "URL alone", url, str(doc, r, "match_type", ""));
		return;
	}
	if (action(im, doc, r, url, file, line, &act) < 0)
		return;
	target = yaml_scalar(data) ? yaml_scalar(data)
				   : str(doc, data, "url", "");
	if (act != RULE_410 &&
	    import_target(im, target, regex, &to, &why) < 0) {
		import_skip(im, file, line, "'%s': target '%s' %s", url, target,
			    why);
	} else if (regex)
		import_regex(im, url, flag(doc, src, "flag_case"), 0, 1,
			     buf_cstr(&to), act, file, line);
	else if (strcmp(str(doc, src, "flag_query", "exact"), "exact") != 0 &&
		 strchr(url, '?') != NULL)
		import_skip(im, file, line, "'%s': a query matched other than "
			    "exactly", url);
	else
		import_exact(im, url, buf_cstr(&to), act, file, line);
	buf_free(&to);
}

int import_redirection_json(struct import *im, const char *file,
			    const char *text, size_t len)
{
	yaml_document_t doc;
	yaml_node_t *list;

	if (yaml_load(&doc, text, len, file, 1, im->d) < 0)
		return -1;
	list = get(&doc, yaml_document_get_root_node(&doc), "redirects");
	if (list == NULL || list->type != YAML_SEQUENCE_NODE) {
		diag_at(im->d, DIAG_ERROR, file, 1, 1, "not a Redirection "
			"export: no list of \"redirects\"");
		yaml_document_delete(&doc);
		return -1;
	}
	for (yaml_node_item_t *it = list->data.sequence.items.start;
	     it < list->data.sequence.items.top; it++)
		redirect(im, &doc, yaml_document_get_node(&doc, *it), file);
	yaml_document_delete(&doc);
	return 0;
}
