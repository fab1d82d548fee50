/* hugo_config.h: a Hugo site's own config (hugo.toml, config.yaml, ...,
 * config/_default/, config/production/) read as the site config: the
 * settings Hugo's paths depend on, and slugserve's own settings from the
 * table [params.slugserve], which Hugo ignores. What is read, and the
 * settings refused because slugindex does not implement them, are in
 * docs/config.md ("A Hugo config"). */
#ifndef SLUG_HUGO_CONFIG_H
#define SLUG_HUGO_CONFIG_H

#include "diag.h"
#include "site_config.h"

/* hugo_config_wanted: whether path names a Hugo config rather than a
 * site.yml: a folder, or a file hugo.EXT or config.EXT (EXT one of toml,
 * yaml, yml, json). */
int hugo_config_wanted(const char *path);

/* hugo_config_load: read the Hugo config of the site folder path, or the
 * Hugo config file path (with its folder's config/ merged on top, as Hugo
 * does), into *cfg (zeroed first, defaults filled in). Returns 0, or -1
 * after reporting every problem with file:line:column. Release with
 * config_free() in both cases. */
int hugo_config_load(const char *path, struct site_config *cfg,
		     struct diag *d);

#endif
