/* fuzz/hugoconfig.c: libFuzzer harness for a Hugo site's config: any
 * bytes as hugo.toml go through config_load (the TOML parser, the lookup
 * over merged files, the refused settings, the languages, the
 * [params.slugserve] table) and config_free. The bytes are written to a
 * memfd, and a private folder holds hugo.toml as a symbolic link to it, so
 * the file is found by its name as slugindex finds it. */
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
static char dir[64] = "/tmp/fuzz-hugoconfig.XXXXXX", file[96];

/* cleanup: the folder and its link go when the process ends. */
static void cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char target[64];

	(void)argc;
	(void)argv;
	fuzz_quiet();
	fd = memfd_create("hugo.toml", MFD_CLOEXEC);
	if (fd < 0 || mkdtemp(dir) == NULL) {
		perror("memfd_create or mkdtemp");
		exit(99);
	}
	snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
	snprintf(file, sizeof file, "%s/hugo.toml", dir);
	if (symlink(target, file) != 0) {
		perror("symlink");
		exit(99);
	}
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct site_config cfg;
	struct diag d = {.quiet_warnings = 1};

	if (fd < 0)
		LLVMFuzzerInitialize(NULL, NULL);
	fuzz_rewrite(fd, data, size);
	if (config_load(file, &cfg, &d) == 0) {
		/* what config_load promises on success */
		if (cfg.title == NULL || cfg.base_url == NULL ||
		    cfg.cache_control == NULL || cfg.ndirs == 0 ||
		    cfg.dirs == NULL)
			abort();
		for (size_t i = 0; i < cfg.ndirs; i++)
			if (cfg.dirs[i].dir == NULL || cfg.dirs[i].lang == NULL ||
			    cfg.dirs[i].prefix == NULL ||
			    (cfg.dirs[i].prefix[0] != '\0' &&
			     cfg.dirs[i].prefix[0] != '/'))
				abort();
	}
	config_free(&cfg);
	config_free(&cfg);	/* free functions are safe to call twice */
	return 0;
}
