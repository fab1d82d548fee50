/* index_holder.c: keeps the current index, and swaps in a replaced file
 * when it validates. The rules are in index_holder.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "index_holder.h"
#include "rules.h"

/* How often the reason for answering 503 is repeated in the log. */
#define LOG_EVERY 60

void index_holder_init(struct index_holder *h, const char *path,
		       enum index_verify verify)
{
	memset(h, 0, sizeof(*h));
	h->path = path;
	h->verify = verify;
	snprintf(h->why, sizeof(h->why), "not opened yet");
}

const struct index *index_holder_get(const struct index_holder *h)
{
	return h->idx;
}

/* set_why: a new reason for having no index; logged at once when it
 * differs from the last one, else at the next LOG_EVERY tick. */
static void set_why(struct index_holder *h, const char *reason)
{
	if (strcmp(h->why, reason) == 0)
		return;
	snprintf(h->why, sizeof(h->why), "%s", reason);
	h->last_log = 0;
}

void index_holder_log_missing(struct index_holder *h)
{
	time_t now = time(NULL);

	if (h->idx != NULL || (h->last_log != 0 && now - h->last_log < LOG_EVERY))
		return;
	h->last_log = now;
	fprintf(stderr, "slugserve: no usable index %s: %s (answering 503)\n",
		h->path, h->why);
}

static void refuse(struct index_holder *h, const struct stat *st,
		   const char *reason)
{
	h->have_bad = 1;
	h->bad_dev = st->st_dev;
	h->bad_ino = st->st_ino;
	if (h->idx != NULL) {
		fprintf(stderr, "slugserve: refusing new index %s: %s "
			"(keeping the previous one)\n", h->path, reason);
		return;
	}
	set_why(h, reason);
	index_holder_log_missing(h);
}

/* same_file: is st the file idx was opened from? */
static int same_file(const struct index *idx, const struct stat *st)
{
	dev_t dev;
	ino_t ino;

	index_file_id(idx, &dev, &ino);
	return dev == st->st_dev && ino == st->st_ino;
}

int index_holder_refresh(struct index_holder *h, int force)
{
	struct index *idx = NULL;
	enum index_err err;
	struct stat st;
	char reason[200];

	if (stat(h->path, &st) != 0) {
		/* A removed file keeps the mapping we have serving. */
		if (h->idx == NULL)
			set_why(h, strerror(errno));
		return 0;
	}
	if (!force && h->idx != NULL && same_file(h->idx, &st))
		return 0;
	if (!force && h->have_bad && h->bad_dev == st.st_dev &&
	    h->bad_ino == st.st_ino)
		return 0;
	err = index_open(h->path, h->verify, &idx);
	if (err != INDEX_OK) {
		int e = errno;

		snprintf(reason, sizeof(reason), "%s%s%s", index_strerror(err),
			 err == INDEX_ERR_OPEN ? ": " : "",
			 err == INDEX_ERR_OPEN ? strerror(e) : "");
		refuse(h, &st, reason);
		return 0;
	}
	if (h->idx != NULL && !force)
		fprintf(stderr, "slugserve: switched to new index %s\n",
			h->path);
	else if (h->idx == NULL && h->last_log != 0)
		fprintf(stderr, "slugserve: index %s is usable again\n",
			h->path);
	ruleset_free(h->rules);
	index_close(h->idx);
	h->idx = idx;
	h->rules = ruleset_new(idx);	/* NULL (no memory): no rules */
	h->have_bad = 0;
	h->last_log = 0;
	return 1;
}

struct ruleset *index_holder_rules(const struct index_holder *h)
{
	return h->rules;
}

void index_holder_fini(struct index_holder *h)
{
	ruleset_free(h->rules);
	h->rules = NULL;
	index_close(h->idx);
	h->idx = NULL;
}
