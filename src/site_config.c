/* site_config.c: read the site config (see site_config.h and docs/config.md). The
 * keys are one table; each has a reader that checks its type and value. */
#include <ctype.h>
#include <libgen.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "site_config.h"
#include "hugo_config.h"
#include "list_config.h"
#include "readfile.h"
#include "rules.h"
#include "suggest.h"
#include "yamlutil.h"

#define CONFIG_MAX (1 << 20)
#define RULES_FILE_MAX (64 << 20)	/* an imported list can be long */

struct cfg_ctx {
	struct site_config *cfg;
	const char *file;	/* the file being read: messages name it */
	yaml_document_t *doc;
	const char *base_dir;
	struct diag *d;
	const char *where;	/* "" or "params.slugserve: " */
	int hugo;		/* the table of a Hugo config */
};

/* pair_nodes: the key and value nodes of a mapping pair; returns the key's
 * text, or "" when the key is not a scalar. */
static const char *pair_nodes(const struct cfg_ctx *c, const yaml_node_pair_t *p,
			      yaml_node_t **kn, yaml_node_t **vn)
{
	*kn = yaml_document_get_node(c->doc, p->key);
	*vn = yaml_document_get_node(c->doc, p->value);
	return yaml_scalar(*kn) ? yaml_scalar(*kn) : "";
}

static void cfg_error(struct cfg_ctx *c, const yaml_node_t *n,
		      const char *key, const char *what)
{
	yaml_report(c->d, DIAG_ERROR, c->file, 1, n, "%s: %s", key, what);
}

/* unknown_key: an error at the key, with the closest of known[0..n) when
 * it is close enough to be a slip; where is "" or "content: ". Keys that
 * start with x_ are the operator's own (docs/config.md) and pass. */
static void unknown_key(struct cfg_ctx *c, const yaml_node_t *kn,
			const char *where, const char *k,
			const char *const *known, size_t n)
{
	const char *near;

	if (strncmp(k, "x_", 2) == 0)
		return;
	near = suggest_closest(k, known, n);
	if (near != NULL)
		yaml_report(c->d, DIAG_ERROR, c->file, 1, kn,
			    "%sunknown key '%s' (did you mean '%s'?)", where,
			    k, near);
	else
		yaml_report(c->d, DIAG_ERROR, c->file, 1, kn,
			    "%sunknown key '%s' (keys of your own start with "
			    "x_)", where, k);
}

/* A value that ends up in a response header (http.h's one rule). */
static int header_safe(const char *s)
{
	return http_value_safe(s, strlen(s));
}

static int set_str(struct cfg_ctx *c, const yaml_node_t *n, const char *key,
		   char **dst)
{
	const char *s = yaml_scalar(n);

	if (s == NULL) {
		cfg_error(c, n, key, "must be a string");
		return -1;
	}
	free(*dst);
	*dst = strdup(yaml_is_null(n) ? "" : s);
	return *dst ? 0 : -1;
}

/* Join a path from the config with the config's folder, unless absolute. */
static char *resolve(const char *base_dir, const char *path)
{
	size_t n;
	char *out;

	if (path[0] == '/')
		return strdup(path);
	n = strlen(base_dir) + strlen(path) + 2;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%s/%s", base_dir, path);
	return out;
}

static void key_title(struct cfg_ctx *c, const yaml_node_t *n, const char *k)
{
	set_str(c, n, k, &c->cfg->title);
}

static void key_base_url(struct cfg_ctx *c, const yaml_node_t *n,
			 const char *k)
{
	char *u;
	size_t len;

	if (set_str(c, n, k, &c->cfg->base_url) < 0)
		return;
	u = c->cfg->base_url;
	if ((*u && strncmp(u, "http://", 7) != 0 &&
	     strncmp(u, "https://", 8) != 0) || !header_safe(u) ||
	    strpbrk(u, " ?#") != NULL) {
		cfg_error(c, n, k, "must be an http:// or https:// URL "
			  "without spaces, query or fragment");
		return;
	}
	len = strlen(u);
	while (len > 0 && u[len - 1] == '/')
		u[--len] = '\0';
}

static void key_layout(struct cfg_ctx *c, const yaml_node_t *n, const char *k)
{
	char *rel = NULL;

	if (set_str(c, n, k, &rel) < 0)
		return;
	free(c->cfg->layout);
	c->cfg->layout = *rel ? resolve(c->base_dir, rel) : NULL;
	free(rel);
}

static void key_alias_mode(struct cfg_ctx *c, const yaml_node_t *n,
			   const char *k)
{
	const char *s = yaml_scalar(n);

	for (int m = 0; s && m < ALIAS__MAX; m++)
		if (strcmp(s, alias_mode_names[m]) == 0) {
			c->cfg->alias_mode = (enum alias_mode)m;
			return;
		}
	cfg_error(c, n, k, "must be serve, 301 or 308");
}

static void key_alias_conflicts(struct cfg_ctx *c, const yaml_node_t *n,
				const char *k)
{
	static const char *const names[ALIAS_CONFLICTS__MAX] = {"error",
								 "hugo"};
	const char *s = yaml_scalar(n);

	for (int m = 0; s && m < ALIAS_CONFLICTS__MAX; m++)
		if (strcmp(s, names[m]) == 0) {
			c->cfg->alias_conflicts = (enum alias_conflicts)m;
			return;
		}
	cfg_error(c, n, k, "must be error or hugo");
}

static void key_cache_control(struct cfg_ctx *c, const yaml_node_t *n,
			      const char *k)
{
	if (set_str(c, n, k, &c->cfg->cache_control) == 0 &&
	    !header_safe(c->cfg->cache_control))
		cfg_error(c, n, k, "must be printable ASCII on one line");
}

static void key_nf_title(struct cfg_ctx *c, const yaml_node_t *n,
			 const char *k)
{
	set_str(c, n, k, &c->cfg->notfound_title);
}

static void key_nf_body(struct cfg_ctx *c, const yaml_node_t *n,
			const char *k)
{
	set_str(c, n, k, &c->cfg->notfound_body);
}

static int valid_lang(const char *s)
{
	size_t n = strlen(s);

	if (n > 35)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/* "" or "/seg[/seg...]" of URL-safe letters; a trailing '/' is dropped. */
static int valid_prefix(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == '/')
		s[--n] = '\0';
	if (n == 0)
		return 1;
	if (s[0] != '/')
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i] == '/' && s[i - 1] == '/')
			return 0;
		if (!isalnum((unsigned char)s[i]) && !strchr("/-_.~", s[i]))
			return 0;
	}
	/* n >= 2 here (s starts with '/' and is not "/"); "/x" has no 3 */
	return !strstr(s, "/./") && !strstr(s, "/../") &&
	       strcmp(s + n - 2, "/.") != 0 &&
	       (n < 3 || strcmp(s + n - 3, "/..") != 0);
}

static void content_item(struct cfg_ctx *c, const yaml_node_t *item,
			 struct content_dir *cd)
{
	yaml_node_pair_t *p;
	char *dir = NULL;

	if (item->type != YAML_MAPPING_NODE) {
		cfg_error(c, item, "content", "each entry must be a mapping "
			  "with dir, and optionally lang and prefix");
		return;
	}
	for (p = item->data.mapping.pairs.start;
	     p < item->data.mapping.pairs.top; p++) {
		yaml_node_t *kn, *vn;
		const char *k = pair_nodes(c, p, &kn, &vn);

		if (strcmp(k, "dir") == 0)
			set_str(c, vn, k, &dir);
		else if (strcmp(k, "lang") == 0) {
			if (set_str(c, vn, k, &cd->lang) == 0 &&
			    !valid_lang(cd->lang))
				cfg_error(c, vn, k, "must be a language tag "
					  "such as en or fr-CA");
		} else if (strcmp(k, "prefix") == 0) {
			if (set_str(c, vn, k, &cd->prefix) == 0 &&
			    !valid_prefix(cd->prefix))
				cfg_error(c, vn, k, "must be a path such as "
					  "/fr, of letters, digits, - _ . ~");
		} else {
			static const char *const known[] = {"dir", "lang",
							    "prefix"};

			unknown_key(c, kn, "content: ", k, known, 3);
		}
	}
	if (dir == NULL || *dir == '\0')
		cfg_error(c, item, "content", "an entry has no dir");
	else
		cd->dir = resolve(c->base_dir, dir);
	free(dir);
}

static void free_dirs(struct site_config *cfg);
static void free_rules(struct site_config *cfg);

static void key_content(struct cfg_ctx *c, const yaml_node_t *n,
			const char *k)
{
	yaml_node_item_t *it;
	size_t count;

	if (n->type != YAML_SEQUENCE_NODE) {
		cfg_error(c, n, k, "must be a list of folders");
		return;
	}
	count = (size_t)(n->data.sequence.items.top -
			 n->data.sequence.items.start);
	/* a second "content:" replaces the first, as for any other key */
	free_dirs(c->cfg);
	free(c->cfg->dirs);
	c->cfg->dirs = calloc(count ? count : 1, sizeof *c->cfg->dirs);
	if (c->cfg->dirs == NULL)
		return;
	for (it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		struct content_dir *cd = &c->cfg->dirs[c->cfg->ndirs++];

		content_item(c, yaml_document_get_node(c->doc, *it), cd);
		if (cd->lang == NULL)
			cd->lang = strdup("");
		if (cd->prefix == NULL)
			cd->prefix = strdup("");
	}
}

static void set_bool(struct cfg_ctx *c, const yaml_node_t *n, const char *k,
		     int *dst)
{
	if (yaml_bool(n, dst) < 0)
		cfg_error(c, n, k, "must be true or false");
}

static void key_archives(struct cfg_ctx *c, const yaml_node_t *n,
			 const char *k)
{
	set_bool(c, n, k, &c->cfg->archives);
}

static void key_feeds(struct cfg_ctx *c, const yaml_node_t *n, const char *k)
{
	set_bool(c, n, k, &c->cfg->feeds);
}

static void key_sitemap(struct cfg_ctx *c, const yaml_node_t *n,
			const char *k)
{
	set_bool(c, n, k, &c->cfg->sitemap);
}

static void key_paginate(struct cfg_ctx *c, const yaml_node_t *n,
			 const char *k)
{
	list_config_paginate(c->cfg, c->file, n, k, c->d);
}

static void key_paginate_path(struct cfg_ctx *c, const yaml_node_t *n,
			      const char *k)
{
	list_config_paginate_path(c->cfg, c->file, n, k, c->d);
}

static void key_taxonomies(struct cfg_ctx *c, const yaml_node_t *n,
			   const char *k)
{
	list_config_taxonomies(c->cfg, c->file, c->doc, n, k, c->d);
}

static void rule_action(struct cfg_ctx *c, const yaml_node_t *n,
			struct rule_config *r)
{
	const char *s = yaml_scalar(n);

	for (int a = 0; s && a < RULE__MAX; a++)
		if (strcmp(s, rule_action_names[a]) == 0) {
			r->action = (enum rule_action)a;
			return;
		}
	cfg_error(c, n, "action", "must be serve, 301, 302, 307, 308 or 410");
}

/* One rule: match, to, action, query; then compile it to report errors. */
static void rule_item(struct cfg_ctx *c, const yaml_node_t *item,
		      struct rule_config *r, size_t idx)
{
	yaml_node_pair_t *p;
	char why[320];

	r->action = RULE_301;
	r->file = c->file;
	r->line = item->start_mark.line + 1;
	r->col = item->start_mark.column + 1;
	if (item->type != YAML_MAPPING_NODE) {
		cfg_error(c, item, "rules", "each rule must be a mapping with "
			  "match, to and action");
		return;
	}
	for (p = item->data.mapping.pairs.start;
	     p < item->data.mapping.pairs.top; p++) {
		yaml_node_t *kn, *vn;
		const char *k = pair_nodes(c, p, &kn, &vn);

		if (strcmp(k, "match") == 0)
			set_str(c, vn, k, &r->match);
		else if (strcmp(k, "to") == 0)
			set_str(c, vn, k, &r->to);
		else if (strcmp(k, "action") == 0)
			rule_action(c, vn, r);
		else if (strcmp(k, "query") == 0)
			set_bool(c, vn, k, &r->query);
		else {
			static const char *const known[] = {"match", "to",
							    "action", "query"};

			unknown_key(c, kn, "rules: ", k, known, 4);
		}
	}
	if (r->to == NULL)
		r->to = strdup("");
	if (r->match == NULL || *r->match == '\0')
		cfg_error(c, item, "rules", "a rule has no match pattern");
	else if (r->to != NULL && *r->to == '\0' && r->action != RULE_410)
		cfg_error(c, item, "rules", "a rule has no target ('to'); "
			  "only action 410 needs none");
	else if (rule_check(r->match, r->to ? r->to : "", why, sizeof why) < 0)
		diag_at(c->d, DIAG_ERROR, c->file, r->line, r->col,
			"rules[%zu] '%s': %s", idx + 1, r->match, why);
}

/* add_rule: one more rule from item (of c's file), at the end. */
static void add_rule(struct cfg_ctx *c, const yaml_node_t *item)
{
	struct rule_config *r = realloc(c->cfg->rules, (c->cfg->nrules + 2) *
					sizeof *r);
	size_t i = c->cfg->nrules;

	if (r == NULL) {
		diag_at(c->d, DIAG_ERROR, c->file, 0, 0, "out of memory");
		return;
	}
	c->cfg->rules = r;
	memset(&r[i], 0, sizeof r[i]);
	c->cfg->nrules++;
	rule_item(c, item, &r[i], i);
}

/* add_alias: "- alias: SOURCE, to: PAGE" (slugindex site.c makes it an
 * alias of that page, checked against every other path). */
static void add_alias(struct cfg_ctx *c, const yaml_node_t *item)
{
	struct alias_config *a = realloc(c->cfg->aliases,
					 (c->cfg->naliases + 1) * sizeof *a);
	yaml_node_pair_t *p;

	if (a == NULL) {
		diag_at(c->d, DIAG_ERROR, c->file, 0, 0, "out of memory");
		return;
	}
	c->cfg->aliases = a;
	a += c->cfg->naliases++;
	*a = (struct alias_config){ NULL, NULL, c->file,
				    item->start_mark.line + 1,
				    item->start_mark.column + 1 };
	for (p = item->data.mapping.pairs.start;
	     p < item->data.mapping.pairs.top; p++) {
		yaml_node_t *kn, *vn;
		const char *k = pair_nodes(c, p, &kn, &vn);
		static const char *const known[] = {"alias", "to"};

		if (strcmp(k, "alias") == 0)
			set_str(c, vn, k, &a->source);
		else if (strcmp(k, "to") == 0)
			set_str(c, vn, k, &a->to);
		else
			unknown_key(c, kn, "alias: ", k, known, 2);
	}
	if (a->source == NULL || a->source[0] != '/' || a->to == NULL ||
	    a->to[0] != '/')
		cfg_error(c, item, "alias", "needs a path ('/...') and the "
			  "page it names ('to: /...')");
}

/* is_alias: an item "- alias: ..." rather than a rule. */
static int is_alias(struct cfg_ctx *c, const yaml_node_t *item)
{
	yaml_node_t *kn, *vn;

	return item->type == YAML_MAPPING_NODE &&
	       item->data.mapping.pairs.top > item->data.mapping.pairs.start &&
	       strcmp(pair_nodes(c, item->data.mapping.pairs.start, &kn, &vn),
		      "alias") == 0;
}

/* include_of: the file an item "- include: FILE" names, else NULL. */
static const yaml_node_t *include_of(struct cfg_ctx *c,
				     const yaml_node_t *item)
{
	yaml_node_t *kn, *vn;

	if (item->type != YAML_MAPPING_NODE ||
	    item->data.mapping.pairs.top - item->data.mapping.pairs.start != 1 ||
	    strcmp(pair_nodes(c, item->data.mapping.pairs.start, &kn, &vn),
		   "include") != 0)
		return NULL;
	return vn;
}

/* load_rules_file: the rules of path, a YAML list of rules (slugindex
 * import writes such files), where its include item stands. */
static void load_rules_file(struct cfg_ctx *parent, const char *path)
{
	struct cfg_ctx c = *parent;
	yaml_document_t doc;
	yaml_node_t *root;
	yaml_node_item_t *it;
	char *text = NULL;
	size_t len;

	c.file = path;
	c.doc = &doc;
	if (read_file(path, RULES_FILE_MAX, &text, &len, c.d) < 0 ||
	    yaml_load(&doc, text, len, path, 1, c.d) < 0) {
		free(text);
		return;
	}
	root = yaml_document_get_root_node(&doc);
	if (root != NULL && root->type == YAML_SEQUENCE_NODE)
		for (it = root->data.sequence.items.start;
		     it < root->data.sequence.items.top; it++) {
			const yaml_node_t *item =
				yaml_document_get_node(&doc, *it);

			if (include_of(&c, item) != NULL)
				cfg_error(&c, item, "include", "a rules file "
					  "cannot include another");
			else if (is_alias(&c, item))
				add_alias(&c, item);
			else
				add_rule(&c, item);
		}
	else if (root != NULL && !yaml_is_null(root))
		diag_at(c.d, DIAG_ERROR, path, 1, 1, "a rules file must be a "
			"list of rules (match, to, action, query)");
	yaml_document_delete(&doc);
	free(text);
}

/* include: "- include: FILE" among the rules: FILE's rules, there. */
static void include(struct cfg_ctx *c, const yaml_node_t *f)
{
	const char *s = yaml_scalar(f);
	char **files, *path;

	if (s == NULL || *s == '\0') {
		cfg_error(c, f, "include", "must name a rules file");
		return;
	}
	files = realloc(c->cfg->rule_files, (c->cfg->nrule_files + 1) *
			sizeof *files);
	if (files == NULL || (path = resolve(c->base_dir, s)) == NULL) {
		if (files != NULL)
			c->cfg->rule_files = files;
		diag_at(c->d, DIAG_ERROR, c->file, 0, 0, "out of memory");
		return;
	}
	c->cfg->rule_files = files;
	files[c->cfg->nrule_files++] = path;
	load_rules_file(c, path);
}

static void key_rules(struct cfg_ctx *c, const yaml_node_t *n, const char *k)
{
	yaml_node_item_t *it;

	if (n->type != YAML_SEQUENCE_NODE) {
		if (!yaml_is_null(n))
			cfg_error(c, n, k, "must be a list of rules");
		return;
	}
	free_rules(c->cfg);	/* a second "rules:" replaces the first */
	for (it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		const yaml_node_t *item = yaml_document_get_node(c->doc, *it);
		const yaml_node_t *f = include_of(c, item);

		if (f != NULL)
			include(c, f);
		else if (is_alias(c, item))
			add_alias(c, item);
		else
			add_rule(c, item);
	}
}

static const struct cfg_key {
	const char *name;
	void (*read)(struct cfg_ctx *, const yaml_node_t *, const char *);
} cfg_keys[] = {
	{"title", key_title},
	{"base_url", key_base_url},
	{"layout", key_layout},
	{"alias_mode", key_alias_mode},
	{"alias_conflicts", key_alias_conflicts},
	{"cache_control", key_cache_control},
	{"not_found_title", key_nf_title},
	{"not_found_body", key_nf_body},
	{"content", key_content},
	{"rules", key_rules},
	{"archives", key_archives},
	{"feeds", key_feeds},
	{"sitemap", key_sitemap},
	{"paginate", key_paginate},
	{"paginate_path", key_paginate_path},
	{"taxonomies", key_taxonomies},
};

static int set_defaults(struct site_config *cfg)
{
	cfg->title = strdup("");
	cfg->base_url = strdup("");
	cfg->cache_control = strdup("public, max-age=300");
	cfg->notfound_title = strdup("Page not found");
	cfg->notfound_body = strdup("<p>There is no page at this address. "
				    "<a href=\"/\">Go to the home page</a>."
				    "</p>");
	cfg->alias_mode = ALIAS_SERVE;
	cfg->md_unsafe = 1;
	cfg->archives = cfg->feeds = cfg->sitemap = 1;
	cfg->paginate = 10;	/* Hugo 0.111's default */
	cfg->paginate_path = strdup("page");
	cfg->taxonomy_pages = cfg->term_pages = 1;
	return cfg->paginate_path && cfg->title && cfg->base_url && cfg->cache_control &&
	       cfg->notfound_title && cfg->notfound_body ? 0 : -1;
}

#define CFG_NKEYS (sizeof cfg_keys / sizeof cfg_keys[0])

/* from_hugo: in a Hugo config's slugserve table, a key that the Hugo
 * config itself gives (title, base_url, content) is refused, naming it. */
static int from_hugo(struct cfg_ctx *c, const yaml_node_t *kn, const char *k)
{
	static const struct {
		const char *key, *hugo;
	} own[] = {
		{"title", "title"},
		{"base_url", "baseURL"},
		{"content", "contentDir and languages"},
		{"paginate", "paginate"},
		{"paginate_path", "paginatePath"},
		{"taxonomies", "taxonomies"},
	};

	for (size_t i = 0; c->hugo && i < sizeof own / sizeof own[0]; i++)
		if (strcmp(k, own[i].key) == 0) {
			yaml_report(c->d, DIAG_ERROR, c->file, 1, kn,
				    "%s%s: set by the Hugo config's %s, not "
				    "here", c->where, k, own[i].hugo);
			return 1;
		}
	return 0;
}

static void read_keys(struct cfg_ctx *c, const yaml_node_t *root)
{
	const char *names[CFG_NKEYS];
	yaml_node_pair_t *p;

	for (size_t i = 0; i < CFG_NKEYS; i++)
		names[i] = cfg_keys[i].name;
	for (p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *kn, *vn;
		const char *k = pair_nodes(c, p, &kn, &vn);
		size_t i;

		for (i = 0; i < CFG_NKEYS; i++)
			if (strcmp(k, cfg_keys[i].name) == 0)
				break;
		if (from_hugo(c, kn, k))
			continue;
		if (i < CFG_NKEYS)
			cfg_keys[i].read(c, vn, k);
		else
			unknown_key(c, kn, c->where, k, names, CFG_NKEYS);
	}
}

int config_init(struct site_config *cfg, const char *path)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->file = strdup(path);
	return cfg->file != NULL && set_defaults(cfg) == 0 ? 0 : -1;
}

void config_read_table(struct site_config *cfg, const char *file,
		       yaml_document_t *doc, const yaml_node_t *table,
		       const char *base_dir, struct diag *d)
{
	struct cfg_ctx c = {.cfg = cfg, .file = file, .doc = doc,
			    .base_dir = base_dir, .d = d,
			    .where = "params.slugserve: ", .hugo = 1};

	if (table->type != YAML_MAPPING_NODE)
		yaml_report(d, DIAG_ERROR, file, 1, table, "params.slugserve: "
			    "must be a table of slugserve's settings");
	else
		read_keys(&c, table);
}

int config_read_key(struct site_config *cfg, const char *file,
		    yaml_document_t *doc, const yaml_node_t *n,
		    const char *key, const char *name, const char *base_dir,
		    struct diag *d)
{
	struct cfg_ctx c = {.cfg = cfg, .file = file, .doc = doc,
			    .base_dir = base_dir, .d = d, .where = ""};

	for (size_t i = 0; i < CFG_NKEYS; i++)
		if (strcmp(key, cfg_keys[i].name) == 0) {
			cfg_keys[i].read(&c, n, name);
			return 0;
		}
	return -1;
}

int config_load(const char *path, struct site_config *cfg, struct diag *d)
{
	unsigned errors = d->errors;
	yaml_document_t doc;
	yaml_node_t *root;
	char *text = NULL, *copy = NULL;
	size_t len;
	struct cfg_ctx c = {.cfg = cfg, .doc = &doc, .d = d, .where = ""};

	if (hugo_config_wanted(path))
		return hugo_config_load(path, cfg, d);
	copy = strdup(path);
	if (config_init(cfg, path) < 0 || copy == NULL) {
		diag_at(d, DIAG_ERROR, path, 0, 0, "out of memory");
		goto out;
	}
	c.base_dir = dirname(copy);
	c.file = cfg->file;
	if (read_file(path, CONFIG_MAX, &text, &len, d) < 0 ||
	    yaml_load(&doc, text, len, path, 1, d) < 0)
		goto out;
	root = yaml_document_get_root_node(&doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE)
		diag_at(d, DIAG_ERROR, path, 1, 1,
			"the site config must be a mapping of keys to values");
	else
		read_keys(&c, root);
	yaml_document_delete(&doc);
out:
	free(text);
	free(copy);
	return d->errors > errors ? -1 : 0;
}

static void free_dirs(struct site_config *cfg)
{
	for (size_t i = 0; i < cfg->ndirs; i++) {
		free(cfg->dirs[i].dir);
		free(cfg->dirs[i].title);
		free(cfg->dirs[i].lang);
		free(cfg->dirs[i].prefix);
	}
	cfg->ndirs = 0;
}

static void free_rules(struct site_config *cfg)
{
	for (size_t i = 0; i < cfg->nrules; i++) {
		free(cfg->rules[i].match);
		free(cfg->rules[i].to);
	}
	free(cfg->rules);
	cfg->rules = NULL;
	cfg->nrules = 0;
}

static void free_rule_files(struct site_config *cfg)
{
	for (size_t i = 0; i < cfg->naliases; i++) {
		free(cfg->aliases[i].source);
		free(cfg->aliases[i].to);
	}
	free(cfg->aliases);
	cfg->aliases = NULL;
	cfg->naliases = 0;
	for (size_t i = 0; i < cfg->nrule_files; i++)
		free(cfg->rule_files[i]);
	free(cfg->rule_files);
	cfg->rule_files = NULL;
	cfg->nrule_files = 0;
}

int config_add_dir(struct site_config *cfg, const char *dir, int first)
{
	struct content_dir *dirs;

	if (first)
		free_dirs(cfg);
	dirs = realloc(cfg->dirs, (cfg->ndirs + 1) * sizeof *dirs);
	if (dirs == NULL)
		return -1;
	cfg->dirs = dirs;
	dirs[cfg->ndirs].dir = strdup(dir);
	dirs[cfg->ndirs].title = NULL;
	dirs[cfg->ndirs].lang = strdup("");
	dirs[cfg->ndirs].prefix = strdup("");
	cfg->ndirs++;
	return dirs[cfg->ndirs - 1].dir && dirs[cfg->ndirs - 1].lang &&
	       dirs[cfg->ndirs - 1].prefix ? 0 : -1;
}

void config_free(struct site_config *cfg)
{
	char **strs[] = {&cfg->file, &cfg->title, &cfg->base_url, &cfg->layout,
			 &cfg->cache_control, &cfg->notfound_title,
			 &cfg->notfound_body};

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(*strs[i]);
	free_dirs(cfg);
	free(cfg->dirs);
	free_rules(cfg);
	free_rule_files(cfg);
	list_config_free(cfg);
	memset(cfg, 0, sizeof *cfg);
}
