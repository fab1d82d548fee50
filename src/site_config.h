/* site_config.h: the site config (YAML, read with libyaml): site title, base URL,
 * layout, alias mode, cache header and the content folders with their
 * languages and path prefixes. Every key and its default is documented in
 * docs/config.md; unknown keys (but x_*) and wrong types are errors. */
#ifndef SLUG_SITE_CONFIG_H
#define SLUG_SITE_CONFIG_H

#include <stddef.h>

#include "diag.h"
#include "index.h"

struct content_dir {
	char *dir;		/* owned; resolved against the config's folder */
	char *lang;		/* owned; "" when unset */
	char *prefix;		/* owned; "" or "/xx" (no trailing '/') */
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
};

/* config_load: read the config at path into *cfg (zeroed first, defaults
 * filled in). Returns 0, or -1 after reporting every problem. Release with
 * config_free() in both cases. */
int config_load(const char *path, struct site_config *cfg, struct diag *d);

/* config_add_dir: add a content folder given on the command line (no
 * language, no prefix), replacing those of the file when it is the first. */
int config_add_dir(struct site_config *cfg, const char *dir, int first);

void config_free(struct site_config *cfg);

#endif
