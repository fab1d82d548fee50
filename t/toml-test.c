/* t/toml-test.c: the TOML project's conformance suite (toml-lang/toml-test,
 * the TOML 1.0.0 cases listed in its files-toml-1.0.0) through toml_load,
 * one TAP line per case: a valid document must load into the tree its
 * .json file describes, an invalid one must be refused with a message
 * that names file:line:column. The suite's folder is $SLUG_TOML_TEST
 * (default: ../shared/toml-test/tests beside the source tree).
 *
 * The expected JSON is tagged: a scalar is {"type": T, "value": "text"},
 * tables are objects, arrays are arrays. A small JSON reader for it is
 * here (tjson_*); floats compare by value (nan equals nan), date-times by
 * their text or, failing that, as instants. */
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/diag.h"
#include "../src/toml.h"
#include "tap.h"

#ifndef TOML_TEST_DEFAULT
#define TOML_TEST_DEFAULT "../shared/toml-test/tests"
#endif

/* Cases that are expected to fail, with why (printed as TAP TODO). */
static const struct {
	const char *name, *why;
} todo[] = {
	{NULL, NULL},
};

enum tj_type { TJ_OBJ, TJ_ARR, TJ_STR, TJ_OTHER };

struct tj {
	enum tj_type type;
	char *s;		/* owned: TJ_STR's decoded text */
	size_t n;		/* its length */
	struct tj **kid;	/* owned: items, or (key, value) pairs */
	size_t nkid;
};

struct tj_in {
	const char *s, *end;
	int depth;
};

static void tj_free(struct tj *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->nkid; i++)
		tj_free(j->kid[i]);
	free(j->kid);
	free(j->s);
	free(j);
}

static void tj_ws(struct tj_in *in)
{
	while (in->s < in->end && strchr(" \t\r\n", *in->s))
		in->s++;
}

static int tj_add(struct tj *j, struct tj *kid)
{
	struct tj **k;

	if (kid == NULL)
		return -1;
	k = realloc(j->kid, (j->nkid + 1) * sizeof *k);
	if (k == NULL) {
		tj_free(kid);
		return -1;
	}
	j->kid = k;
	j->kid[j->nkid++] = kid;
	return 0;
}

static void put_utf8(char *o, size_t *n, unsigned long cp)
{
	if (cp < 0x80) {
		o[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*n)++] = (char)(0xC0 | cp >> 6);
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		o[(*n)++] = (char)(0xE0 | cp >> 12);
		o[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		o[(*n)++] = (char)(0xF0 | cp >> 18);
		o[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static unsigned long hex4(const char *s)
{
	char h[5] = {0};

	memcpy(h, s, 4);
	return strtoul(h, NULL, 16);
}

static struct tj *tj_string(struct tj_in *in)
{
	struct tj *j = calloc(1, sizeof *j);
	const char *s = ++in->s;
	size_t n = 0;

	if (j == NULL)
		return NULL;
	j->type = TJ_STR;
	j->s = malloc((size_t)(in->end - s) + 1);
	if (j->s == NULL)
		goto bad;
	while (s < in->end && *s != '"') {
		if (*s != '\\') {
			j->s[n++] = *s++;
			continue;
		}
		if (++s >= in->end)
			goto bad;
		if (*s == 'u' && in->end - s >= 5) {
			unsigned long cp = hex4(s + 1);

			s += 5;
			if (cp >= 0xD800 && cp < 0xDC00 && in->end - s >= 6 &&
			    s[0] == '\\' && s[1] == 'u') {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (hex4(s + 2) - 0xDC00);
				s += 6;
			}
			put_utf8(j->s, &n, cp);
			continue;
		}
		const char *e = strchr("b\bf\fn\nr\rt\t\"\"\\\\//", *s);

		if (e == NULL || (e - "b\bf\fn\nr\rt\t\"\"\\\\//") % 2)
			goto bad;
		j->s[n++] = e[1];
		s++;
	}
	if (s >= in->end)
		goto bad;
	j->s[n] = '\0';
	j->n = n;
	in->s = s + 1;
	return j;
bad:
	tj_free(j);
	return NULL;
}

static struct tj *tj_value(struct tj_in *in);

/* An object ({...}, kid = key, value, ...) or an array ([...]). */
static struct tj *tj_container(struct tj_in *in, char close)
{
	struct tj *j = calloc(1, sizeof *j);

	if (j == NULL)
		return NULL;
	j->type = close == '}' ? TJ_OBJ : TJ_ARR;
	in->s++;
	tj_ws(in);
	if (in->s < in->end && *in->s == close) {
		in->s++;
		return j;
	}
	for (;;) {
		tj_ws(in);
		if (close == '}') {
			if (in->s >= in->end || *in->s != '"' ||
			    tj_add(j, tj_string(in)) < 0)
				break;
			tj_ws(in);
			if (in->s >= in->end || *in->s++ != ':')
				break;
		}
		if (tj_add(j, tj_value(in)) < 0)
			break;
		tj_ws(in);
		if (in->s < in->end && *in->s == ',') {
			in->s++;
			continue;
		}
		if (in->s < in->end && *in->s++ == close)
			return j;
		break;
	}
	tj_free(j);
	return NULL;
}

static struct tj *tj_value(struct tj_in *in)
{
	struct tj *j;

	tj_ws(in);
	if (in->s >= in->end || ++in->depth > 200)
		return NULL;
	if (*in->s == '"')
		j = tj_string(in);
	else if (*in->s == '{' || *in->s == '[')
		j = tj_container(in, *in->s == '{' ? '}' : ']');
	else
		j = NULL;	/* the tagged format has nothing else */
	in->depth--;
	return j;
}

/* The JSON member named key of object j, or NULL. */
static const struct tj *tj_get(const struct tj *j, const char *key, size_t n)
{
	for (size_t i = 0; j->type == TJ_OBJ && i + 1 < j->nkid; i += 2)
		if (j->kid[i]->n == n && memcmp(j->kid[i]->s, key, n) == 0)
			return j->kid[i + 1];
	return NULL;
}

/* A date-time as an instant: seconds since 1970 and the fraction's
 * digits without trailing zeros. -1 when it does not read as one. */
static int instant(const char *s, int64_t *sec, char frac[32])
{
	struct tm tm = {0};
	int y, mo, d, h, mi, se, oh = 0, om = 0, k = 0;
	char sign = '+';
	const char *p;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se,
		   &k) != 6)
		return -1;
	p = s + k;
	frac[0] = '\0';
	if (*p == '.') {
		size_t n = strspn(++p, "0123456789");

		if (n > 31)
			return -1;
		memcpy(frac, p, n);
		frac[n] = '\0';
		while (n > 0 && frac[n - 1] == '0')
			frac[--n] = '\0';
		p += strspn(p, "0123456789");
	}
	if (*p != 'Z' && sscanf(p, "%c%2d:%2d", &sign, &oh, &om) != 3)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*sec = (int64_t)timegm(&tm) - (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	return 0;
}

static const struct {
	const char *tag, *type;
} tag_types[] = {
	{TOML_TAG_STR, "string"}, {TOML_TAG_INT, "integer"},
	{TOML_TAG_FLOAT, "float"}, {TOML_TAG_BOOL, "bool"},
	{TOML_TAG_DATETIME, "datetime"},
	{TOML_TAG_DATETIME_LOCAL, "datetime-local"},
	{TOML_TAG_DATE_LOCAL, "date-local"},
	{TOML_TAG_TIME_LOCAL, "time-local"},
};

/* Whether scalar n has the type and value of tagged JSON j; why says how
 * it differs. */
static int same_scalar(const yaml_node_t *n, const struct tj *j,
		       char *why, size_t wn)
{
	const struct tj *ty = tj_get(j, "type", 4), *v = tj_get(j, "value", 5);
	const char *tag = (const char *)n->tag;
	const char *got = (const char *)n->data.scalar.value;
	const char *type = "?";

	if (ty == NULL || v == NULL || ty->type != TJ_STR || v->type != TJ_STR)
		return snprintf(why, wn, "a scalar where JSON has a table"), 0;
	for (size_t i = 0; i < sizeof tag_types / sizeof tag_types[0]; i++)
		if (strcmp(tag, tag_types[i].tag) == 0)
			type = tag_types[i].type;
	if (strcmp(type, ty->s) != 0)
		return snprintf(why, wn, "type %s, want %s", type, ty->s), 0;
	if (n->data.scalar.length == v->n && memcmp(got, v->s, v->n) == 0)
		return 1;
	if (strcmp(type, "integer") == 0 &&
	    strtoll(got, NULL, 10) == strtoll(v->s, NULL, 10))
		return 1;
	if (strcmp(type, "float") == 0) {
		double a = strtod(got, NULL), b = strtod(v->s, NULL);

		if (a == b || (isnan(a) && isnan(b)))
			return 1;
	}
	if (strcmp(type, "datetime") == 0) {
		int64_t a, b;
		char fa[32], fb[32];

		if (instant(got, &a, fa) == 0 && instant(v->s, &b, fb) == 0 &&
		    a == b && strcmp(fa, fb) == 0)
			return 1;
	}
	snprintf(why, wn, "%s '%s', want '%s'", type, got, v->s);
	return 0;
}

/* Whether the tree under node id equals JSON j (depth-bounded: the suite's
 * documents are shallow). */
static int same(yaml_document_t *doc, int id, const struct tj *j, char *why,
		size_t wn, int depth)
{
	yaml_node_t *n = yaml_document_get_node(doc, id);

	if (depth > 100)
		return snprintf(why, wn, "too deep"), 0;
	if (n->type == YAML_SCALAR_NODE)
		return same_scalar(n, j, why, wn);
	if (n->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *it = n->data.sequence.items.start;
		size_t cnt = (size_t)(n->data.sequence.items.top - it);

		if (j->type != TJ_ARR || j->nkid != cnt)
			return snprintf(why, wn, "an array of %zu, JSON differs",
					cnt), 0;
		for (size_t i = 0; i < cnt; i++)
			if (!same(doc, it[i], j->kid[i], why, wn, depth + 1))
				return 0;
		return 1;
	}
	yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	size_t cnt = (size_t)(n->data.mapping.pairs.top - pr);

	if (j->type != TJ_OBJ || j->nkid != 2 * cnt ||
	    (cnt == 2 && tj_get(j, "type", 4) && tj_get(j, "value", 5) &&
	     tj_get(j, "type", 4)->type == TJ_STR))
		return snprintf(why, wn, "a table of %zu keys, JSON differs",
				cnt), 0;
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *k = yaml_document_get_node(doc, pr[i].key);
		const struct tj *jv = tj_get(j, (const char *)k->data.scalar.value,
					     k->data.scalar.length);

		if (jv == NULL)
			return snprintf(why, wn, "key '%s' is not in the JSON",
					k->data.scalar.value), 0;
		if (!same(doc, pr[i].value, jv, why, wn, depth + 1))
			return 0;
	}
	return 1;
}

/* The whole file at path (NUL-terminated, owned by the caller), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 4096) {
			nb = realloc(buf, cap = cap * 2 + 8192);
			if (nb == NULL)
				break;
			buf = nb;
		}
		n += r = fread(buf + n, 1, cap - n - 1, f);
	} while (r > 0);
	fclose(f);
	if (nb == NULL) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static const char *todo_for(const char *name)
{
	for (size_t i = 0; todo[i].name != NULL; i++)
		if (strcmp(todo[i].name, name) == 0)
			return todo[i].why;
	return NULL;
}

static void result(int pass, const char *name, const char *why)
{
	const char *t = todo_for(name);

	if (t != NULL)
		ok(pass, "%s # TODO %s", name, t);
	else
		ok(pass, "%s", name);
	if (!pass)
		diag("%s", why);
}

/* Load dir/name; 0 or -1, the messages in d->held. */
static int load(const char *dir, const char *name, yaml_document_t *doc,
		struct diag *d, char *path, size_t pn)
{
	size_t len = 0;
	char *text, *exact;
	int rc;

	snprintf(path, pn, "%s/%s", dir, name);
	memset(d, 0, sizeof *d);
	d->hold = 1;
	if ((text = slurp(path, &len)) == NULL)
		return -2;
	/* an exact-size copy: a read past the end shows under ASan */
	if ((exact = malloc(len ? len : 1)) == NULL) {
		free(text);
		return -2;
	}
	memcpy(exact, text, len);
	free(text);
	rc = toml_load(doc, exact, len, name, 1, d);
	free(exact);
	return rc;
}

static void valid_case(const char *dir, const char *name)
{
	char path[4096], why[512] = "";
	yaml_document_t doc;
	struct diag d;
	struct tj_in in;
	struct tj *j = NULL;
	char *json = NULL;
	size_t jlen = 0;
	int rc = load(dir, name, &doc, &d, path, sizeof path), pass = 0;

	if (rc == -2) {
		snprintf(why, sizeof why, "cannot read %.400s", path);
	} else if (rc < 0) {
		snprintf(why, sizeof why, "refused: %s", d.held ? d.held : "");
	} else {
		strcpy(path + strlen(path) - 4, "json");
		json = slurp(path, &jlen);
		in = (struct tj_in){json, json + jlen, 0};
		j = json ? tj_value(&in) : NULL;
		if (j == NULL)
			snprintf(why, sizeof why, "cannot read %.400s", path);
		else
			pass = same(&doc, 1, j, why, sizeof why, 0);
		yaml_document_delete(&doc);
	}
	result(pass, name, why);
	tj_free(j);
	free(json);
	diag_free(&d);
}

static void invalid_case(const char *dir, const char *name)
{
	char path[4096], why[512] = "", pat[1200];
	yaml_document_t doc;
	struct diag d;
	regex_t re;
	int rc = load(dir, name, &doc, &d, path, sizeof path), pass = 0;

	if (rc == 0) {
		snprintf(why, sizeof why, "accepted");
		yaml_document_delete(&doc);
	} else if (rc == -2) {
		snprintf(why, sizeof why, "cannot read %.400s", path);
	} else {
		snprintf(pat, sizeof pat, "^[^:]+:[0-9]+:[0-9]+: error: ");
		pass = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) == 0 &&
		       d.held != NULL && strncmp(d.held, name, strlen(name)) == 0 &&
		       regexec(&re, d.held, 0, NULL, 0) == 0;
		regfree(&re);
		snprintf(why, sizeof why, "message without file:line:column: %s",
			 d.held ? d.held : "(none)");
	}
	result(pass, name, why);
	diag_free(&d);
}

/* A document made of head, then body n times, then tail; a body with
 * "%zu" in it gets the repetition's number there (distinct keys). */
static char *repeat(const char *head, const char *body, size_t n,
		    const char *tail, size_t *len)
{
	size_t h = strlen(head), b = strlen(body) + 20, t = strlen(tail);
	const char *mark = strstr(body, "%zu");
	char *s = malloc(h + b * n + t + 1), *o = s;

	if (s == NULL)
		return NULL;
	memcpy(o, head, h);
	o += h;
	for (size_t i = 0; i < n; i++) {
		if (mark != NULL) {
			o += snprintf(o, b, "%.*s%zu%s", (int)(mark - body), body,
				      i, mark + 3);
		} else {
			memcpy(o, body, b - 20);
			o += b - 20;
		}
	}
	memcpy(o, tail, t + 1);
	*len = (size_t)(o - s) + t;
	return s;
}

/* Arrays nested 64 deep load; 65 deep are refused. */
static void depth_limit(void)
{
	for (int depth = 64; depth <= 65; depth++) {
		char text[200] = "a = ";
		struct diag d = {.hold = 1};
		yaml_document_t doc;
		int rc;

		memset(text + 4, '[', (size_t)depth);
		memset(text + 4 + depth, ']', (size_t)depth);
		rc = toml_load(&doc, text, strlen(text), "p.toml", 1, &d);
		if (rc == 0)
			yaml_document_delete(&doc);
		ok((rc == 0) == (depth == 64), "pathological: arrays nested %d "
		   "deep are %s", depth, depth == 64 ? "read" : "refused");
		diag_free(&d);
	}
}

/* Worst cases, whether or not the suite is here: deep nesting is refused
 * without recursing (no stack overflow), and large documents load in
 * time linear in their size (a quadratic step would take minutes). */
static void pathological(void)
{
	static const struct {
		const char *name, *head, *body, *tail;
		size_t n;
		int accept;
	} cases[] = {
		{"100000 nested arrays", "a = ", "[", "", 100000, 0},
		{"100000 nested inline tables", "a = ", "{b = ", "", 100000, 0},
		{"200000 keys in one table", "", "\"k%zu\" = 1\n", "", 200000, 1},
		{"200000 keys, one defined twice", "", "k%zu = 1\n", "k7 = 2\n",
		 200000, 0},
		{"a dotted key of 100000 parts", "", "a.", "b = 1\n", 100000, 1},
		{"100000 [[array of tables]] entries", "", "[[t.u]]\nx = 1\n", "",
		 100000, 1},
		{"an array of 300000 values", "a = [", "1,", "]\n", 300000, 1},
		{"a string of 1000000 escapes", "a = \"", "\\u00e9", "\"\n",
		 1000000, 1},
		{"a multi-line string of 500000 lines", "a = \"\"\"", "x\\\n",
		 "\"\"\"\n", 500000, 1},
		{"500000 comment lines, then an error", "", "# c\n", "x\n", 500000,
		 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = 0;
		char *doc_text = repeat(cases[i].head, cases[i].body, cases[i].n,
					cases[i].tail, &len);
		struct diag d = {.hold = 1};
		yaml_document_t doc;
		struct timespec t0, t1;
		double secs;
		int rc;

		if (doc_text == NULL) {
			ok(0, "pathological: %s (out of memory)", cases[i].name);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = toml_load(&doc, doc_text, len, "p.toml", 1, &d);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (rc == 0)
			yaml_document_delete(&doc);
		ok((rc == 0) == (cases[i].accept != 0) && secs < 10,
		   "pathological: %s: %s in %.2f s", cases[i].name,
		   rc == 0 ? "loaded" : "refused", secs);
		diag_free(&d);
		free(doc_text);
	}
	depth_limit();
}

int main(void)
{
	const char *dir = getenv("SLUG_TOML_TEST");
	char list[4096], *text, *line, *save = NULL;
	size_t len;

	if (dir == NULL || *dir == '\0')
		dir = TOML_TEST_DEFAULT;
	snprintf(list, sizeof list, "%s/files-toml-1.0.0", dir);
	pathological();
	if ((text = slurp(list, &len)) == NULL) {
		ok(1, "# SKIP toml-test not found at %s", dir);
		return tap_done();
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);

		if (n < 5 || strcmp(line + n - 5, ".toml") != 0)
			continue;
		if (strncmp(line, "valid/", 6) == 0)
			valid_case(dir, line);
		else if (strncmp(line, "invalid/", 8) == 0)
			invalid_case(dir, line);
	}
	free(text);
	return tap_done();
}
