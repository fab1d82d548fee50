/* hugo_config.c: read a Hugo site's config as the site config (see
 * hugo_config.h). The files are found and merged as Hugo 0.111 does: the
 * first of hugo.{toml,yaml,yml,json}, config.{...} at the top, then every
 * file of config/_default/ and config/production/ in name order, each
 * merged over the ones before, key by key (params.toml is [params],
 * languages.fr.toml is [languages.fr]). Nothing is copied into one tree: a
 * value is looked up in the files from the last to the first, so every
 * message names the file, line and column where the value was written. */
#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "hugo_config.h"
#include "hugo_config_int.h"
#include "readfile.h"
#include "toml.h"
#include "yamlutil.h"

#define HUGO_CONFIG_MAX (1 << 20)
#define HUGO_DIR_DEPTH 8

static const char *const hugo_names[] = {"hugo", "config"};
static const char *const hugo_exts[] = {"toml", "yaml", "yml", "json"};

/* ext_of: the extension of name (after its last '.') when it is one of a
 * Hugo config's, else NULL. */
static const char *ext_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof hugo_exts / sizeof *hugo_exts;
	     i++)
		if (strcmp(dot + 1, hugo_exts[i]) == 0)
			return dot + 1;
	return NULL;
}

/* is_root_name: hugo.EXT or config.EXT (the top file's names). */
static int is_root_name(const char *name, size_t len)
{
	for (size_t i = 0; i < 2; i++)
		if (strlen(hugo_names[i]) == len &&
		    strncmp(name, hugo_names[i], len) == 0)
			return 1;
	return 0;
}

int hugo_config_wanted(const char *path)
{
	struct stat st;
	const char *base = strrchr(path, '/'), *ext;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 1;
	base = base ? base + 1 : path;
	ext = ext_of(base);
	return ext != NULL && is_root_name(base, (size_t)(ext - 1 - base));
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* add_src: one more file, mounted at m0.m1.m2 (each may be NULL). */
static int add_src(struct hcfg *h, const char *file, const char *m0,
		   const char *m1, const char *m2)
{
	const char *m[3] = {m0, m1, m2};
	struct hsrc *s;

	if (h->n == HUGO_FILES_MAX) {
		diag_at(h->d, DIAG_ERROR, file, 0, 0, "more than %d Hugo "
			"config files", HUGO_FILES_MAX);
		return -1;
	}
	s = &h->src[h->n++];
	memset(s, 0, sizeof *s);
	s->file = strdup(file);
	for (size_t i = 0; i < 3 && m[i] != NULL; i++)
		if ((s->mount[s->nmount++] = strdup(m[i])) == NULL)
			return -1;
	return s->file ? 0 : -1;
}

/* dir_src: a file of config/ENV/ named name: hugo.toml and config.toml at
 * the root, X.toml at [X], X.LANG.toml at [languages.LANG] ([...params]
 * or [...menus] for params.LANG and menus.LANG), as Hugo mounts them. */
static int dir_src(struct hcfg *h, const char *file, const char *name)
{
	char stem[256], *dot;
	const char *ext = ext_of(name);
	size_t len = (size_t)(ext - 1 - name);

	if (len >= sizeof stem)
		return 0;	/* no key of Hugo's is that long */
	memcpy(stem, name, len);
	stem[len] = '\0';
	if (is_root_name(stem, len))
		return add_src(h, file, NULL, NULL, NULL);
	dot = strrchr(stem, '.');	/* Hugo splits at the last '.' */
	if (dot == NULL)
		return add_src(h, file, stem, NULL, NULL);
	*dot = '\0';
	if (strcmp(stem, "params") == 0 || strcmp(stem, "menus") == 0 ||
	    strcmp(stem, "menu") == 0)
		return add_src(h, file, "languages", dot + 1,
			       stem[0] == 'p' ? "params" : "menus");
	return add_src(h, file, "languages", dot + 1, NULL);
}

/* walk_conf: the config files under dir, in name order, folders too. */
static int walk_conf(struct hcfg *h, const char *dir, int depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), rc = 0;

	if (n < 0)
		return 0;	/* no such folder: nothing to merge */
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(dir) + strlen(name) + 2;
		char *path = malloc(len);
		struct stat st;
		int found;

		if (path != NULL && name[0] != '.') {
			snprintf(path, len, "%s/%s", dir, name);
			/* a dangling link has nothing to read */
			found = stat(path, &st) == 0;
			if (found && S_ISDIR(st.st_mode) &&
			    depth < HUGO_DIR_DEPTH)
				rc |= walk_conf(h, path, depth + 1);
			else if (found && S_ISREG(st.st_mode) && ext_of(name))
				rc |= dir_src(h, path, name);
		}
		rc |= path == NULL;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc ? -1 : 0;
}

/* find_files: the config files of the site, as Hugo finds them: file
 * (when given) or the first hugo.EXT / config.EXT at the top, then
 * config/_default/ and config/production/. */
static int find_files(struct hcfg *h, const char *file)
{
	char path[4096];

	if (file != NULL) {
		if (add_src(h, file, NULL, NULL, NULL) < 0)
			return -1;
	} else {
		for (size_t i = 0; i < 2 && h->n == 0; i++)
			for (size_t e = 0; e < 4 && h->n == 0; e++) {
				snprintf(path, sizeof path, "%s/%s.%s", h->root,
					 hugo_names[i], hugo_exts[e]);
				if (is_file(path) &&
				    add_src(h, path, NULL, NULL, NULL) < 0)
					return -1;
			}
	}
	snprintf(path, sizeof path, "%s/config/_default", h->root);
	if (walk_conf(h, path, 0) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/config/production", h->root);
	if (walk_conf(h, path, 0) < 0)
		return -1;
	if (h->n == 0)
		diag_at(h->d, DIAG_ERROR, h->root, 0, 0, "no Hugo config: "
			"none of hugo.toml, hugo.yaml, hugo.json, config.toml, "
			"config.yaml, config.json, config/_default/");
	return h->n == 0 ? -1 : 0;
}

/* load_src: parse one file (TOML by toml.c, YAML and JSON by libyaml). */
static void load_src(struct hcfg *h, struct hsrc *s)
{
	size_t len;
	const char *ext = ext_of(s->file);
	yaml_node_t *root;
	int rc;

	if (read_file(s->file, HUGO_CONFIG_MAX, &s->text, &len, h->d) < 0)
		return;
	if (ext != NULL && strcmp(ext, "toml") == 0)
		rc = toml_load(&s->doc, s->text, len, s->file, 1, h->d);
	else
		rc = yaml_load(&s->doc, s->text, len, s->file, 1, h->d);
	if (rc < 0)
		return;
	s->loaded = 1;
	root = yaml_document_get_root_node(&s->doc);
	if (root != NULL && root->type != YAML_MAPPING_NODE &&
	    !yaml_is_null(root))
		yaml_report(h->d, DIAG_ERROR, s->file, 1, root, "a Hugo config "
			    "must be a table of keys to values");
}

yaml_node_t *child(yaml_document_t *doc, const yaml_node_t *n,
			  const char *k)
{
	yaml_node_t *found = NULL;

	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		const char *s = yaml_scalar(yaml_document_get_node(doc,
								   p->key));

		if (s != NULL && strcasecmp(s, k) == 0)
			found = yaml_document_get_node(doc, p->value);
	}
	return found;
}

/* src_get: the value at the key path k[0..nk) in file s, or NULL (also
 * when the file holds another key, or lies below the path). */
static yaml_node_t *src_get(struct hsrc *s, const char *const *k, size_t nk)
{
	yaml_node_t *n;
	size_t j;

	if (!s->loaded)
		return NULL;
	for (j = 0; j < s->nmount && j < nk; j++)
		if (strcasecmp(s->mount[j], k[j]) != 0)
			break;
	if (j < s->nmount)
		return NULL;
	n = yaml_document_get_root_node(&s->doc);
	for (; n != NULL && j < nk; j++)
		n = child(&s->doc, n, k[j]);
	return n;
}

yaml_node_t *hget(struct hcfg *h, const char *const *k, size_t nk,
		  struct hsrc **src)
{
	for (size_t i = h->n; i-- > 0;) {
		yaml_node_t *n = src_get(&h->src[i], k, nk);

		if (n != NULL) {
			*src = &h->src[i];
			return n;
		}
	}
	return NULL;
}

yaml_node_t *get1(struct hcfg *h, const char *a, struct hsrc **s)
{
	const char *k[] = {a};

	return hget(h, k, 1, s);
}

yaml_node_t *get2(struct hcfg *h, const char *a, const char *b,
			 struct hsrc **s)
{
	const char *k[] = {a, b};

	return hget(h, k, 2, s);
}

yaml_node_t *get3(struct hcfg *h, const char *a, const char *b,
			 const char *c, struct hsrc **s)
{
	const char *k[] = {a, b, c};

	return hget(h, k, 3, s);
}

void herror(struct hcfg *h, const struct hsrc *s, const yaml_node_t *n,
	    const char *key, const char *what)
{
	yaml_report(h->d, DIAG_ERROR, s->file, 1, n, "%s: %s", key, what);
}

void get_bool(struct hcfg *h, yaml_node_t *n, struct hsrc *s,
		     const char *key, int *out)
{
	if (n != NULL && !yaml_is_null(n) && yaml_bool(n, out) < 0)
		herror(h, s, n, key, "must be true or false");
}

/* read_site: title, baseURL, Markdown's unsafe, then slugserve's table. */
static void read_site(struct hcfg *h)
{
	struct hsrc *s = NULL;
	yaml_node_t *n;
	const char *k[] = {"markup", "goldmark", "renderer", "unsafe"};

	if ((n = get1(h, "title", &s)) != NULL)
		config_read_key(h->cfg, s->file, &s->doc, n, "title", "title",
				h->root, h->d);
	if ((n = get1(h, "baseURL", &s)) != NULL)
		config_read_key(h->cfg, s->file, &s->doc, n, "base_url",
				"baseURL", h->root, h->d);
	h->cfg->md_unsafe = 0;	/* goldmark's default */
	n = hget(h, k, 4, &s);
	get_bool(h, n, s, "markup.goldmark.renderer.unsafe",
		 &h->cfg->md_unsafe);
	/* each file's table over the ones before, key by key, as Hugo
	 * merges params (a list, such as rules, is replaced whole) */
	for (size_t i = 0; i < h->n; i++) {
		const char *ps[] = {"params", "slugserve"};

		s = &h->src[i];
		if ((n = src_get(s, ps, 2)) != NULL)
			config_read_table(h->cfg, s->file, &s->doc, n, h->root,
					  h->d);
	}
}

static void hcfg_free(struct hcfg *h)
{
	for (size_t i = 0; i < h->n; i++) {
		struct hsrc *s = &h->src[i];

		if (s->loaded)
			yaml_document_delete(&s->doc);
		free(s->file);
		free(s->text);
		for (size_t j = 0; j < s->nmount; j++)
			free(s->mount[j]);
	}
	free(h->root);
	h->n = 0;
}

int hugo_config_load(const char *path, struct site_config *cfg,
		     struct diag *d)
{
	unsigned errors = d->errors;
	struct hcfg h = {.cfg = cfg, .d = d};
	struct stat st;
	int dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	char *copy = strdup(path);

	if (config_init(cfg, path) < 0 || copy == NULL ||
	    (h.root = strdup(dir ? path : dirname(copy))) == NULL) {
		diag_at(d, DIAG_ERROR, path, 0, 0, "out of memory");
		goto out;
	}
	if (find_files(&h, dir ? NULL : path) < 0)
		goto out;
	for (size_t i = 0; i < h.n; i++)
		load_src(&h, &h.src[i]);
	if (d->errors > errors)
		goto out;
	read_site(&h);
	refuse_unimplemented(&h);
	read_languages(&h);
	read_list_settings(&h);
out:
	hcfg_free(&h);
	free(copy);
	return d->errors > errors ? -1 : 0;
}
