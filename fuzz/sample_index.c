/* sample_index.c: build the sample site's index in-process for the fuzz
 * harnesses (see sample_index.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../src/site_config.h"
#include "index_write.h"
#include "layout.h"
#include "sample_index.h"
#include "site.h"

#ifndef SLUG_FUZZ_TOP
#define SLUG_FUZZ_TOP "."
#endif

void fuzz_quiet(void)
{
	FILE *null;

	if (getenv("FUZZ_VERBOSE") != NULL)
		return;
	null = fopen("/dev/null", "w");
	if (null != NULL)
		stderr = null;	/* glibc's stderr is an assignable FILE * */
}

void fuzz_rewrite(int fd, const unsigned char *data, size_t size)
{
	size_t off = 0;

	if (ftruncate(fd, 0) != 0)
		abort();
	while (off < size) {
		ssize_t n = pwrite(fd, data + off, size - off, (off_t)off);

		if (n <= 0)
			abort();
		off += (size_t)n;
	}
}

static struct index *built, *built_lazy;

static void site_path(char *out, size_t cap)
{
	const char *site = getenv("SLUG_FUZZ_SITE");
	const char *top = getenv("top_srcdir");

	if (site != NULL && site[0] != '\0')
		snprintf(out, cap, "%s", site);
	else
		snprintf(out, cap, "%s/data/site.yml",
			 top != NULL && top[0] != '\0' ? top : SLUG_FUZZ_TOP);
}

const struct index *sample_index_lazy(void)
{
	sample_index();
	return built_lazy;
}

const struct index *sample_index(void)
{
	char cfgpath[4096], dir[] = "/tmp/slugfuzz.XXXXXX", idxpath[64];
	struct site_config cfg;
	struct layout layout = {0};
	struct site site = {0};
	struct site_opts opts = {.now = 0};
	struct diag d = {.quiet_warnings = 1};
	enum index_err err;

	if (built != NULL)
		return built;
	site_path(cfgpath, sizeof(cfgpath));
	opts.now = (int64_t)time(NULL);	/* as slugindex build does */
	if (mkdtemp(dir) == NULL) {
		perror("sample_index: mkdtemp");
		exit(99);
	}
	snprintf(idxpath, sizeof(idxpath), "%s/site.idx", dir);
	if (config_load(cfgpath, &cfg, &d) == 0) {
		layout_load(&layout, cfg.layout, &d);
		site_load(&site, &cfg, &opts, &d);
		if (d.errors == 0)
			index_write(&site, &layout, idxpath, opts.now, &d);
		site_free(&site);
		layout_free(&layout);
	}
	config_free(&cfg);
	err = index_open(idxpath, INDEX_VERIFY_FULL, &built);
	if (err == INDEX_OK)
		err = index_open(idxpath, INDEX_VERIFY_LAZY, &built_lazy);
	unlink(idxpath);	/* the mappings stay valid */
	rmdir(dir);
	if (err != INDEX_OK) {
		fprintf(stderr, "sample_index: cannot build an index from %s "
			"(%u errors): %s\n", cfgpath, d.errors,
			index_strerror(err));
		exit(99);
	}
	return built;
}
