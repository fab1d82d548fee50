/* fuzz/config.c: libFuzzer harness for the site config: any bytes as
 * site.yml go through config_load (libyaml, the key table, every value
 * check, the legacy rules' PCRE2 compile) and config_free. The bytes are
 * written to a memfd and read back by path (/proc/self/fd/N), so the
 * config is read exactly as slugindex reads a file; relative folders then
 * resolve under /proc/self/fd, which only names them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../src/site_config.h"
#include "sample_index.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	fd = memfd_create("site.yml", MFD_CLOEXEC);
	if (fd < 0) {
		perror("memfd_create");
		exit(99);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

/* Values that go into response headers must be printable ASCII. */
static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct site_config cfg;
	struct diag d = {.quiet_warnings = 1};

	if (fd < 0)
		LLVMFuzzerInitialize(NULL, NULL);
	fuzz_rewrite(fd, data, size);
	if (config_load(path, &cfg, &d) == 0) {
		/* what config_load promises on success */
		if (cfg.title == NULL || cfg.base_url == NULL ||
		    cfg.cache_control == NULL || !printable(cfg.base_url) ||
		    !printable(cfg.cache_control) ||
		    (unsigned)cfg.alias_mode >= ALIAS__MAX ||
		    (cfg.ndirs > 0 && cfg.dirs == NULL))
			abort();
		for (size_t i = 0; i < cfg.ndirs; i++)
			if (cfg.dirs[i].dir == NULL || cfg.dirs[i].lang == NULL ||
			    cfg.dirs[i].prefix == NULL)
				abort();
	}
	config_free(&cfg);
	config_free(&cfg);	/* free functions are safe to call twice */
	return 0;
}
