/* t/sandbox-try.c: the C half of t/sandbox.sh: enter the sandbox
 * (src/sandbox.c) as slugserve would, then try what it must refuse.
 *
 * usage: sandbox-try INDEX SOCKET|- PATH
 * Prints "layers: N (WHY)" on stdout, then sandbox_selftest's lines on
 * stderr, for this process and for a child forked after the sandbox was
 * entered (workers are forked so). Exit status: the number of attempts
 * allowed that should have been refused, in both processes (0: good),
 * 77 when no layer could be applied (the test then skips). */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

int main(int argc, char **argv)
{
	char why[512];
	int layers, bad, st;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: sandbox-try INDEX SOCKET|- PATH\n");
		return 2;
	}
	layers = sandbox_enter(argv[1], strcmp(argv[2], "-") ? argv[2] : NULL,
			       why, sizeof(why));
	printf("layers: %d (%s)\n", layers, why);
	fflush(stdout);
	if (layers == 0)
		return 77;
	bad = sandbox_selftest(argv[3], argv[1]);
	pid = fork();
	if (pid == 0) {
		fprintf(stderr, "(in a forked child)\n");
		_exit(sandbox_selftest(argv[3], argv[1]));
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 1;
	return bad + WEXITSTATUS(st);
}
