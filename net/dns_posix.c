/* dns_posix.c - see dns_posix.h. */
#include "dns_posix.h"
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct lookup {
	pthread_mutex_t lock;
	pthread_cond_t finished;
	bool done, abandoned; /* under lock */
	char host[256], port[8];
	struct addrinfo hints, *list;
	int rc;
};

static void lookup_free(struct lookup *l)
{
	pthread_cond_destroy(&l->finished);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

/* The resolver thread: hands the answer over, or frees it when the caller has given up waiting. */
static void *resolve(void *arg)
{
	struct lookup *l = arg;
	struct addrinfo *list = NULL;
	int rc = getaddrinfo(l->host, l->port, &l->hints, &list);
	pthread_mutex_lock(&l->lock);
	bool abandoned = l->abandoned;
	l->list = list;
	l->rc = rc;
	l->done = true;
	pthread_cond_signal(&l->finished);
	pthread_mutex_unlock(&l->lock);
	if (abandoned) { /* nobody waits: the lookup is this thread's to free */
		if (list)
			freeaddrinfo(list);
		lookup_free(l);
	}
	return NULL;
}

static struct lookup *lookup_new(const char *host, const char *port, int socktype)
{
	struct lookup *l = calloc(1, sizeof(*l));
	pthread_condattr_t attr;
	if (!l)
		return NULL;
	snprintf(l->host, sizeof(l->host), "%s", host);
	snprintf(l->port, sizeof(l->port), "%s", port);
	l->hints.ai_socktype = socktype;
	pthread_mutex_init(&l->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* the deadline does not move with the wall clock */
	pthread_cond_init(&l->finished, &attr);
	pthread_condattr_destroy(&attr);
	return l;
}

static bool start_thread(struct lookup *l)
{
	pthread_attr_t attr;
	pthread_t thread;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	bool ok = pthread_create(&thread, &attr, resolve, l) == 0;
	pthread_attr_destroy(&attr);
	return ok;
}

/* Waits for the thread until the deadline; false (and the lookup left to the thread) when it passed. */
static bool wait_until(struct lookup *l, unsigned timeout_ms)
{
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&l->lock);
	while (!l->done && pthread_cond_timedwait(&l->finished, &l->lock, &deadline) != ETIMEDOUT)
		;
	bool done = l->done;
	l->abandoned = !done;
	pthread_mutex_unlock(&l->lock);
	return done;
}

/* The code for getaddrinfo's answer (POSIX and glibc's netdb.h): which of the causes a technician tells apart. */
static const char *lookup_code(int rc)
{
	if (rc == 0)
		return "DNS-NO-ADDRESS"; /* an answer without addresses */
	if (rc == EAI_NONAME)
		return "DNS-NXDOMAIN";
#ifdef EAI_NODATA
	if (rc == EAI_NODATA)
		return "DNS-NO-ADDRESS";
#endif
	if (rc == EAI_AGAIN)
		return "DNS-SERVER-FAILED";
	return "DNS-LOOKUP-FAILED";
}

int dns_lookup(const char *host, const char *port, int socktype, unsigned timeout_ms, struct addrinfo **out, char *why,
	       size_t why_len, char *code)
{
	struct addrinfo numeric = { .ai_socktype = socktype, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	*out = NULL;
	if (getaddrinfo(host, port, &numeric, out) == 0) /* an address needs no lookup and no thread */
		return 0;
	struct lookup *l = lookup_new(host, port, socktype);
	if (!l || !start_thread(l)) {
		if (l)
			lookup_free(l);
		snprintf(why, why_len, "DNS: %s: the lookup could not be started (out of memory or threads)", host);
		failure_code_set(code, "NET-NO-MEMORY");
		return -1;
	}
	if (!wait_until(l, timeout_ms)) {
		snprintf(why, why_len, "DNS: %s: no answer within %u ms; check the DNS servers in /etc/resolv.conf", host,
			 timeout_ms);
		failure_code_set(code, "DNS-TIMEOUT");
		return -2;
	}
	int rc = l->rc;
	*out = l->list;
	lookup_free(l);
	if (rc == 0 && *out)
		return 0;
	snprintf(why, why_len, "DNS: %s cannot be resolved (%s)", host, rc ? gai_strerror(rc) : "no address");
	failure_code_set(code, lookup_code(rc));
	return -1;
}
