/* hugo_config_int.h: what the three files reading a Hugo config share
 * (hugo_config.c finds, parses and looks up; hugo_refuse.c refuses the
 * settings slugindex does not implement; hugo_langs.c makes the content
 * folders of the languages). Not for use outside them. */
#ifndef SLUG_HUGO_CONFIG_INT_H
#define SLUG_HUGO_CONFIG_INT_H

#include <yaml.h>

#include "diag.h"
#include "site_config.h"

#define HUGO_FILES_MAX 64
#define HUGO_LANGS_MAX 64

/* One config file, and the key path its root sits at. */
struct hsrc {
	char *file;		/* owned */
	char *text;		/* owned */
	yaml_document_t doc;
	int loaded;		/* doc holds a document */
	char *mount[3];		/* owned: the key path, "params" or */
	size_t nmount;		/* "languages" "fr" ("params") */
};

struct hcfg {
	struct hsrc src[HUGO_FILES_MAX];	/* lowest precedence first */
	size_t n;
	char *root;		/* owned: the site folder */
	struct site_config *cfg;	/* borrowed */
	struct diag *d;		/* borrowed */
};


/* child: the value of key k (any case, as Hugo reads keys) in mapping n
 * of doc, or NULL; the last of two equal keys. */
yaml_node_t *child(yaml_document_t *doc, const yaml_node_t *n, const char *k);

/* hget: the value at the key path k[0..nk) in the last file that has it
 * (*src set to that file), or NULL. get1, get2, get3: the same for a path
 * of one, two, three keys. */
yaml_node_t *hget(struct hcfg *h, const char *const *k, size_t nk,
		  struct hsrc **src);
yaml_node_t *get1(struct hcfg *h, const char *a, struct hsrc **s);
yaml_node_t *get2(struct hcfg *h, const char *a, const char *b,
		  struct hsrc **s);
yaml_node_t *get3(struct hcfg *h, const char *a, const char *b,
		  const char *c, struct hsrc **s);

/* herror: "key: what" as an error at node n of file s. */
void herror(struct hcfg *h, const struct hsrc *s, const yaml_node_t *n,
	    const char *key, const char *what);

/* get_bool: node n (of s; NULL when absent) as a boolean into *out
 * (unchanged when absent or null); an error naming key when it is not
 * one. */
void get_bool(struct hcfg *h, yaml_node_t *n, struct hsrc *s,
	      const char *key, int *out);

/* refuse_unimplemented (hugo_refuse.c): an error naming each setting that
 * changes the paths Hugo writes and that slugindex does not implement; a
 * warning for those that add files slugindex does not serve. */
void refuse_unimplemented(struct hcfg *h);

/* read_languages (hugo_langs.c): the content folders, one per language
 * in Hugo's order (weight, then name), the default language without a
 * prefix and the others under /LANG. */
void read_languages(struct hcfg *h);

/* read_list_settings (hugo_lists.c): paginate, paginatePath, taxonomies
 * and the taxonomy and term kinds of disableKinds. */
void read_list_settings(struct hcfg *h);

#endif
