/* sandbox.c: Landlock and seccomp-bpf confinement of slugserve after start
 * (see sandbox.h for what is allowed and why). Raw system calls and BPF,
 * no libseccomp: the filter is a short deny-list checked against the
 * architecture it was built for; Landlock's rights are chosen by the ABI
 * version the running kernel reports, so that a newer header or kernel
 * never asks for a right the other does not know. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>

#include "log.h"
#include "sandbox.h"

/* Landlock rights newer than the headers of Debian 12 (Linux 6.1). */
#define LL_FS_TRUNCATE (1ULL << 14)		/* ABI 3 */
#define LL_FS_IOCTL_DEV (1ULL << 15)		/* ABI 5 */
#define LL_NET_BIND_TCP (1ULL << 0)		/* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)		/* ABI 4 */
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)	/* ABI 6 */
#define LL_SCOPE_SIGNAL (1ULL << 1)		/* ABI 6 */

/* struct landlock_ruleset_attr as of ABI 6; older kernels get a prefix
 * (the size argument says how much). */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

#if defined(__x86_64__)
#define SANDBOX_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SANDBOX_ARCH AUDIT_ARCH_AARCH64
#endif

static void append(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* append: add to the message in why, as snprintf does (cut when full). */
static void append(char *why, size_t whylen, const char *fmt, ...)
{
	size_t n = strnlen(why, whylen);
	va_list ap;

	if (n + 1 >= whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why + n, whylen - n, fmt, ap);
	va_end(ap);
}

/* dir_of: the folder of path into out ("." for a bare name). */
static void dir_of(const char *path, char *out, size_t cap)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL) {
		snprintf(out, cap, ".");
		return;
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, path, n);
	out[n] = '\0';
}

static int ll_allow(int ruleset, const char *dir, uint64_t access)
{
	struct landlock_path_beneath_attr pb;
	int fd = open(dir, O_PATH | O_CLOEXEC | O_DIRECTORY), rc, saved;

	if (fd < 0)
		return -1;
	memset(&pb, 0, sizeof(pb));
	pb.allowed_access = access;
	pb.parent_fd = fd;
	rc = (int)syscall(SYS_landlock_add_rule, ruleset,
			  LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* landlock: returns 0 when in force, else -1 with the reason in why. */
static int landlock(const char *index_path, const char *socket_path,
		    char *why, size_t whylen)
{
	struct ll_ruleset_attr attr;
	char dir[PATH_MAX], real[PATH_MAX], rdir[PATH_MAX];
	size_t size = sizeof(attr.handled_access_fs);
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
			   LANDLOCK_CREATE_RULESET_VERSION);
	int ruleset, rc = -1;

	if (abi < 1) {
		append(why, whylen, "no Landlock (%s)", strerror(errno));
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	/* every file-system right this ABI knows: all closed by default */
	attr.handled_access_fs = abi >= 5 ? (LL_FS_IOCTL_DEV << 1) - 1
			       : abi >= 3 ? (LL_FS_TRUNCATE << 1) - 1
			       : abi >= 2 ? (LANDLOCK_ACCESS_FS_REFER << 1) - 1
					  : (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;
	if (abi >= 4) {
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		size = offsetof(struct ll_ruleset_attr, scoped);
	}
	if (abi >= 6) {
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
		size = sizeof(attr);
	}
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (ruleset < 0) {
		append(why, whylen, "no Landlock ruleset (%s)",
		       strerror(errno));
		return -1;
	}
	dir_of(index_path, dir, sizeof(dir));
	if (ll_allow(ruleset, dir, LANDLOCK_ACCESS_FS_READ_FILE) < 0) {
		append(why, whylen, "no Landlock: index folder %s: %s", dir,
		       strerror(errno));
		goto out;
	}
	/* an index reached through a symbolic link: its real folder too */
	if (realpath(index_path, real) != NULL) {
		dir_of(real, rdir, sizeof(rdir));
		if (strcmp(rdir, dir) != 0)
			ll_allow(ruleset, rdir, LANDLOCK_ACCESS_FS_READ_FILE);
	}
	if (socket_path != NULL) {
		dir_of(socket_path, dir, sizeof(dir));
		if (ll_allow(ruleset, dir, LANDLOCK_ACCESS_FS_REMOVE_FILE) < 0) {
			append(why, whylen, "no Landlock: socket folder %s: %s",
			       dir, strerror(errno));
			goto out;
		}
	}
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0) {
		append(why, whylen, "no Landlock: restrict: %s",
		       strerror(errno));
		goto out;
	}
	append(why, whylen, "Landlock ABI %ld (files: read under the index's "
	       "folder only%s)", abi, abi >= 4 ? "; no TCP bind/connect" : "");
	rc = 0;
out:
	close(ruleset);
	return rc;
}

#ifdef SANDBOX_ARCH

#define DENY(err) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((err) & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))

/* System calls that fail with EPERM once serving: nothing a responder
 * that only reads its index and writes to its socket needs. */
static const int denied[] = {
	__NR_execve, __NR_execveat, __NR_ptrace, __NR_process_vm_readv,
	__NR_process_vm_writev, __NR_socket, __NR_socketpair, __NR_connect,
	__NR_bind, __NR_listen, __NR_mount, __NR_umount2, __NR_pivot_root,
	__NR_chroot, __NR_swapon, __NR_swapoff, __NR_reboot,
	__NR_init_module, __NR_finit_module, __NR_delete_module,
	__NR_kexec_load, __NR_bpf, __NR_perf_event_open, __NR_keyctl,
	__NR_add_key, __NR_request_key, __NR_unshare, __NR_setns,
	__NR_userfaultfd, __NR_open_by_handle_at, __NR_name_to_handle_at,
	__NR_linkat, __NR_symlinkat, __NR_renameat, __NR_renameat2,
	__NR_mkdirat, __NR_mknodat, __NR_fchmod, __NR_fchmodat, __NR_fchown,
	__NR_fchownat, __NR_truncate, __NR_ftruncate, __NR_setuid,
	__NR_setgid, __NR_setreuid, __NR_setregid, __NR_setresuid,
	__NR_setresgid, __NR_setgroups, __NR_personality, __NR_acct,
	__NR_settimeofday, __NR_clock_settime, __NR_sethostname,
	__NR_setdomainname, __NR_io_uring_setup, __NR_io_uring_enter,
	__NR_io_uring_register,
#ifdef __NR_kexec_file_load
	__NR_kexec_file_load,
#endif
#ifdef __NR_creat	/* the legacy calls x86_64 still has */
	__NR_creat, __NR_link, __NR_symlink, __NR_rename, __NR_mkdir,
	__NR_rmdir, __NR_mknod, __NR_chmod, __NR_chown, __NR_lchown,
	__NR_iopl, __NR_ioperm,
#endif
};

/* open flags that write or create */
#define WRITE_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)

static int seccomp(char *why, size_t whylen)
{
	enum { N = sizeof(denied) / sizeof(denied[0]) };
	struct sock_filter f[8 + 2 * N + 12];
	struct sock_fprog prog;
	size_t k = 0;

	f[k++] = (struct sock_filter)LOAD(arch);
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_ARCH, 1, 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	f[k++] = (struct sock_filter)LOAD(nr);
#ifdef __x86_64__
	/* the x32 ABI shares the architecture value: refuse it whole */
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1);
	f[k++] = (struct sock_filter)DENY(EPERM);
#endif
	for (size_t i = 0; i < N; i++) {
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)denied[i], 0, 1);
		f[k++] = (struct sock_filter)DENY(EPERM);
	}
	/* openat2's flags are behind a pointer: ENOSYS makes libc use openat */
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat2, 0, 1);
	f[k++] = (struct sock_filter)DENY(ENOSYS);
#ifdef __NR_open
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 0, 4);
	f[k++] = (struct sock_filter)LOAD(args[1]);	/* low half: little-endian */
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, WRITE_FLAGS, 0, 1);
	f[k++] = (struct sock_filter)DENY(EPERM);
	f[k++] = (struct sock_filter)ALLOW;
#endif
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 4);
	f[k++] = (struct sock_filter)LOAD(args[2]);
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, WRITE_FLAGS, 0, 1);
	f[k++] = (struct sock_filter)DENY(EPERM);
	f[k++] = (struct sock_filter)ALLOW;
	f[k++] = (struct sock_filter)ALLOW;
	prog.len = (unsigned short)k;
	prog.filter = f;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
		append(why, whylen, "%sno seccomp (%s)", *why ? "; " : "",
		       strerror(errno));
		return -1;
	}
	append(why, whylen, "%sseccomp (no exec, no opening for writing, no "
	       "new sockets)", *why ? "; " : "");
	return 0;
}

#else

static int seccomp(char *why, size_t whylen)
{
	append(why, whylen, "%sno seccomp (%s)", *why ? "; " : "",
	       "filter not written for this architecture");
	return -1;
}

#endif

int sandbox_enter(const char *index_path, const char *socket_path,
		  char *why, size_t whylen)
{
	int layers = 0;

	if (whylen > 0)
		why[0] = '\0';
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		append(why, whylen, "no sandbox: no_new_privs: %s",
		       strerror(errno));
		return 0;
	}
	if (landlock(index_path, socket_path, why, whylen) == 0)
		layers |= SANDBOX_LANDLOCK;
	if (seccomp(why, whylen) == 0)
		layers |= SANDBOX_SECCOMP;
	return layers;
}

/* report: one selftest line; returns 1 when allowed but should not be. */
static int report(const char *what, int allowed, int err, int want_allowed)
{
	log_notice("sandbox selftest: %s: %s%s%s%s", what,
		   allowed ? "allowed" : "denied", allowed ? "" : " (",
		   allowed ? "" : strerror(err), allowed ? "" : ")");
	return allowed && !want_allowed;
}

int sandbox_selftest(const char *path, const char *index_path)
{
	char what[PATH_MAX + 64], dir[PATH_MAX], tmpf[PATH_MAX + 32];
	struct sockaddr_in sin;
	int fd, bad = 0, st;
	pid_t pid;

	snprintf(what, sizeof(what), "open %s for reading", path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	bad += report(what, fd >= 0, errno, 0);
	if (fd >= 0)
		close(fd);

	snprintf(what, sizeof(what), "open the index %s for reading", index_path);
	fd = open(index_path, O_RDONLY | O_CLOEXEC);
	report(what, fd >= 0, errno, 1);
	if (fd >= 0)
		close(fd);

	dir_of(index_path, dir, sizeof(dir));
	snprintf(tmpf, sizeof(tmpf), "%s/.sandbox-selftest.%ld", dir,
		 (long)getpid());
	snprintf(what, sizeof(what), "create %s", tmpf);
	fd = open(tmpf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	bad += report(what, fd >= 0, errno, 0);
	if (fd >= 0) {
		close(fd);
		unlink(tmpf);
	}

	pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)"true", NULL };

		execv("/bin/true", argv);
		_exit(errno & 0x7f);
	}
	if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st))
		bad += report("run /bin/true", WEXITSTATUS(st) == 0,
			      WEXITSTATUS(st), 0);

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bad += report("open a TCP socket", fd >= 0, errno, 0);
	if (fd >= 0) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(9);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		/* refused (no listener) counts as allowed: it was attempted */
		st = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 ||
		     errno == ECONNREFUSED;
		bad += report("connect to 127.0.0.1:9", st, errno, 0);
		close(fd);
	}
	return bad;
}
