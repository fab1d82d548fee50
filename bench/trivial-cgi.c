/* trivial-cgi.c: the floor of a CGI program, for bench/serve-bench.sh:
 * it prints one page read from a file, whatever the request. Not part of
 * slugserve.
 *
 * The page is the file named by TRIVIAL_CGI_PAGE in the environment
 * (lighttpd's setenv.add-environment, as slugserve gets SLUGSERVE_INDEX).
 * Writes Status: 200 OK, Content-Type, Content-Length and the file's bytes
 * to standard output; with no readable page, a 500 and exit status 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The page as read in one go; larger pages are cut (a benchmark page is
 * about 16 KB). */
static char page[1 << 20];

int main(void)
{
	const char *path = getenv("TRIVIAL_CGI_PAGE");
	FILE *f = path != NULL ? fopen(path, "rb") : NULL;
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "trivial-cgi: %s: %s\n",
			path != NULL ? path : "TRIVIAL_CGI_PAGE not set",
			path != NULL ? strerror(errno) : "");
		fputs("Status: 500 Internal Server Error\r\n"
		      "Content-Length: 0\r\n\r\n", stdout);
		return 1;
	}
	len = fread(page, 1, sizeof(page), f);
	fclose(f);
	printf("Status: 200 OK\r\n"
	       "Content-Type: text/html; charset=utf-8\r\n"
	       "Content-Length: %zu\r\n\r\n", len);
	fwrite(page, 1, len, stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}
