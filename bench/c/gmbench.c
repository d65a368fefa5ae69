/*
 * gmbench - libgearman (C) reference contender for the gearman-cdi benchmark.
 *
 *   gmbench worker --host H --port P --function F [--connections N]
 *   gmbench client --host H --port P --function F --mode fg|bg|latency
 *                  --inflight K --payload BYTES --seconds S [--warmup S]
 *
 * See bench/README.md for the exact contract (flags, RESULT line) that every
 * contender of bench/run has to follow.
 *
 * Licensed under the Apache License, Version 2.0 (see LICENSE at the root).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgearman/gearman.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* If the server sends nothing for this long, a blocking libgearman call gives up. */
#define IO_TIMEOUT_MS 10000
#define MAX_PAYLOAD (64u * 1024u * 1024u)
#define MAX_CONNECTIONS 1024u
#define MAX_INFLIGHT 65536u

/* ------------------------------------------------------------------------ */
/* options                                                                  */

enum mode { MODE_FG, MODE_BG, MODE_LATENCY };

struct options {
    const char *host;
    in_port_t port;
    const char *function;
    unsigned connections;
    enum mode mode;
    unsigned inflight;
    size_t payload;
    double seconds;
    double warmup;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage:\n"
            "  gmbench worker --host H --port P --function F [--connections N]\n"
            "  gmbench client --host H --port P --function F --mode fg|bg|latency\n"
            "                 --inflight K --payload BYTES --seconds S [--warmup S]\n"
            "defaults: --host 127.0.0.1 --port 4730 --function gmbench_echo --connections 1\n"
            "          --mode fg --inflight 1 --payload 100 --seconds 5 --warmup 0\n");
}

static bool parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    errno = 0;
    if (s == NULL || *s == '\0' || *s == '-')
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool parse_seconds(const char *s, double min, double *out)
{
    char *end = NULL;
    errno = 0;
    if (s == NULL || *s == '\0')
        return false;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < min || v > 86400.0)
        return false;
    *out = v;
    return true;
}

static const char *option_name(const struct option *opts, int val)
{
    for (; opts->name != NULL; opts++)
        if (opts->val == val)
            return opts->name;
    return "?";
}

/* Returns 0 on success, 2 on a usage error (message already printed). */
static int parse_options(int argc, char **argv, bool client, struct options *o)
{
    static const struct option longopts[] = {
        {"host", required_argument, NULL, 'h'},
        {"port", required_argument, NULL, 'p'},
        {"function", required_argument, NULL, 'f'},
        {"connections", required_argument, NULL, 'c'},
        {"mode", required_argument, NULL, 'm'},
        {"inflight", required_argument, NULL, 'k'},
        {"payload", required_argument, NULL, 'b'},
        {"seconds", required_argument, NULL, 's'},
        {"warmup", required_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'H'},
        {NULL, 0, NULL, 0},
    };
    *o = (struct options){
        .host = "127.0.0.1", .port = 4730, .function = "gmbench_echo", .connections = 1,
        .mode = MODE_FG, .inflight = 1, .payload = 100, .seconds = 5.0, .warmup = 0.0,
    };
    unsigned long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            o->host = optarg;
            break;
        case 'p':
            if (!parse_ulong(optarg, 1, 65535, &v))
                goto bad;
            o->port = (in_port_t)v;
            break;
        case 'f':
            if (optarg[0] == '\0' || strlen(optarg) >= GEARMAN_FUNCTION_MAX_SIZE)
                goto bad;
            o->function = optarg;
            break;
        case 'c':
            if (client || !parse_ulong(optarg, 1, MAX_CONNECTIONS, &v))
                goto bad;
            o->connections = (unsigned)v;
            break;
        case 'm':
            if (!client)
                goto bad;
            if (strcmp(optarg, "fg") == 0)
                o->mode = MODE_FG;
            else if (strcmp(optarg, "bg") == 0)
                o->mode = MODE_BG;
            else if (strcmp(optarg, "latency") == 0)
                o->mode = MODE_LATENCY;
            else
                goto bad;
            break;
        case 'k':
            if (!client || !parse_ulong(optarg, 1, MAX_INFLIGHT, &v))
                goto bad;
            o->inflight = (unsigned)v;
            break;
        case 'b':
            if (!client || !parse_ulong(optarg, 0, MAX_PAYLOAD, &v))
                goto bad;
            o->payload = (size_t)v;
            break;
        case 's':
            if (!client || !parse_seconds(optarg, 0.001, &o->seconds))
                goto bad;
            break;
        case 'w':
            if (!client || !parse_seconds(optarg, 0.0, &o->warmup))
                goto bad;
            break;
        case 'H':
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return 2;
        }
        continue;
    bad:
        fprintf(stderr, "gmbench: invalid value or option for this command: --%s %s\n", option_name(longopts, c),
                optarg ? optarg : "");
        usage(stderr);
        return 2;
    }
    if (optind < argc) {
        fprintf(stderr, "gmbench: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (client && o->mode == MODE_LATENCY && o->inflight != 1) {
        fprintf(stderr, "gmbench: --mode latency requires --inflight 1\n");
        return 2;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* time and statistics                                                      */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t sec_to_ns(double s)
{
    return (uint64_t)(s * 1e9);
}

/* Growable array of round-trip times in nanoseconds. */
struct samples {
    uint64_t *v;
    size_t n, cap;
    bool oom;
};

static void samples_add(struct samples *s, uint64_t ns)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 65536;
        uint64_t *v = realloc(s->v, cap * sizeof *v);
        if (v == NULL) {
            s->oom = true; /* keep running; percentiles use what we have */
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = ns;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile (p in (0,1]) of a sorted array, in microseconds. */
static double percentile_us(const struct samples *s, double p)
{
    if (s->n == 0)
        return 0.0;
    size_t rank = (size_t)ceil(p * (double)s->n);
    if (rank < 1)
        rank = 1;
    if (rank > s->n)
        rank = s->n;
    return (double)s->v[rank - 1] / 1000.0;
}

/* ------------------------------------------------------------------------ */
/* optional socket buffer tuning (GMBENCH_SOCKBUF)                          */

/*
 * libgearman 1.1.20 fixes SO_SNDBUF/SO_RCVBUF at 32 KiB on every connection
 * before connect(), so its receive window is never scaled. On loopback
 * (MTU 65536, MSS 65483) that window is smaller than one segment: as soon as
 * results back up, gearmand's side goes into TCP zero-window persist mode
 * and the connection stalls for 200 ms, 400 ms, ... (seen as multi-second
 * p99s and whole runs at a few hundred jobs/s with 10 KB payloads).
 *
 * With GMBENCH_SOCKBUF=<bytes> set, gmbench raises both buffers of its
 * already connected TCP sockets (all of them belong to libgearman) to that
 * size. The window stays unscaled (max 64 KiB) but is then always usable.
 * Unset or 0: stock libgearman behaviour.
 */
static int tune_socket_buffers(const char *who)
{
    const char *env = getenv("GMBENCH_SOCKBUF");
    if (env == NULL || *env == '\0')
        return 0;
    unsigned long size;
    if (!parse_ulong(env, 0, 1ul << 30, &size)) {
        fprintf(stderr, "gmbench %s: invalid GMBENCH_SOCKBUF '%s'\n", who, env);
        return -1;
    }
    if (size == 0)
        return 0;
    int value = (int)size, tuned = 0;
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL) {
        fprintf(stderr, "gmbench %s: opendir(/proc/self/fd): %s\n", who, strerror(errno));
        return -1;
    }
    int dfd = dirfd(dir);
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        unsigned long ul;
        if (!parse_ulong(de->d_name, 0, INT32_MAX, &ul) || (int)ul == dfd)
            continue;
        int fd = (int)ul, type = 0;
        socklen_t len = sizeof type;
        struct sockaddr_storage addr;
        socklen_t alen = sizeof addr;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
            continue; /* not a socket (e.g. libgearman's wake-up pipe) */
        if (getpeername(fd, (struct sockaddr *)&addr, &alen) != 0 ||
            (addr.ss_family != AF_INET && addr.ss_family != AF_INET6))
            continue;
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, sizeof value) != 0 ||
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &value, sizeof value) != 0) {
            fprintf(stderr, "gmbench %s: setsockopt(fd %d, SO_RCVBUF/SO_SNDBUF %d): %s\n", who, fd, value,
                    strerror(errno));
            closedir(dir);
            return -1;
        }
        tuned++;
    }
    closedir(dir);
    fprintf(stderr, "gmbench %s: GMBENCH_SOCKBUF: socket buffers of %d connection(s) set to %d bytes\n", who,
            tuned, value);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* worker                                                                   */

struct worker_thread {
    pthread_t tid;
    unsigned index;
    const struct options *opt;
    gearman_worker_st *worker;
    gearman_id_t shutdown_handle;
};

static atomic_bool g_stop;
static atomic_bool g_worker_failed;
static atomic_uint g_workers_ready;
static pthread_mutex_t g_ready_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_ready_cond = PTHREAD_COND_INITIALIZER;

/* gearman_worker_fn: result = a copy of the workload (freed by libgearman). */
static void *echo_fn(gearman_job_st *job, void *context, size_t *result_size, gearman_return_t *ret_ptr)
{
    (void)context;
    size_t size = gearman_job_workload_size(job);
    const void *workload = gearman_job_workload(job);
    *result_size = size;
    if (size == 0) {
        *ret_ptr = GEARMAN_SUCCESS;
        return NULL;
    }
    void *result = malloc(size);
    if (result == NULL) {
        fprintf(stderr, "gmbench worker: out of memory for a %zu byte result\n", size);
        *result_size = 0;
        *ret_ptr = GEARMAN_WORK_FAIL;
        return NULL;
    }
    memcpy(result, workload, size);
    *ret_ptr = GEARMAN_SUCCESS;
    return result;
}

static void worker_fail(void)
{
    atomic_store(&g_worker_failed, true);
    /* wake up the main thread (blocked in sigwait) so the process stops */
    kill(getpid(), SIGTERM);
}

static void mark_ready(void)
{
    pthread_mutex_lock(&g_ready_mutex);
    atomic_fetch_add(&g_workers_ready, 1);
    pthread_cond_broadcast(&g_ready_cond);
    pthread_mutex_unlock(&g_ready_mutex);
}

static void *worker_main(void *arg)
{
    struct worker_thread *t = arg;
    gearman_worker_st *w = t->worker;
    gearman_return_t rc;

    rc = gearman_worker_echo(w, "gmbench", 7);
    if (rc != GEARMAN_SUCCESS) {
        fprintf(stderr, "gmbench worker %u: gearman_worker_echo: %s (%s)\n", t->index,
                gearman_strerror(rc), gearman_worker_error(w));
        mark_ready(); /* let main stop waiting; it checks g_worker_failed */
        worker_fail();
        return NULL;
    }
    mark_ready();

    while (!atomic_load(&g_stop)) {
        rc = gearman_worker_work(w);
        if (atomic_load(&g_stop))
            break;
        switch (rc) {
        case GEARMAN_SUCCESS:
        case GEARMAN_TIMEOUT:
        case GEARMAN_IO_WAIT:
        case GEARMAN_NO_JOBS:
            continue;
        case GEARMAN_SHUTDOWN:
        case GEARMAN_SHUTDOWN_GRACEFUL:
            /* woken up without g_stop set: should not happen, but not an error */
            continue;
        default:
            fprintf(stderr, "gmbench worker %u: gearman_worker_work: %s (%s)\n", t->index,
                    gearman_strerror(rc), gearman_worker_error(w));
            worker_fail();
            return NULL;
        }
    }
    return NULL;
}

static int run_worker(const struct options *o)
{
    int status = 0;
    unsigned created = 0, started = 0;
    struct worker_thread *threads = calloc(o->connections, sizeof *threads);
    if (threads == NULL) {
        fprintf(stderr, "gmbench worker: out of memory\n");
        return 1;
    }

    /* SIGTERM/SIGINT are handled synchronously by the main thread via sigwait;
     * block them before creating threads so the threads inherit the mask. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    int err = pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    if (err != 0) {
        fprintf(stderr, "gmbench worker: pthread_sigmask: %s\n", strerror(err));
        free(threads);
        return 1;
    }

    for (unsigned i = 0; i < o->connections; i++) {
        struct worker_thread *t = &threads[i];
        t->index = i;
        t->opt = o;
        t->worker = gearman_worker_create(NULL);
        if (t->worker == NULL) {
            fprintf(stderr, "gmbench worker %u: gearman_worker_create failed\n", i);
            status = 1;
            goto out;
        }
        created++;
        gearman_worker_set_timeout(t->worker, IO_TIMEOUT_MS);
        gearman_return_t rc = gearman_worker_add_server(t->worker, o->host, o->port);
        if (rc != GEARMAN_SUCCESS) {
            fprintf(stderr, "gmbench worker %u: gearman_worker_add_server(%s:%u): %s (%s)\n", i, o->host,
                    (unsigned)o->port, gearman_strerror(rc), gearman_worker_error(t->worker));
            status = 1;
            goto out;
        }
        rc = gearman_worker_add_function(t->worker, o->function, 0, echo_fn, NULL);
        if (rc != GEARMAN_SUCCESS) {
            fprintf(stderr, "gmbench worker %u: gearman_worker_add_function(%s): %s (%s)\n", i, o->function,
                    gearman_strerror(rc), gearman_worker_error(t->worker));
            status = 1;
            goto out;
        }
        /* The wake-up pipe of the worker: writing to it makes a blocked
         * gearman_worker_work() return GEARMAN_SHUTDOWN. (libgearman 1.1.20
         * declares gearman_worker_shutdown_handle() but does not export it;
         * gearman_worker_id() returns the same pipe.) */
        t->shutdown_handle = gearman_worker_id(t->worker);
        if (!gearman_id_valid(t->shutdown_handle)) {
            fprintf(stderr, "gmbench worker %u: no valid shutdown handle\n", i);
            status = 1;
            goto out;
        }
    }

    for (unsigned i = 0; i < o->connections; i++) {
        err = pthread_create(&threads[i].tid, NULL, worker_main, &threads[i]);
        if (err != 0) {
            fprintf(stderr, "gmbench worker: pthread_create: %s\n", strerror(err));
            status = 1;
            goto stop;
        }
        started++;
    }

    /* wait until every thread did its ECHO round trip (connection is up) */
    pthread_mutex_lock(&g_ready_mutex);
    while (atomic_load(&g_workers_ready) < o->connections)
        pthread_cond_wait(&g_ready_cond, &g_ready_mutex);
    pthread_mutex_unlock(&g_ready_mutex);
    if (atomic_load(&g_worker_failed)) {
        status = 1;
        goto stop;
    }
    /* CAN_DO goes out with the first gearman_worker_work() call right after the
     * echo; bench/run additionally waits until gearadmin --status shows them. */
    if (tune_socket_buffers("worker") != 0) {
        status = 1;
        goto stop;
    }
    printf("ready\n");
    fflush(stdout);

    int sig = 0;
    err = sigwait(&sigs, &sig);
    if (err != 0) {
        fprintf(stderr, "gmbench worker: sigwait: %s\n", strerror(err));
        status = 1;
    }
    if (atomic_load(&g_worker_failed))
        status = 1;

stop:
    atomic_store(&g_stop, true);
    for (unsigned i = 0; i < started; i++) {
        gearman_return_t rc = gearman_kill(threads[i].shutdown_handle, GEARMAN_SIGNAL_INTERRUPT);
        if (rc != GEARMAN_SUCCESS)
            fprintf(stderr, "gmbench worker %u: gearman_kill: %s\n", i, gearman_strerror(rc));
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i].tid, NULL);
out:
    for (unsigned i = 0; i < created; i++)
        gearman_worker_free(threads[i].worker);
    free(threads);
    return status;
}

/* ------------------------------------------------------------------------ */
/* client                                                                   */

enum phase { PHASE_WARMUP, PHASE_MEASURE, PHASE_DONE };

struct bench;

/* One in-flight foreground job; used as the task context. */
struct slot {
    struct bench *b;
    uint64_t submitted_ns;
};

struct bench {
    const struct options *o;
    gearman_client_st *client;
    unsigned char *payload;
    uint64_t unique_seq;
    char unique_prefix[32];
    enum phase phase;
    uint64_t warmup_end_ns, measure_start_ns, measure_end_ns, end_ns;
    uint64_t jobs;   /* completed (fg/latency) or accepted (bg) during the measure phase */
    uint64_t errors; /* during the measure phase */
    uint64_t warmup_errors;
    struct slot *slots;
    struct samples lat;
    bool fatal;
};

static void next_unique(struct bench *b, char *buf, size_t size)
{
    snprintf(buf, size, "%s%" PRIx64, b->unique_prefix, b->unique_seq++);
}

/* Advance warmup -> measure -> done according to the clock. */
static void update_phase(struct bench *b, uint64_t now)
{
    if (b->phase == PHASE_WARMUP && now >= b->warmup_end_ns) {
        b->phase = PHASE_MEASURE;
        b->measure_start_ns = now;
        b->end_ns = now + sec_to_ns(b->o->seconds);
    }
    if (b->phase == PHASE_MEASURE && now >= b->end_ns) {
        b->phase = PHASE_DONE;
        b->measure_end_ns = now;
    }
}

static void count_error(struct bench *b)
{
    if (b->phase == PHASE_WARMUP)
        b->warmup_errors++;
    else
        b->errors++;
}

/* libgearman rejects a non-NULL workload of size 0 ("invalid workload"). */
static const void *payload_ptr(const struct bench *b)
{
    return b->o->payload ? b->payload : NULL;
}

static bool result_ok(const struct bench *b, const void *data, size_t size)
{
    if (size != b->o->payload)
        return false;
    return size == 0 || (data != NULL && memcmp(data, b->payload, size) == 0);
}

static bool fg_submit(struct bench *b, struct slot *s)
{
    char unique[GEARMAN_MAX_UNIQUE_SIZE];
    gearman_return_t rc;
    next_unique(b, unique, sizeof unique);
    s->submitted_ns = now_ns();
    gearman_task_st *task = gearman_client_add_task(b->client, NULL, s, b->o->function, unique, payload_ptr(b),
                                                    b->o->payload, &rc);
    if (task == NULL || rc != GEARMAN_SUCCESS) {
        fprintf(stderr, "gmbench client: gearman_client_add_task: %s (%s)\n", gearman_strerror(rc),
                gearman_client_error(b->client));
        return false;
    }
    return true;
}

/* A foreground job ended (complete, fail or exception): account and refill. */
static void fg_job_done(gearman_task_st *task, bool ok)
{
    struct slot *s = gearman_task_context(task);
    struct bench *b = s->b;
    uint64_t now = now_ns();
    update_phase(b, now);
    if (!ok)
        count_error(b);
    if (b->phase == PHASE_MEASURE) {
        if (ok) {
            b->jobs++;
            samples_add(&b->lat, now - s->submitted_ns);
        }
    }
    if (b->phase != PHASE_DONE && !fg_submit(b, s))
        b->fatal = true;
}

/* Callback return: GEARMAN_PAUSE makes gearman_client_run_tasks() return at
 * once, which ends the run without waiting for the jobs still in flight. */
static gearman_return_t fg_callback_return(const struct bench *b)
{
    return (b->phase == PHASE_DONE || b->fatal) ? GEARMAN_PAUSE : GEARMAN_SUCCESS;
}

static gearman_return_t fg_complete(gearman_task_st *task)
{
    struct slot *s = gearman_task_context(task);
    bool ok = result_ok(s->b, gearman_task_data(task), gearman_task_data_size(task));
    if (!ok)
        fprintf(stderr, "gmbench client: result mismatch for %s (%zu bytes, expected %zu)\n",
                gearman_task_job_handle(task), gearman_task_data_size(task), s->b->o->payload);
    fg_job_done(task, ok);
    return fg_callback_return(s->b);
}

static gearman_return_t fg_fail(gearman_task_st *task)
{
    struct slot *s = gearman_task_context(task);
    fprintf(stderr, "gmbench client: job %s failed\n", gearman_task_job_handle(task));
    fg_job_done(task, false);
    return fg_callback_return(s->b);
}

static gearman_return_t fg_exception(gearman_task_st *task)
{
    struct slot *s = gearman_task_context(task);
    fprintf(stderr, "gmbench client: job %s raised an exception\n", gearman_task_job_handle(task));
    fg_job_done(task, false);
    return fg_callback_return(s->b);
}

/* fg: keep K jobs in flight; each completion submits the next job from the
 * complete callback (measured faster than "add K tasks, run_tasks, repeat",
 * which lets the pipeline run empty at the end of every batch). */
static int client_fg(struct bench *b)
{
    const struct options *o = b->o;
    b->slots = calloc(o->inflight, sizeof *b->slots);
    if (b->slots == NULL) {
        fprintf(stderr, "gmbench client: out of memory\n");
        return 1;
    }
    gearman_client_set_complete_fn(b->client, fg_complete);
    gearman_client_set_fail_fn(b->client, fg_fail);
    gearman_client_set_exception_fn(b->client, fg_exception);

    for (unsigned i = 0; i < o->inflight; i++) {
        b->slots[i].b = b;
        if (!fg_submit(b, &b->slots[i]))
            return 1;
    }
    /* One call drives the whole run: callbacks refill until the measure
     * window is over, then return GEARMAN_PAUSE. The jobs still in flight
     * are abandoned (gearmand drops them when the connection closes). */
    gearman_return_t rc = gearman_client_run_tasks(b->client);
    if (b->fatal)
        return 1;
    if (rc == GEARMAN_PAUSE && b->phase == PHASE_DONE)
        return 0;
    if (rc == GEARMAN_SUCCESS) /* every job ended without a refill */
        fprintf(stderr, "gmbench client: pipeline ran dry before the end of the run\n");
    else
        fprintf(stderr, "gmbench client: gearman_client_run_tasks: %s (%s)\n", gearman_strerror(rc),
                gearman_client_error(b->client));
    return 1;
}

static gearman_return_t bg_created(gearman_task_st *task)
{
    struct bench *b = gearman_task_context(task);
    if (b->phase == PHASE_MEASURE)
        b->jobs++;
    return GEARMAN_SUCCESS;
}

/* bg: batches of K background submits per run_tasks, until time is up. */
static int client_bg(struct bench *b)
{
    const struct options *o = b->o;
    char unique[GEARMAN_MAX_UNIQUE_SIZE];
    gearman_client_set_created_fn(b->client, bg_created);
    for (;;) {
        update_phase(b, now_ns());
        if (b->phase == PHASE_DONE)
            break;
        for (unsigned i = 0; i < o->inflight; i++) {
            gearman_return_t rc;
            next_unique(b, unique, sizeof unique);
            gearman_task_st *task = gearman_client_add_task_background(b->client, NULL, b, o->function, unique,
                                                                       payload_ptr(b), o->payload, &rc);
            if (task == NULL || rc != GEARMAN_SUCCESS) {
                fprintf(stderr, "gmbench client: gearman_client_add_task_background: %s (%s)\n",
                        gearman_strerror(rc), gearman_client_error(b->client));
                return 1;
            }
        }
        gearman_return_t rc = gearman_client_run_tasks(b->client);
        if (rc != GEARMAN_SUCCESS) {
            fprintf(stderr, "gmbench client: gearman_client_run_tasks (background): %s (%s)\n",
                    gearman_strerror(rc), gearman_client_error(b->client));
            return 1;
        }
    }
    return 0;
}

/* latency: one gearman_client_do at a time, every round trip recorded. */
static int client_latency(struct bench *b)
{
    const struct options *o = b->o;
    char unique[GEARMAN_MAX_UNIQUE_SIZE];
    for (;;) {
        uint64_t t0 = now_ns();
        update_phase(b, t0);
        if (b->phase == PHASE_DONE)
            break;
        next_unique(b, unique, sizeof unique);
        size_t size = 0;
        gearman_return_t rc;
        void *result = gearman_client_do(b->client, o->function, unique, payload_ptr(b), o->payload, &size, &rc);
        uint64_t t1 = now_ns();
        if (rc != GEARMAN_SUCCESS) {
            fprintf(stderr, "gmbench client: gearman_client_do: %s (%s)\n", gearman_strerror(rc),
                    gearman_client_error(b->client));
            free(result);
            if (rc == GEARMAN_WORK_FAIL || rc == GEARMAN_WORK_EXCEPTION) {
                count_error(b);
                continue;
            }
            return 1;
        }
        bool ok = result_ok(b, result, size);
        free(result);
        if (!ok) {
            fprintf(stderr, "gmbench client: result mismatch (%zu bytes, expected %zu)\n", size, o->payload);
            count_error(b);
            continue;
        }
        if (b->phase == PHASE_MEASURE) {
            b->jobs++;
            samples_add(&b->lat, t1 - t0);
        }
    }
    return 0;
}

static int run_client(const struct options *o)
{
    struct bench b = {.o = o, .phase = PHASE_WARMUP};
    int status = 1;

    b.payload = malloc(o->payload ? o->payload : 1);
    if (b.payload == NULL) {
        fprintf(stderr, "gmbench client: out of memory for the payload\n");
        return 1;
    }
    for (size_t i = 0; i < o->payload; i++)
        b.payload[i] = (unsigned char)('a' + i % 26);
    /* distinct uniques: no coalescing within or across runs */
    snprintf(b.unique_prefix, sizeof b.unique_prefix, "gmb-%x-%" PRIx64 "-", (unsigned)getpid(),
             now_ns() & 0xffffffffu);

    b.client = gearman_client_create(NULL);
    if (b.client == NULL) {
        fprintf(stderr, "gmbench client: gearman_client_create failed\n");
        goto out;
    }
    gearman_client_add_options(b.client, GEARMAN_CLIENT_FREE_TASKS);
    gearman_client_set_timeout(b.client, IO_TIMEOUT_MS);
    gearman_return_t rc = gearman_client_add_server(b.client, o->host, o->port);
    if (rc != GEARMAN_SUCCESS) {
        fprintf(stderr, "gmbench client: gearman_client_add_server(%s:%u): %s (%s)\n", o->host,
                (unsigned)o->port, gearman_strerror(rc), gearman_client_error(b.client));
        goto out;
    }
    rc = gearman_client_echo(b.client, "gmbench", 7);
    if (rc != GEARMAN_SUCCESS) {
        fprintf(stderr, "gmbench client: gearman_client_echo: %s (%s)\n", gearman_strerror(rc),
                gearman_client_error(b.client));
        goto out;
    }

    if (tune_socket_buffers("client") != 0)
        goto out;

    uint64_t start = now_ns();
    b.warmup_end_ns = start + sec_to_ns(o->warmup);
    update_phase(&b, start);

    int r;
    switch (o->mode) {
    case MODE_FG:
        r = client_fg(&b);
        break;
    case MODE_BG:
        r = client_bg(&b);
        break;
    default:
        r = client_latency(&b);
        break;
    }
    if (r != 0)
        goto out;
    if (b.phase != PHASE_DONE) { /* defensive: every mode ends in PHASE_DONE */
        b.measure_end_ns = now_ns();
        b.phase = PHASE_DONE;
    }
    if (b.lat.oom)
        fprintf(stderr, "gmbench client: out of memory for latency samples; percentiles are partial\n");
    if (b.warmup_errors)
        fprintf(stderr, "gmbench client: %" PRIu64 " errors during warmup (not counted)\n", b.warmup_errors);

    double secs = (double)(b.measure_end_ns - b.measure_start_ns) / 1e9;
    const char *mode = o->mode == MODE_FG ? "fg" : o->mode == MODE_BG ? "bg" : "latency";
    printf("RESULT mode=%s inflight=%u payload=%zu jobs=%" PRIu64 " seconds=%.2f jobs_per_s=%.1f", mode,
           o->inflight, o->payload, b.jobs, secs, secs > 0 ? (double)b.jobs / secs : 0.0);
    if (o->mode != MODE_BG) {
        qsort(b.lat.v, b.lat.n, sizeof *b.lat.v, cmp_u64);
        printf(" p50_us=%.1f p99_us=%.1f p999_us=%.1f", percentile_us(&b.lat, 0.50), percentile_us(&b.lat, 0.99),
               percentile_us(&b.lat, 0.999));
    }
    printf(" errors=%" PRIu64 "\n", b.errors);
    if (fflush(stdout) != 0) {
        perror("gmbench client: stdout");
        goto out;
    }
    status = 0;

out:
    if (b.client)
        gearman_client_free(b.client);
    free(b.slots);
    free(b.lat.v);
    free(b.payload);
    return status;
}

/* ------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    bool client;
    if (strcmp(argv[1], "client") == 0)
        client = true;
    else if (strcmp(argv[1], "worker") == 0)
        client = false;
    else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    } else {
        fprintf(stderr, "gmbench: first argument must be 'client' or 'worker'\n");
        usage(stderr);
        return 2;
    }
    struct options o;
    int r = parse_options(argc - 1, argv + 1, client, &o);
    if (r != 0)
        return r;
    return client ? run_client(&o) : run_worker(&o);
}
