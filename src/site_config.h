/* site_config.h: the site config (YAML, read with libyaml): site title, base URL,
 * layout, alias mode, cache header and the content folders with their
 * languages and path prefixes. Every key and its default is documented in
 * docs/config.md; unknown keys (but x_*) and wrong types are errors. */
#ifndef SLUG_SITE_CONFIG_H
#define SLUG_SITE_CONFIG_H

#include <stddef.h>

#include <yaml.h>

#include "diag.h"
#include "index.h"

struct content_dir {
	char *dir;		/* owned; resolved against the config's folder */
	char *title;		/* owned: the language's site title, or NULL */
	char *lang;		/* owned; "" when unset */
	char *prefix;		/* owned; "" or "/xx" (no trailing '/') */
};

/* A taxonomy (Hugo's [taxonomies] singular = "plural"): its pages are
 * /PLURAL/ and /PLURAL/TERM/ under each language prefix. */
struct taxonomy_config {
	char *singular;		/* owned */
	char *plural;		/* owned: a path segment */
};

/* A legacy rule as written in the config (see docs/rules.md). */
struct rule_config {
	char *match;		/* owned: PCRE2 pattern */
	char *to;		/* owned: target with $1, ${name} */
	enum rule_action action;
	int query;		/* match "path?query" */
	const char *file;	/* borrowed: the config, or a rules file */
	unsigned long line, col;	/* of the entry, for messages */
};

/* An old address made an alias of the page at to ("- alias: SOURCE"
 * among the rules, as slugindex import writes exact redirects). */
struct alias_config {
	char *source;		/* owned: a raw path, maybe with "?query" */
	char *to;		/* owned: the page's path */
	const char *file;	/* borrowed: where it was written */
	unsigned long line, col;
};

/* How a path two pages claim as an alias is settled (alias_conflicts). */
enum alias_conflicts {
	ALIAS_CONFLICTS_ERROR,	/* refuse the site (the default) */
	ALIAS_CONFLICTS_HUGO,	/* the page whose alias file Hugo writes last */
	ALIAS_CONFLICTS__MAX
};

struct site_config {
	char *file;		/* owned: the config's path */
	char *title;
	char *base_url;		/* without a trailing '/' */
	char *layout;		/* resolved path, or NULL for the built-in one */
	char *cache_control;	/* "" for no header */
	char *notfound_title;
	char *notfound_body;	/* HTML */
	enum alias_mode alias_mode;
	struct content_dir *dirs;
	size_t ndirs;
	struct rule_config *rules;	/* the config's, then each file's */
	size_t nrules;
	struct alias_config *aliases;	/* owned */
	size_t naliases;
	char **rule_files;	/* owned: included rules files, resolved */
	size_t nrule_files;
	int archives;		/* /YYYY/, /YYYY/MM/, /YYYY/MM/DD/ pages */
	int feeds;		/* an Atom feed per language, and /feed/ */
	int sitemap;		/* /sitemap.xml */
	int md_unsafe;		/* raw HTML in Markdown kept (else omitted) */
	struct taxonomy_config *taxonomies;	/* owned (taxonomy.c) */
	size_t ntaxonomies;
	int taxonomy_pages;	/* /tags/: Hugo's kind "taxonomy" */
	int term_pages;		/* /tags/x/: Hugo's kind "term" */
	unsigned paginate;	/* pages per pager (/page/N/) */
	char *paginate_path;	/* the "page" of /page/N/ */
	enum alias_conflicts alias_conflicts;
};

/* config_load: read the config at path into *cfg (zeroed first, defaults
 * filled in): a site.yml, or a Hugo config file or site folder (see
 * hugo_config.h). Returns 0, or -1 after reporting every problem. Release
 * with config_free() in both cases. */
int config_load(const char *path, struct site_config *cfg, struct diag *d);

/* config_init: zero *cfg and fill in the defaults, with file as its name.
 * Returns 0, or -1 when memory ran out (config_free() still applies). */
int config_init(struct site_config *cfg, const char *path);

/* config_read_table: read slugserve's own settings from table (a mapping
 * node of doc, read from file) into cfg, as the keys of a site.yml but
 * title, base_url and content, which a Hugo config gives. Paths resolve
 * against base_dir. Problems are reported through d. */
void config_read_table(struct site_config *cfg, const char *file,
		       yaml_document_t *doc, const yaml_node_t *table,
		       const char *base_dir, struct diag *d);

/* config_add_dir: add a content folder given on the command line (no
 * language, no prefix), replacing those of the file when it is the first. */
int config_add_dir(struct site_config *cfg, const char *dir, int first);

/* config_read_key: read node n as the site.yml key key (its checks, its
 * defaults), naming it name in messages (the Hugo spelling, "baseURL").
 * Returns -1 when key is not a site.yml key. */
int config_read_key(struct site_config *cfg, const char *file,
		    yaml_document_t *doc, const yaml_node_t *n,
		    const char *key, const char *name, const char *base_dir,
		    struct diag *d);

void config_free(struct site_config *cfg);

#endif
