/* site.c: walk the content folders, read each page, give it its paths and
 * routes, and refuse a site where two pages claim one path (see site.h).
 *
 * A content folder is read in three steps: the walk lists its files in a
 * fixed order; worker threads (site_pool.c) read, parse and render each
 * file into a slot of its own, holding its messages; then, on this thread
 * and in walk order, the messages are printed and the pages and their
 * routes added. So the site and stderr are the same for any thread count. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>

#include "pathnorm.h"
#include "readfile.h"
#include "site.h"

#define PAGE_FILE_MAX (64u << 20)
#define WALK_DEPTH_MAX 64

static int has_ext(const char *name, const char *const *exts)
{
	const char *dot = strrchr(name, '.');

	for (; dot && *exts; exts++)
		if (strcmp(dot, *exts) == 0)
			return 1;
	return 0;
}

static const char *const page_exts[] = {".md", ".markdown", ".html", ".htm",
					NULL};
static const char *const md_exts[] = {".md", ".markdown", NULL};

/* Normalise a Hugo path into a new key; report against file otherwise. */
static char *make_key(const char *path, const char *file, unsigned long line,
		      unsigned long col, struct diag *d)
{
	size_t len = strlen(path), keylen;
	char *key = malloc(len + 1);
	enum pathnorm_status st;

	if (key == NULL)
		return NULL;
	st = path_normalize(path, len, key, &keylen);
	if (st == PATHNORM_OK && path_encode(key, keylen, NULL, 0) > PATHNORM_MAX)
		st = PATHNORM_TOO_LONG;	/* no request could reach it */
	if (st != PATHNORM_OK) {
		diag_at(d, DIAG_ERROR, file, line, col, "path %.200s%s: %s",
			path, len > 200 ? "..." : "", pathnorm_strerror(st));
		free(key);
		return NULL;
	}
	return key;
}

static int reserve_pages(struct site *s, size_t n)
{
	size_t cap = s->cap_pages ? s->cap_pages : 64;
	struct page *p;

	if (n <= s->cap_pages - s->npages)
		return 0;
	while (cap - s->npages < n) {
		if (cap > SIZE_MAX / 2 / sizeof *p)
			return -1;
		cap *= 2;
	}
	p = reallocarray(s->pages, cap, sizeof *p);
	if (p == NULL)
		return -1;
	s->pages = p;
	s->cap_pages = cap;
	return 0;
}

struct page *site_new_page(struct site *s)
{
	if (reserve_pages(s, 1) < 0)
		return NULL;
	memset(&s->pages[s->npages], 0, sizeof s->pages[0]);
	return &s->pages[s->npages++];
}

static int64_t first_date(const struct page_src *src, enum fm_date a,
			  enum fm_date b, enum fm_date c)
{
	return src->has_date[a] ? src->dates[a]
	       : src->has_date[b] ? src->dates[b]
	       : src->has_date[c] ? src->dates[c] : 0;
}

/* Whether rel (a path inside a content folder) is a leaf bundle's index:
 * "x/index.md", not the root's "index.md". */
static int is_leaf_index(const char *rel)
{
	const char *base = strrchr(rel, '/');

	return base != NULL && strncmp(base + 1, "index.", 6) == 0;
}

/* Whether Hugo would leave the page out: a draft, in the future, expired,
 * a headless leaf bundle (Hugo 0.111 ignores headless elsewhere), or not
 * rendered (_build.render never, false or link). */
static int skipped(const struct page_src *src, const char *rel,
		   const struct site_opts *o)
{
	if ((src->headless && is_leaf_index(rel)) || src->unrendered)
		return 1;
	int64_t publish = first_date(src, FM_PUBLISHDATE, FM_DATE,
				     FM_PUBLISHDATE);

	if (src->draft && !o->drafts)
		return 1;
	if (publish > o->now)
		return 1;
	return src->has_date[FM_EXPIRYDATE] &&
	       src->dates[FM_EXPIRYDATE] <= o->now;
}

/* Hugo shortcodes cannot be rendered here: say where each one is. Lines
 * are counted only up to each "{{" found. */
static void report_shortcodes(const struct page *p, struct diag *d)
{
	const char *s = p->src.body, *end = s + p->src.body_len, *bol = s;
	const char *at = s;
	unsigned long line = p->src.body_line;

	while ((at = memmem(at, (size_t)(end - at), "{{", 2)) != NULL) {
		const char *close, *nl;

		for (; (nl = memchr(s, '\n', (size_t)(at - s))) != NULL; s = nl + 1) {
			line++;
			bol = nl + 1;
		}
		s = at;
		if (at + 2 < end && (at[2] == '<' || at[2] == '%')) {
			close = memmem(at, (size_t)(end - at), "}}", 2);
			diag_at(d, DIAG_WARNING, p->file, line,
				(unsigned long)(at - bol) + 1,
				"Hugo shortcode %.*s cannot be rendered: kept as text",
				close && close - at < 200 ? (int)(close - at + 2) : 3,
				at);
		}
		at += 2;
	}
}

static void page_free(struct page *p)
{
	free(p->file);
	free(p->rel);
	free(p->text);
	free(p->key);
	free(p->url);
	free(p->html);
	free(p->prev);
	free(p->next);
	frontmatter_free(&p->src);
}

/* The percent-encoded URL of a key, with Hugo's trailing '/' kept. */
static char *make_url(const char *key, int slash)
{
	size_t len = strlen(key), need = path_encode(key, len, NULL, 0);
	char *url = malloc(need + 2);

	if (url == NULL)
		return NULL;
	path_encode(key, len, url, need + 1);
	if (slash && strcmp(key, "/") != 0)
		strcpy(url + need, "/");
	return url;
}

int site_page_key(struct page *p, const char *path, struct diag *d)
{
	size_t n = strlen(path);

	p->key = make_key(path, p->file, 0, 0, d);
	if (p->key == NULL)
		return -1;
	p->url = make_url(p->key, n > 0 && path[n - 1] == '/');
	return p->url ? 0 : -1;
}

static void page_aliases(struct site *s, size_t idx, struct diag *d)
{
	struct page *p = &s->pages[idx];

	for (size_t i = 0; i < p->src.nalias; i++) {
		const struct fm_str *a = &p->src.aliases[i];
		struct buf path = {0};
		const char *why;
		char *key;

		if (hugo_alias_path(a->s, p->url, &path, &why) < 0) {
			diag_at(d, DIAG_ERROR, p->file, a->line, a->col,
				"alias '%s': %s", a->s, why);
		} else if ((key = make_key(buf_cstr(&path), p->file, a->line,
					   a->col, d)) != NULL) {
			site_add_route(s, key, idx, ROUTE_ALIAS, a->line, a->col);
		}
		buf_free(&path);
	}
}

/* A WordPress post id kept in front matter (wp_id or wordpress_id) makes
 * the key "/?p=ID", which the WordPress rule for /?p=ID leads to. */
static void page_wp_id(struct site *s, size_t idx, struct diag *d)
{
	const struct page *p = &s->pages[idx];
	const char *id = frontmatter_param(&p->src, "wp_id");
	char key[32], *dup;

	if (id == NULL)
		id = frontmatter_param(&p->src, "wordpress_id");
	if (id == NULL)
		return;
	if (*id == '\0' || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id)) {
		diag_at(d, DIAG_ERROR, p->file, 0, 0,
			"wp_id '%s': must be a WordPress post number", id);
		return;
	}
	snprintf(key, sizeof key, "/?p=%s", id);
	if ((dup = strdup(key)) == NULL ||
	    site_add_route(s, dup, idx, ROUTE_ALIAS, 0, 0) < 0)
		diag_at(d, DIAG_ERROR, p->file, 0, 0, "out of memory");
}

/* page_body: the body as served: Markdown rendered by cmark, raw HTML in
 * it kept when unsafe, else replaced by "<!-- raw HTML omitted -->" (as
 * goldmark does, Hugo's default); any other file as it is. */
static int page_body(struct page *p, const char *name, int unsafe)
{
	p->body = p->src.body;
	p->body_len = p->src.body_len;
	if (!has_ext(name, md_exts))
		return 0;
	p->html = cmark_markdown_to_html(p->src.body, p->src.body_len,
					 unsafe ? CMARK_OPT_UNSAFE : 0);
	if (p->html == NULL)
		return -1;
	p->body = p->html;
	p->body_len = strlen(p->html);
	return 0;
}

/* What became of a job once read. */
enum job_state {
	JOB_NOTE,		/* a message of the walk, no file */
	JOB_DROP,		/* a file with errors, or not read */
	JOB_SKIP,		/* a draft, future or expired page */
	JOB_KEEP,		/* a page to add */
	JOB__MAX
};

/* One entry of a content folder, in walk order: a file to read, or only a
 * message. Its messages are held, to be printed in walk order. */
struct job {
	char *file;		/* owned until read_page gives it to the page */
	char *rel;		/* likewise: the path inside the content folder */
	struct diag d;		/* held messages */
	enum job_state state;
};

/* A content folder being read: its jobs, and a page slot for each (the
 * reserved end of s->pages, filled by the workers, compacted by
 * add_pages). */
struct walk {
	const struct content_dir *cd;	/* borrowed */
	const struct site_opts *opts;	/* borrowed */
	const struct diag *like;	/* borrowed: quiet or not */
	int unsafe;		/* keep raw HTML in Markdown */
	struct job *jobs;	/* owned */
	size_t njobs, cap_jobs;
	struct page *slots;	/* borrowed: njobs pages after s->pages' end */
	int nomem;		/* a job could not be listed */
};

/* Read job j's file into its slot p (uninitialised): everything that
 * depends on the file alone. Runs on a worker thread: touches only j, p
 * and read-only data. On JOB_DROP and JOB_SKIP, p is released and zeroed. */
static void read_page(const struct walk *w, struct job *j, struct page *p)
{
	struct buf path = {0};
	size_t len;

	memset(p, 0, sizeof *p);
	p->file = j->file;
	p->rel = j->rel;
	j->file = j->rel = NULL;
	p->lang = w->cd->lang;
	p->dir = w->cd;
	j->state = JOB_DROP;
	if (read_file(p->file, PAGE_FILE_MAX, &p->text, &len, &j->d) < 0 ||
	    frontmatter_parse(p->file, p->text, len, &p->src, &j->d) < 0)
		goto drop;
	if (skipped(&p->src, p->rel, w->opts)) {
		j->state = JOB_SKIP;
		goto drop;
	}
	p->kind = hugo_page_path(p->rel, &p->src, w->cd->prefix, &path);
	p->date = first_date(&p->src, FM_DATE, FM_PUBLISHDATE, FM_LASTMOD);
	p->lastmod = first_date(&p->src, FM_LASTMOD, FM_DATE, FM_PUBLISHDATE);
	if (path.failed)
		goto nomem;
	if (site_page_key(p, buf_cstr(&path), &j->d) < 0)
		goto drop;
	if (page_body(p, p->rel, w->unsafe) < 0)
		goto nomem;
	report_shortcodes(p, &j->d);
	if (p->html != NULL && !w->opts->keep_source) {
		/* rendered: the source is no longer needed */
		free(p->text);
		p->text = NULL;
		p->src.body = NULL;
		p->src.body_len = 0;
	}
	j->state = JOB_KEEP;
	buf_free(&path);
	return;
nomem:
	diag_at(&j->d, DIAG_ERROR, p->file, 0, 0, "out of memory");
drop:
	buf_free(&path);
	page_free(p);
	memset(p, 0, sizeof *p);
}

static void read_job(void *arg, size_t i)
{
	const struct walk *w = arg;

	if (w->jobs[i].state != JOB_NOTE)
		read_page(w, &w->jobs[i], &w->slots[i]);
}

/* A new job at the end of w's list, holding messages; NULL when memory
 * ran out (w->nomem is set). */
static struct job *add_job(struct walk *w, enum job_state state)
{
	struct job *j;

	if (w->njobs == w->cap_jobs) {
		size_t cap = w->cap_jobs ? 2 * w->cap_jobs : 256;

		j = reallocarray(w->jobs, cap, sizeof *j);
		if (j == NULL) {
			w->nomem = 1;
			return NULL;
		}
		w->jobs = j;
		w->cap_jobs = cap;
	}
	j = &w->jobs[w->njobs++];
	memset(j, 0, sizeof *j);
	diag_hold(&j->d, w->like);
	j->state = state;
	return j;
}

/* A message of the walk about path (a folder or file), in its place. */
static void walk_error(struct walk *w, const char *path, const char *what)
{
	struct job *j = add_job(w, JOB_NOTE);

	if (j != NULL)
		diag_at(&j->d, DIAG_ERROR, path, 0, 0, "%s", what);
}

/* a + sep + b in a new string, or NULL. */
static char *path_join(const char *a, const char *sep, const char *b)
{
	size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
	char *s = malloc(na + ns + nb + 1);

	if (s != NULL) {
		memcpy(s, a, na);
		memcpy(s + na, sep, ns);
		memcpy(s + na + ns, b, nb + 1);
	}
	return s;
}

static int skip_name(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static void walk_dir(struct walk *w, const char *dir, const char *rel,
		     int depth);

/* One entry of a folder: recurse into a folder, list a content file (the
 * job takes file and sub), or say why not. */
static void walk_entry(struct walk *w, char *file, char *sub, int depth)
{
	struct stat st;
	struct job *j;

	if (stat(file, &st) < 0) {
		walk_error(w, file, "cannot stat");
	} else if (S_ISDIR(st.st_mode) && depth < WALK_DEPTH_MAX) {
		walk_dir(w, file, sub, depth + 1);
	} else if (S_ISREG(st.st_mode) && has_ext(file, page_exts) &&
		   (j = add_job(w, JOB_DROP)) != NULL) {
		j->file = file;
		j->rel = sub;
		return;
	}
	free(file);
	free(sub);
}

/* List the folder dir (rel: its path inside the content folder) as jobs,
 * depth first, in alphabetical order: the order pages are added in. */
/* leaf_index: in a folder below the content root, the entry that makes it
 * a leaf bundle (index.md, index.html, ...), or -1. Hugo writes a page for
 * that file alone: the folder's other files, content files and subfolders
 * too, are the bundle's resources. */
static int leaf_index(const char *rel, struct dirent **names, int n)
{
	if (*rel == '\0')
		return -1;	/* the root's index.md is not a bundle */
	for (int i = 0; i < n; i++)
		if (strncmp(names[i]->d_name, "index.", 6) == 0 &&
		    has_ext(names[i]->d_name, page_exts))
			return i;
	return -1;
}

static void walk_dir(struct walk *w, const char *dir, const char *rel,
		     int depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, skip_name, alphasort), leaf;

	if (n < 0) {
		walk_error(w, dir, "cannot read folder");
		return;
	}
	leaf = leaf_index(rel, names, n);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char *file, *sub;

		if (leaf >= 0 && i != leaf) {
			free(names[i]);	/* a resource: never a page */
			continue;
		}
		file = path_join(dir, "/", name);
		sub = path_join(rel, *rel ? "/" : "", name);
		if (file == NULL || sub == NULL) {
			w->nomem = 1;
			free(file);
			free(sub);
		} else {
			walk_entry(w, file, sub, depth);
		}
		free(names[i]);
	}
	free(names);
}

/* Append the page in slot (at or after the end of s->pages) and its
 * routes, as the pages before it were. */
static void add_page(struct site *s, struct page *slot, struct diag *d)
{
	size_t idx = s->npages;
	struct page *p = &s->pages[idx];
	char *key;

	if (slot != p)
		*p = *slot;	/* the slot is left stale, past the end */
	key = strdup(p->key);
	if (key == NULL ||
	    site_add_route(s, key, idx, ROUTE_CANONICAL, 0, 0) < 0) {
		diag_at(d, DIAG_ERROR, p->file, 0, 0, "out of memory");
		page_free(p);
		return;
	}
	s->npages++;
	page_aliases(s, idx, d);
	page_wp_id(s, idx, d);
}

/* In walk order: print each job's messages, add its page. Frees the
 * jobs. */
static void add_pages(struct site *s, struct walk *w, struct diag *d)
{
	for (size_t i = 0; i < w->njobs; i++) {
		struct job *j = &w->jobs[i];

		diag_replay(d, &j->d);
		if (j->state == JOB_SKIP)
			s->skipped++;
		else if (j->state == JOB_KEEP)
			add_page(s, &w->slots[i], d);
		free(j->file);
		free(j->rel);
	}
	free(w->jobs);
	w->jobs = NULL;
	w->njobs = w->cap_jobs = 0;
}

/* Read content folder cd: list its files, read them on o->threads
 * threads into slots after the end of s->pages, then add them in order. */
static void load_dir(struct site *s, const struct content_dir *cd,
		     const struct site_opts *o, struct diag *d)
{
	struct walk w = {.cd = cd, .opts = o, .like = d,
			 .unsafe = s->cfg->md_unsafe};

	walk_dir(&w, cd->dir, "", 0);
	if (w.nomem || reserve_pages(s, w.njobs) < 0) {
		diag_at(d, DIAG_ERROR, cd->dir, 0, 0, "out of memory");
	} else if (w.njobs > 0) {
		w.slots = s->pages + s->npages;
		site_pool_run(w.njobs, site_threads(o->threads), read_job, &w);
	}
	add_pages(s, &w, d);	/* files not read are left out */
}

static int add_notfound(struct site *s)
{
	struct page *p = site_new_page(s);

	if (p == NULL)
		return -1;
	s->notfound = s->npages - 1;
	p->file = strdup("(404 page)");
	p->src.title.s = strdup(s->cfg->notfound_title);
	p->body = s->cfg->notfound_body;
	p->body_len = strlen(s->cfg->notfound_body);
	/* the language served at / (Hugo's languages are ordered by weight,
	 * so the default one need not be the first) */
	p->lang = s->cfg->ndirs > 0 ? s->cfg->dirs[0].lang : "";
	for (size_t i = s->cfg->ndirs; i-- > 0;)
		if (s->cfg->dirs[i].prefix[0] == '\0')
			p->lang = s->cfg->dirs[i].lang;
	p->key = strdup("");
	p->url = strdup("");
	p->kind = PAGE_SINGLE;
	return p->file && p->src.title.s && p->key && p->url ? 0 : -1;
}

int site_load(struct site *s, const struct site_config *cfg,
	      const struct site_opts *o, struct diag *d)
{
	unsigned errors = d->errors;

	memset(s, 0, sizeof *s);
	s->cfg = cfg;
	s->threads = o->threads;
	if (cfg->ndirs == 0)
		diag_at(d, DIAG_ERROR, cfg->file, 0, 0,
			"no content folder: add a 'content' list or name one "
			"on the command line");
	for (size_t i = 0; i < cfg->ndirs; i++) {
		size_t first = s->npages;
		struct stat st;

		if (stat(cfg->dirs[i].dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			diag_at(d, DIAG_ERROR, cfg->dirs[i].dir, 0, 0,
				"content folder not found");
			continue;
		}
		load_dir(s, &cfg->dirs[i], o, d);
		if (list_pages_add(s, &cfg->dirs[i], first, d) < 0)
			diag_at(d, DIAG_ERROR, cfg->dirs[i].dir, 0, 0,
				"out of memory");
	}
	site_add_config_aliases(s, d);
	site_check_conflicts(s, d);
	if (d->errors == errors && generated_add(s, d) < 0)
		diag_at(d, DIAG_ERROR, cfg->file, 0, 0, "out of memory");
	if (add_notfound(s) < 0)
		diag_at(d, DIAG_ERROR, cfg->file, 0, 0, "out of memory");
	return d->errors > errors ? -1 : 0;
}

void site_free(struct site *s)
{
	for (size_t i = 0; i < s->npages; i++)
		page_free(&s->pages[i]);
	for (size_t i = 0; i < s->nroutes; i++)
		free(s->routes[i].key);
	free(s->pages);
	free(s->routes);
	memset(s, 0, sizeof *s);
}
