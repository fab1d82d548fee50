/* index_write.c: serialise a site into the index format (see
 * index_write.h, index_format.h and docs/index-format.md). The metadata
 * (header, tables, strings) is built in memory; the bodies are streamed to
 * the file after it, straight from the pages, and then each page rendered
 * whole and encoded (gzip, brotli), built in memory page by page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#include "atomic_file.h"
#include "index_format.h"
#include "index_write.h"
#include "precompress.h"
#include "xxhash.h"

/* Where a value lies before the file layout is known: the sections it
 * is relative to, in file order. */
enum vsect {
	V_STRINGS,
	V_BODIES,
	V_ENCODED,	/* after the bodies: the pages rendered and encoded */
};

struct vref {
	uint64_t off, len;
	int in_body;	/* an enum vsect */
};

struct page_rec {
	struct vref path, url, title, lang, etag, last_modified;
	struct vref body, content_type;
	struct vref encoded[ENC__MAX];	/* [ENC_IDENTITY] unused */
	struct buf enc[ENC__MAX];	/* owned: the encoded bytes */
	uint64_t content_length;
};

struct writer {
	const struct site *site;
	const struct layout *layout;
	struct buf str;		/* the strings section */
	struct vref *values;	/* npages x nfields */
	struct page_rec *recs;	/* npages */
	struct vref *alternates;	/* npages, from translationKey */
	struct vref site_title;	/* HTML-escaped, for the layout */
	struct vref raw_title, base_url, cache_control;	/* for the header */
	struct vref *rules;	/* pattern and target of each rule */
	struct vref *keys;	/* each route's key */
	struct vref *segs;	/* each layout segment's literal */
	uint32_t *slot_tab;	/* nslots x (tag, key number + 1) */
	uint32_t nslots;
	uint64_t enc_len;	/* the encoded pages, in page order */
	uint64_t bodies_len;
	uint64_t strings_off, bodies_off;
};

static struct vref add_str(struct writer *w, const char *s, size_t n)
{
	struct vref r = {w->str.len, n, 0};

	buf_add(&w->str, s, n);
	return r;
}

static struct vref add_html(struct writer *w, const char *s)
{
	struct vref r = {w->str.len, 0, 0};

	buf_add_html(&w->str, s ? s : "", s ? strlen(s) : 0);
	r.len = w->str.len - r.off;
	return r;
}

static struct vref add_day(struct writer *w, int64_t t)
{
	char day[16] = "";
	time_t tt = (time_t)t;
	struct tm tm;

	if (t != 0 && gmtime_r(&tt, &tm) != NULL)
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
	return add_str(w, day, strlen(day));
}

static struct vref add_canonical(struct writer *w, const struct page *p)
{
	struct buf u = {0};
	struct vref r;

	if (*p->url != '\0')
		buf_addf(&u, "%s%s", w->site->cfg->base_url, p->url);
	r = add_html(w, buf_cstr(&u));
	buf_free(&u);
	return r;
}

/* <link rel="canonical" href="..."> for a page that has a path; nothing
 * for the 404 page, which must not claim one. */
static struct vref add_canonical_link(struct writer *w, const struct page *p)
{
	struct vref r = {w->str.len, 0, 0};
	const char *base = w->site->cfg->base_url;

	if (*p->url == '\0')
		return r;
	buf_adds(&w->str, "<link rel=\"canonical\" href=\"");
	buf_add_html(&w->str, base, strlen(base));
	buf_add_html(&w->str, p->url, strlen(p->url));
	buf_adds(&w->str, "\">");
	r.len = w->str.len - r.off;
	return r;
}

/* <link rel="REL" href="..."> to a pager's URL path, or nothing. */
static struct vref add_rel_link(struct writer *w, const char *rel,
				const char *path)
{
	struct vref r = {w->str.len, 0, 0};
	const char *base = w->site->cfg->base_url;

	if (path == NULL)
		return r;
	buf_addf(&w->str, "<link rel=\"%s\" href=\"", rel);
	buf_add_html(&w->str, base, strlen(base));
	buf_add_html(&w->str, path, strlen(path));
	buf_adds(&w->str, "\">");
	r.len = w->str.len - r.off;
	return r;
}

/* The path of the page's language feed, or "" without feeds. */
static struct vref add_feed(struct writer *w, const struct page *p)
{
	struct buf u = {0};
	struct vref r;

	if (w->site->cfg->feeds)
		buf_addf(&u, "%s/atom.xml", p->dir ? p->dir->prefix : "");
	r = add_html(w, buf_cstr(&u));
	buf_free(&u);
	return r;
}

/* The value of one layout field for page i. */
static struct vref field_value(struct writer *w, size_t i, const char *name)
{
	const struct page *p = &w->site->pages[i];
	const struct page_src *src = &p->src;
	struct vref body = {0, p->body_len, 1};
	const char *param;

	if (strcmp(name, "body") == 0 || strcmp(name, "content") == 0)
		return body;
	if (strcmp(name, "title") == 0)
		return add_html(w, src->title.s);
	if (strcmp(name, "site_title") == 0)
		return w->site_title;
	if (strcmp(name, "date") == 0)
		return add_day(w, p->date);
	if (strcmp(name, "lastmod") == 0)
		return add_day(w, p->lastmod);
	if (strcmp(name, "author") == 0)
		return add_html(w, src->author.s);
	if (strcmp(name, "description") == 0)
		return add_html(w, src->description.s);
	if (strcmp(name, "canonical") == 0 || strcmp(name, "permalink") == 0)
		return add_canonical(w, p);
	if (strcmp(name, "path") == 0 || strcmp(name, "relpermalink") == 0)
		return add_html(w, p->url);
	if (strcmp(name, "lang") == 0)
		return add_html(w, p->lang);
	if (strcmp(name, "alternates") == 0)
		return w->alternates[i];
	if (strcmp(name, "feed") == 0)
		return add_feed(w, p);
	if (strcmp(name, "canonical_link") == 0)
		return add_canonical_link(w, p);
	if (strcmp(name, "prev") == 0 || strcmp(name, "next") == 0)
		return add_html(w, *name == 'p' ? p->prev : p->next);
	if (strcmp(name, "prev_link") == 0 || strcmp(name, "next_link") == 0)
		return add_rel_link(w, *name == 'p' ? "prev" : "next",
				    *name == 'p' ? p->prev : p->next);
	param = frontmatter_param(src, name);
	if (param == NULL && strncmp(name, "params.", 7) == 0)
		param = frontmatter_param(src, name + 7);
	return add_html(w, param);
}

/* A page's translation key as Hugo makes it: its kind, then its
 * translationKey, or else its file's path in its content folder without
 * the extension (a bundle by its folder). Pages of several languages that
 * share one are translations of each other. NULL for generated pages. */
static char *translation_key(const struct page *p)
{
	struct buf k = {0};
	const char *rel = p->rel, *dot;
	size_t n;

	if (p->generated || rel == NULL)
		return NULL;
	buf_adds(&k, p->kind == PAGE_LIST ? "section/" : "page/");
	if (p->src.translation_key.s != NULL) {
		buf_adds(&k, p->src.translation_key.s);
	} else {
		dot = strrchr(rel, '.');
		n = dot && !strchr(dot, '/') ? (size_t)(dot - rel) : strlen(rel);
		if (n >= 6 && strncmp(rel + n - 6, "/index", 6) == 0)
			n -= 6;
		buf_add(&k, rel, n);
	}
	buf_addc(&k, '\0');
	if (k.failed) {
		buf_free(&k);
		return NULL;
	}
	return k.data;
}

/* tk_cmp: page numbers by translation key, then in page order. */
static int tk_cmp(const void *a, const void *b, void *keys)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(((char **)keys)[x], ((char **)keys)[y]);

	return c ? c : (x > y) - (x < y);
}

static void add_alternate(struct writer *w, const struct page *p)
{
	const char *base = w->site->cfg->base_url;

	buf_adds(&w->str, "<link rel=\"alternate\" hreflang=\"");
	buf_add_html(&w->str, p->lang, strlen(p->lang));
	buf_adds(&w->str, "\" href=\"");
	buf_add_html(&w->str, base, strlen(base));
	buf_add_html(&w->str, p->url, strlen(p->url));
	buf_adds(&w->str, "\">\n");
}

/* Pages that share a translation key link to each other (hreflang). */
static int make_alternates(struct writer *w)
{
	const struct site *s = w->site;
	size_t *idx = malloc((s->npages + 1) * sizeof *idx), n = 0;
	char **keys = calloc(s->npages + 1, sizeof *keys);

	if (idx == NULL || keys == NULL) {
		free(idx);
		free(keys);
		return -1;
	}
	for (size_t i = 0; i < s->npages; i++)
		if ((keys[i] = translation_key(&s->pages[i])) != NULL)
			idx[n++] = i;
	qsort_r(idx, n, sizeof *idx, tk_cmp, keys);
	for (size_t g = 0, e; g < n; g = e) {
		struct vref links = {w->str.len, 0, 0};

		for (e = g; e < n && strcmp(keys[idx[e]], keys[idx[g]]) == 0; e++)
			add_alternate(w, &s->pages[idx[e]]);
		links.len = w->str.len - links.off;
		for (size_t k = g; e - g > 1 && k < e; k++)
			w->alternates[idx[k]] = links;
		if (e - g < 2)
			w->str.len = links.off;	/* a page alone: no links */
	}
	for (size_t i = 0; i < s->npages; i++)
		free(keys[i]);
	free(keys);
	free(idx);
	return 0;
}

/* Fill the values and the record of page i; its body goes at *body_off. */
static void make_page(struct writer *w, size_t i, uint64_t *body_off,
		      uint64_t layout_hash)
{
	const struct layout *l = w->layout;
	const struct page *p = &w->site->pages[i];
	struct vref *vals = w->values + i * l->nfields;
	struct page_rec *r = &w->recs[i];
	struct xxh64_state st;
	char date[40] = "";
	time_t t = (time_t)p->lastmod;
	struct tm tm;

	r->body = (struct vref){*body_off, p->body_len, 1};
	for (size_t f = 0; f < l->nfields && !p->raw; f++) {
		vals[f] = field_value(w, i, l->fields[f]);
		if (vals[f].in_body)
			vals[f].off = *body_off;
	}
	*body_off += p->body_len;
	r->content_type = add_str(w, p->content_type ? p->content_type
				  : "text/html; charset=utf-8",
				  strlen(p->content_type ? p->content_type
					 : "text/html; charset=utf-8"));
	r->path = add_str(w, p->key, strlen(p->key));
	r->url = add_str(w, p->url, strlen(p->url));
	r->title = add_str(w, p->src.title.s ? p->src.title.s : "",
			   p->src.title.s ? strlen(p->src.title.s) : 0);
	r->lang = add_str(w, p->lang, strlen(p->lang));
	if (p->lastmod != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	r->last_modified = add_str(w, date, strlen(date));
	r->content_length = p->raw ? p->body_len : 0;
	xxh64_init(&st, layout_hash);
	if (p->raw)
		xxh64_update(&st, p->body, p->body_len);
	for (size_t s = 0; s < l->nsegs && !p->raw; s++) {
		r->content_length += l->segs[s].lit_len;
		if (l->segs[s].field == LAYOUT_NO_FIELD)
			continue;
		struct vref v = vals[l->segs[s].field];
		const char *bytes = v.in_body ? p->body : w->str.data + v.off;

		r->content_length += v.len;
		xxh64_update(&st, bytes, v.len);
		xxh64_update(&st, &v.len, sizeof v.len);
	}
	snprintf(date, sizeof date, "\"%016llx\"",
		 (unsigned long long)xxh64_digest(&st));
	r->etag = add_str(w, date, strlen(date));
}

/* Copy src into dst at its exact size: the compressed forms of every page
 * are held until the file is written, and a buffer's doubling would hold up
 * to twice their size. Out of memory leaves dst empty (identity only). */
static void keep_exact(struct buf *dst, const struct buf *src)
{
	dst->data = malloc(src->len);
	if (dst->data == NULL)
		return;
	memcpy(dst->data, src->data, src->len);
	dst->len = dst->cap = src->len;
}

/* Render page i whole, as index_render() will, and keep in its record
 * each encoding that is smaller. Runs on the pool's threads once every
 * record and string is made: it only reads the writer, and writes page
 * i's record alone. Out of memory leaves the page in identity only. */
static void encode_page(void *arg, size_t i)
{
	struct writer *w = arg;
	const struct layout *l = w->layout;
	const struct page *p = &w->site->pages[i];
	const struct vref *vals = w->values + i * l->nfields;
	struct page_rec *r = &w->recs[i];
	struct buf page = {0}, z = {0};

	if (p->raw)
		buf_add(&page, p->body, p->body_len);
	for (size_t s = 0; s < l->nsegs && !p->raw; s++) {
		buf_add(&page, l->segs[s].lit, l->segs[s].lit_len);
		if (l->segs[s].field == LAYOUT_NO_FIELD)
			continue;
		struct vref v = vals[l->segs[s].field];

		buf_add(&page, v.in_body ? p->body : w->str.data + v.off, v.len);
	}
	for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++) {
		if (page.failed || page.len != r->content_length)
			break;
		z.len = 0;
		if (precompress((enum content_enc)e, page.data, page.len, &z))
			keep_exact(&r->enc[e], &z);
	}
	buf_free(&page);
	buf_free(&z);
}

/* Encode every page on every core, then place the encodings after the
 * bodies in page order. */
static void encode_pages(struct writer *w)
{
	const struct site *s = w->site;

	site_pool_run(s->npages, site_threads(s->threads), encode_page, w);
	for (size_t i = 0; i < s->npages; i++)
		for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++) {
			struct page_rec *r = &w->recs[i];

			r->encoded[e] = (struct vref){
				r->enc[e].len ? w->enc_len : 0, r->enc[e].len,
				V_ENCODED };
			w->enc_len += r->enc[e].len;
		}
}

/* A vref as an absolute ref in the file, at p. */
static void put_ref(unsigned char *p, const struct writer *w, struct vref v)
{
	uint64_t base = v.in_body == V_STRINGS ? w->strings_off
			: v.in_body == V_BODIES ? w->bodies_off
			: w->bodies_off + w->bodies_len;

	idx_put64(p, v.len == 0 && v.in_body == V_ENCODED ? 0 : base + v.off);
	idx_put64(p + IDX_REF_LEN, v.len);
}

static uint32_t slot_count_for(size_t keys)
{
	uint32_t n = 2;

	while (n < 2 * keys + 1)
		n *= 2;
	return n;
}

/* The hash table: each key in the first free slot from its hash's low
 * bits, as index_lookup() probes. Returns 0 or -1. */
static int make_slots(struct writer *w)
{
	const struct site *s = w->site;
	uint32_t mask = w->nslots - 1;

	w->slot_tab = calloc((size_t)w->nslots * 2, sizeof *w->slot_tab);
	if (w->slot_tab == NULL)
		return -1;
	for (size_t k = 0; k < s->nroutes; k++) {
		const char *key = s->routes[k].key;
		uint64_t h = xxh64(key, strlen(key), IDX_HASH_SEED);
		uint32_t i = (uint32_t)h & mask;

		while (w->slot_tab[2 * i + 1] != 0)
			i = (i + 1) & mask;
		w->slot_tab[2 * i] = (uint32_t)(h >> 32);
		w->slot_tab[2 * i + 1] = (uint32_t)k + 1;
	}
	return 0;
}

/* The header but its file size and checksums, with every table placed by
 * idx_table_offsets(); sets where the strings and the bodies go. Returns 0,
 * or -1 when the tables are too large. */
static int make_header(unsigned char *h, struct writer *w, int64_t built)
{
	const struct site *s = w->site;
	uint64_t off[IDX_TABLE__MAX + 1];

	memset(h, 0, IDX_HEADER_SIZE);
	memcpy(h + H_MAGIC, IDX_MAGIC, IDX_MAGIC_LEN);
	idx_put32(h + H_VERSION, IDX_VERSION);
	idx_put32(h + H_HEADER_SIZE, IDX_HEADER_SIZE);
	idx_put64(h + H_BUILT, (uint64_t)built);
	idx_put32(h + H_PAGE_COUNT, (uint32_t)s->npages);
	idx_put32(h + H_KEY_COUNT, (uint32_t)s->nroutes);
	idx_put32(h + H_SLOT_COUNT, w->nslots);
	idx_put32(h + H_NOTFOUND, (uint32_t)s->notfound);
	idx_put32(h + H_SEG_COUNT, (uint32_t)w->layout->nsegs);
	idx_put32(h + H_VALUE_COUNT, (uint32_t)w->layout->nfields);
	idx_put32(h + H_RULE_COUNT, (uint32_t)s->cfg->nrules);
	idx_put32(h + H_ALIAS_MODE, (uint32_t)s->cfg->alias_mode);
	if (idx_table_offsets(h, off) < 0)
		return -1;
	for (int t = 0; t < IDX_TABLE__MAX; t++)
		idx_put64(h + idx_tables[t].off_field, off[t]);
	w->strings_off = off[IDX_TABLE__MAX];
	w->bodies_off = w->strings_off + w->str.len;
	idx_put64(h + H_STRINGS_OFF, w->strings_off);
	idx_put64(h + H_BODIES_OFF, w->bodies_off);
	put_ref(h + H_SITE_TITLE, w, w->raw_title);
	put_ref(h + H_BASE_URL, w, w->base_url);
	put_ref(h + H_CACHE_CONTROL, w, w->cache_control);
	return 0;
}

static void put_slot(unsigned char *rec, const struct writer *w, size_t i)
{
	idx_put32(rec + S_TAG, w->slot_tab[2 * i]);
	idx_put32(rec + S_KEY, w->slot_tab[2 * i + 1]);
}

static void put_key(unsigned char *rec, const struct writer *w, size_t k)
{
	const struct route *r = &w->site->routes[k];

	put_ref(rec + K_KEY, w, w->keys[k]);
	idx_put32(rec + K_PAGE, (uint32_t)r->page);
	idx_put32(rec + K_KIND, (uint32_t)r->kind);
}

static void put_page(unsigned char *rec, const struct writer *w, size_t i)
{
	const struct page_rec *r = &w->recs[i];
	const struct page *p = &w->site->pages[i];

	put_ref(rec + P_PATH, w, r->path);
	put_ref(rec + P_URL, w, r->url);
	put_ref(rec + P_TITLE, w, r->title);
	put_ref(rec + P_LANG, w, r->lang);
	put_ref(rec + P_ETAG, w, r->etag);
	put_ref(rec + P_LAST_MODIFIED, w, r->last_modified);
	idx_put64(rec + P_MTIME, (uint64_t)p->lastmod);
	idx_put64(rec + P_CONTENT_LENGTH, r->content_length);
	idx_put64(rec + P_FIRST_VALUE, (uint64_t)i * w->layout->nfields);
	put_ref(rec + P_BODY, w, r->body);
	put_ref(rec + P_CONTENT_TYPE, w, r->content_type);
	idx_put32(rec + P_FLAGS, (p->raw ? IDX_PAGE_RAW : 0) |
				 (p->generated ? IDX_PAGE_GENERATED : 0));
	for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++)
		put_ref(rec + P_ENCODED + (size_t)(e - 1) * IDX_REF_SIZE, w,
			r->encoded[e]);
}

static void put_value(unsigned char *rec, const struct writer *w, size_t v)
{
	put_ref(rec, w, w->values[v]);
}

static void put_seg(unsigned char *rec, const struct writer *w, size_t g)
{
	size_t field = w->layout->segs[g].field;

	put_ref(rec + G_LITERAL, w, w->segs[g]);
	idx_put32(rec + G_FIELD, field == LAYOUT_NO_FIELD ? IDX_NO_FIELD
							  : (uint32_t)field);
}

static void put_rule(unsigned char *rec, const struct writer *w, size_t k)
{
	const struct rule_config *r = &w->site->cfg->rules[k];

	put_ref(rec + R_PATTERN, w, w->rules[2 * k]);
	put_ref(rec + R_TARGET, w, w->rules[2 * k + 1]);
	idx_put32(rec + R_ACTION, (uint32_t)r->action);
	idx_put32(rec + R_FLAGS, r->query ? IDX_RULE_QUERY : 0);
}

static void (*const put_record[IDX_TABLE__MAX])(unsigned char *,
						 const struct writer *, size_t) = {
	[IDX_T_SLOTS] = put_slot, [IDX_T_KEYS] = put_key,
	[IDX_T_PAGES] = put_page, [IDX_T_VALUES] = put_value,
	[IDX_T_SEGS] = put_seg, [IDX_T_RULES] = put_rule,
};

/* The header, every table where the header places it, and the strings:
 * the metadata, everything before the bodies. */
static void put_meta(struct buf *m, const struct writer *w,
		     const unsigned char *h)
{
	unsigned char rec[IDX_RECORD_MAX];

	buf_add(m, h, IDX_HEADER_SIZE);
	for (int t = 0; t < IDX_TABLE__MAX && !m->failed; t++) {
		uint64_t n = idx_table_count(h, t);
		unsigned size = idx_tables[t].record_size;

		if (m->len != idx_get64(h + idx_tables[t].off_field))
			m->failed = 1;
		for (uint64_t i = 0; i < n && !m->failed; i++) {
			memset(rec, 0, size);
			put_record[t](rec, w, (size_t)i);
			buf_add(m, rec, size);
		}
	}
	buf_add(m, w->str.data, w->str.len);
}

/* Write every body in order, many per system call, then the encoded
 * pages. */
static int write_bodies(struct atomic_file *f, const struct writer *w)
{
	const struct site *s = w->site;
	struct iovec iov[64];
	size_t i = 0;

	while (i < s->npages) {
		int n = 0;

		for (; i < s->npages && n < 64; i++)
			if (s->pages[i].body_len > 0)
				iov[n++] = (struct iovec){(void *)s->pages[i].body,
							  s->pages[i].body_len};
		if (atomic_writev(f, iov, n) < 0)
			return -1;
	}
	for (i = 0; i < s->npages;) {
		int n = 0;

		for (; i < s->npages && n + ENC__MAX <= 64; i++)
			for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++)
				if (w->recs[i].enc[e].len > 0)
					iov[n++] = (struct iovec){
						w->recs[i].enc[e].data,
						w->recs[i].enc[e].len};
		if (n > 0 && atomic_writev(f, iov, n) < 0)
			return -1;
	}
	return 0;
}

/* Write meta then every body, atomically over path. */
static int write_file(const struct writer *w, const struct buf *m,
		      const char *path, struct diag *d)
{
	struct atomic_file f;

	if (atomic_open(&f, path) < 0) {
		diag_at(d, DIAG_ERROR, path, 0, 0, "cannot create a temporary "
			"file beside it: %s", strerror(errno));
		return -1;
	}
	if (atomic_write(&f, m->data, m->len) < 0 ||
	    write_bodies(&f, w) < 0) {
		int e = errno;

		atomic_abort(&f);
		errno = e;
	} else if (atomic_commit(&f) == 0) {
		return 0;
	}
	diag_at(d, DIAG_ERROR, path, 0, 0, "cannot write the index: %s "
		"(the previous index, if any, is untouched)", strerror(errno));
	return -1;
}

/* Strings that do not depend on a page: site settings, layout literals,
 * keys, rules. */
static int prepare(struct writer *w)
{
	const struct site *s = w->site;
	const struct site_config *c = s->cfg;
	const struct layout *l = w->layout;

	w->raw_title = add_str(w, c->title, strlen(c->title));
	w->base_url = add_str(w, c->base_url, strlen(c->base_url));
	w->cache_control = add_str(w, c->cache_control, strlen(c->cache_control));
	w->site_title = add_html(w, c->title);
	w->keys = calloc(s->nroutes + 1, sizeof *w->keys);
	w->segs = calloc(l->nsegs + 1, sizeof *w->segs);
	w->rules = calloc(2 * c->nrules + 1, sizeof *w->rules);
	if (w->keys == NULL || w->segs == NULL || w->rules == NULL)
		return -1;
	for (size_t k = 0; k < s->nroutes; k++)
		w->keys[k] = add_str(w, s->routes[k].key, strlen(s->routes[k].key));
	for (size_t g = 0; g < l->nsegs; g++)
		w->segs[g] = add_str(w, l->segs[g].lit, l->segs[g].lit_len);
	for (size_t k = 0; k < c->nrules; k++) {
		const struct rule_config *r = &c->rules[k];

		w->rules[2 * k] = add_str(w, r->match, strlen(r->match));
		w->rules[2 * k + 1] = add_str(w, r->to, strlen(r->to));
	}
	return make_alternates(w);
}

/* The file size and the two checksums, into the metadata m. */
static void seal(struct buf *m, const struct writer *w)
{
	const struct site *s = w->site;
	unsigned char *h = (unsigned char *)m->data;
	struct xxh64_state st;

	xxh64_init(&st, 0);
	for (size_t i = 0; i < s->npages; i++)
		xxh64_update(&st, s->pages[i].body, s->pages[i].body_len);
	for (size_t i = 0; i < s->npages; i++)
		for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++)
			if (w->recs[i].enc[e].len > 0)
				xxh64_update(&st, w->recs[i].enc[e].data,
					     w->recs[i].enc[e].len);
	idx_put64(h + H_FILE_SIZE, w->bodies_off + w->bodies_len + w->enc_len);
	idx_put64(h + H_BODY_SUM, xxh64_digest(&st));
	idx_put64(h + H_META_SUM, xxh64(h + IDX_META_SUM_START,
					m->len - IDX_META_SUM_START, 0));
}

static void writer_free(struct writer *w)
{
	buf_free(&w->str);
	for (size_t i = 0; w->recs != NULL && i < w->site->npages; i++)
		for (int e = 0; e < ENC__MAX; e++)
			buf_free(&w->recs[i].enc[e]);
	free(w->keys);
	free(w->segs);
	free(w->slot_tab);
	free(w->values);
	free(w->recs);
	free(w->alternates);
	free(w->rules);
}

int index_write(const struct site *s, const struct layout *l,
		const char *path, int64_t built, struct diag *d)
{
	struct writer w = {.site = s, .layout = l};
	unsigned char h[IDX_HEADER_SIZE];
	struct buf m = {0};
	uint64_t body_off = 0;
	int rc = -1;

	w.nslots = slot_count_for(s->nroutes);
	w.values = calloc(s->npages * l->nfields + 1, sizeof *w.values);
	w.recs = calloc(s->npages + 1, sizeof *w.recs);
	w.alternates = calloc(s->npages + 1, sizeof *w.alternates);
	if (s->npages >= UINT32_MAX / 2 || w.values == NULL || w.recs == NULL ||
	    w.alternates == NULL || prepare(&w) < 0 || make_slots(&w) < 0)
		goto nomem;
	uint64_t layout_hash = xxh64(l->text, strlen(l->text), 0);
	for (size_t i = 0; i < s->npages; i++)
		make_page(&w, i, &body_off, layout_hash);
	if (w.str.failed)
		goto nomem;
	encode_pages(&w);
	w.bodies_len = body_off;
	if (make_header(h, &w, built) < 0)
		goto nomem;
	put_meta(&m, &w, h);
	if (m.failed || m.len != w.bodies_off)
		goto nomem;
	seal(&m, &w);
	rc = write_file(&w, &m, path, d);
	goto out;
nomem:
	diag_at(d, DIAG_ERROR, path, 0, 0, "out of memory building the index");
out:
	buf_free(&m);
	writer_free(&w);
	return rc;
}
