/* list_config.h: the config keys of list pages, shared by a site.yml and
 * a Hugo config (which spell them paginate, paginatePath, taxonomies):
 * the pager size, the pagers' path segment and the taxonomies. See
 * docs/config.md. */
#ifndef SLUG_LIST_CONFIG_H
#define SLUG_LIST_CONFIG_H

#include <yaml.h>

#include "diag.h"
#include "site_config.h"

/* Each reads node n of doc (in file) into cfg, naming the key name in
 * messages; a value of the wrong type or out of range is an error and
 * leaves cfg as it was. */
void list_config_paginate(struct site_config *cfg, const char *file,
			  const yaml_node_t *n, const char *name,
			  struct diag *d);
void list_config_paginate_path(struct site_config *cfg, const char *file,
			       const yaml_node_t *n, const char *name,
			       struct diag *d);
/* A mapping of singular to plural ("tag: tags"); it replaces the
 * taxonomies cfg had. */
void list_config_taxonomies(struct site_config *cfg, const char *file,
			    yaml_document_t *doc, const yaml_node_t *n,
			    const char *name, struct diag *d);

/* list_config_add_taxonomy: add singular = plural to cfg; -1 when memory
 * runs out. */
int list_config_add_taxonomy(struct site_config *cfg, const char *singular,
			     const char *plural);

/* list_config_free: release what these keys own in cfg. */
void list_config_free(struct site_config *cfg);

#endif
