/* fuzz/replay.c: a main() for the fuzz harnesses without libFuzzer, so
 * that saved inputs (fuzz/seeds/, fuzz/regress/) are replayed through the
 * same entry point by any compiler, in make check. Link it with one
 * harness: "replay-index FILE..." calls LLVMFuzzerInitialize once, then
 * LLVMFuzzerTestOneInput on each file's bytes, and prints one TAP line per
 * file. A harness that finds a broken contract abort()s, so a failing
 * input shows as a crash of the replay with that file named before it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* read_all: the whole file in a new buffer of exactly its size (so that a
 * harness reading past the input is caught by a sanitizer build). */
static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *grown;
	size_t cap = 0, n = 0, got;
	unsigned char chunk[65536];

	if (f == NULL)
		return NULL;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (got > cap - n) {
			cap = n + got;
			grown = realloc(buf, cap);
			if (grown == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		memcpy(buf + n, chunk, got);
		n += got;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf != NULL ? buf : malloc(1);
}

int main(int argc, char **argv)
{
	int i, failed = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	printf("1..%d\n", argc - 1);
	for (i = 1; i < argc; i++) {
		size_t len = 0;
		unsigned char *buf = read_all(argv[i], &len);

		if (buf == NULL) {
			printf("not ok %d - %s: %s\n", i, argv[i],
			       strerror(errno));
			failed = 1;
			continue;
		}
		fprintf(stderr, "replay: %s (%zu bytes)\n", argv[i], len);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %d - %s\n", i, argv[i]);
		fflush(stdout);
	}
	return failed;
}
