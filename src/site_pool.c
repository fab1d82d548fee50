/* site_pool.c: run one function over the numbers 0..n-1 on a few threads,
 * so that site_load reads and renders content files on every core (see
 * site.h). The numbers are handed out one at a time from a shared counter;
 * each caller keeps its results per number, so what comes out does not
 * depend on which thread took which number. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

#include "site.h"

struct pool {
	void (*fn)(void *arg, size_t i);
	void *arg;
	size_t n;
	atomic_size_t next;	/* the next number nobody has taken */
};

static void *pool_work(void *v)
{
	struct pool *p = v;
	size_t i;

	/* relaxed: results are published by pthread_join, not the counter */
	while ((i = atomic_fetch_add_explicit(&p->next, 1,
					      memory_order_relaxed)) < p->n)
		p->fn(p->arg, i);
	return NULL;
}

unsigned site_threads(unsigned want)
{
	cpu_set_t set;
	long n;

	if (want > 0)
		return want < SITE_THREADS_MAX ? want : SITE_THREADS_MAX;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n < SITE_THREADS_AUTO ? (unsigned)n : SITE_THREADS_AUTO;
}

void site_pool_run(size_t n, unsigned threads, void (*fn)(void *arg, size_t i),
		   void *arg)
{
	pthread_t tid[SITE_THREADS_MAX];
	struct pool p = {.fn = fn, .arg = arg, .n = n};
	unsigned started = 0;

	atomic_init(&p.next, 0);
	if (threads > SITE_THREADS_MAX)
		threads = SITE_THREADS_MAX;
	if (threads > n)
		threads = (unsigned)n;
	/* a thread that cannot be started leaves its share to the others */
	while (started + 1 < threads &&
	       pthread_create(&tid[started], NULL, pool_work, &p) == 0)
		started++;
	pool_work(&p);
	while (started > 0)
		pthread_join(tid[--started], NULL);
}
