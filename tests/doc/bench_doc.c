/*
 * Throughput of the document layer against its floor: a bare libyaml event
 * loop (yaml_parser_parse until STREAM-END, no tree) over the same bytes.
 * Built, not registered as a test: run it on a release build.
 *
 *   bench_doc [-n DOCS] [-r ROUNDS] [FILE]
 *
 * Without FILE it generates DOCS (20,000) small Deployment documents. It
 * also times the JSON reader against jansson on the same objects as a List.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <yaml.h>

#include "core/context.h"
#include "doc/read.h"

struct buf {
    char *p;
    size_t n, cap;
};

static void
put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < b->cap - b->n)
            break;
        b->cap = b->cap ? b->cap * 2 : 1 << 20;
        if (!(b->p = realloc(b->p, b->cap)))
            exit(99);
    }
    b->n += (size_t)n;
}

static void
deployment_yaml(struct buf *b, int i)
{
    put(b, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%d\n"
           "  namespace: team-%d\n  labels:\n    app: app-%d\n    tier: backend\n"
           "spec:\n  replicas: %d\n  selector:\n    matchLabels:\n      app: app-%d\n"
           "  template:\n    metadata:\n      labels:\n        app: app-%d\n"
           "    spec:\n      runtimeClassName: wasmtime\n"
           "      automountServiceAccountToken: false\n      containers:\n"
           "      - name: app\n        image: registry.example.com/app-%d:1.%d.0\n"
           "        args: [\"--port\", \"8080\"]\n        ports:\n"
           "        - containerPort: 8080\n        resources:\n"
           "          limits: {cpu: 500m, memory: 128Mi}\n",
        i, i % 7, i, 1 + i % 3, i, i, i, i % 10);
}

static void
deployment_json(struct buf *b, int i)
{
    put(b, "%s{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": "
           "\"app-%d\", \"namespace\": \"team-%d\", \"labels\": {\"app\": \"app-%d\", \"tier\": "
           "\"backend\"}}, \"spec\": {\"replicas\": %d, \"selector\": {\"matchLabels\": {\"app\": "
           "\"app-%d\"}}, \"template\": {\"metadata\": {\"labels\": {\"app\": \"app-%d\"}}, "
           "\"spec\": {\"runtimeClassName\": \"wasmtime\", \"automountServiceAccountToken\": "
           "false, \"containers\": [{\"name\": \"app\", \"image\": "
           "\"registry.example.com/app-%d:1.%d.0\", \"args\": [\"--port\", \"8080\"], "
           "\"ports\": [{\"containerPort\": 8080}], \"resources\": {\"limits\": {\"cpu\": "
           "\"500m\", \"memory\": \"128Mi\"}}}]}}}}\n",
        i ? "," : "", i, i % 7, i, 1 + i % 3, i, i, i, i % 10);
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: less noise on a shared box */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
bare_libyaml(const struct buf *b)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    size_t events = 0;
    int type;

    if (!yaml_parser_initialize(&parser))
        exit(99);
    yaml_parser_set_input_string(&parser, (const unsigned char *)b->p, b->n);
    do {
        if (!yaml_parser_parse(&parser, &ev))
            exit(99);
        type = ev.type;
        yaml_event_delete(&ev);
        events++;
    } while (type != YAML_STREAM_END_EVENT);
    yaml_parser_delete(&parser);
    return events;
}

static int
count_doc(const struct wp__doc *doc, void *payload)
{
    *(size_t *)payload += doc->nodes;
    return 0;
}

static size_t
tree(wp_context *ctx, const struct buf *b, int json)
{
    size_t nodes = 0;
    struct wp__read_opts opts = { count_doc, NULL, &nodes, json ? WP__READ_KEEP_LISTS : 0 };
    struct wp__src src;
    int rc;

    if (wp__src_init(&src, ctx, "bench", b->p, b->n, NULL))
        exit(99);
    rc = json ? wp__json_read(&src, &opts, NULL) : wp__yaml_read(&src, &opts, NULL);
    wp__src_release(&src);
    if (rc)
        exit(99);
    return nodes;
}

static size_t
with_jansson(const struct buf *b)
{
    json_error_t err;
    json_t *v = json_loadb(b->p, b->n, JSON_REJECT_DUPLICATES, &err);
    size_t n;

    if (!v)
        exit(99);
    n = json_array_size(json_object_get(v, "items"));
    json_decref(v);
    return n;
}

enum which { BARE, TREE, JSON_TREE, JANSSON };

static size_t
once(enum which w, wp_context *ctx, const struct buf *b, double *secs)
{
    double t0 = now();
    size_t n = w == BARE ? bare_libyaml(b) : w == TREE ? tree(ctx, b, 0)
               : w == JSON_TREE ? tree(ctx, b, 1) : with_jansson(b);

    *secs = now() - t0;
    return n;
}

static int
by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

struct result {
    double base, ours;     /* fastest round of each, seconds */
    double ratio;          /* median over rounds of ours / base in that round */
    size_t base_n, ours_n;
};

/* Alternate @base and @ours round by round, so a machine that slows down or
 * speeds up in between affects both alike. */
static struct result
compare(enum which base, enum which ours, wp_context *ctx, const struct buf *b, int rounds)
{
    struct result res = { 1e9, 1e9, 0, 0, 0 };
    double ratios[64], tb, to;
    int r;

    for (r = 0; r < rounds && r < 64; r++) {
        res.base_n = once(base, ctx, b, &tb);
        res.ours_n = once(ours, ctx, b, &to);
        res.base = tb < res.base ? tb : res.base;
        res.ours = to < res.ours ? to : res.ours;
        ratios[r] = to / tb;
    }
    qsort(ratios, (size_t)r, sizeof(ratios[0]), by_value);
    res.ratio = ratios[r / 2];
    return res;
}

static void
load(struct buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f) {
        perror(path);
        exit(99);
    }
    b->cap = 1 << 20;
    if (!(b->p = malloc(b->cap)))
        exit(99);
    while ((n = fread(b->p + b->n, 1, b->cap - b->n, f)) > 0)
        if ((b->n += n) == b->cap && !(b->p = realloc(b->p, b->cap *= 2)))
            exit(99);
    fclose(f);
}

int
main(int argc, char **argv)
{
    struct buf y = { 0 }, j = { 0 };
    int docs = 20000, rounds = 9, i;
    struct result yr, jr;
    wp_context *ctx;

    for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2)
        *(argv[i][1] == 'n' ? &docs : &rounds) = atoi(argv[i + 1]);
    if (i < argc)
        load(&y, argv[i]);
    else
        for (int d = 0; d < docs; d++)
            deployment_yaml(&y, d);
    put(&j, "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n");
    for (int d = 0; d < docs; d++)
        deployment_json(&j, d);
    put(&j, "]}\n");
    if (wp_context_new(&ctx, NULL) ||
        wp_context_set_limit(ctx, WP_LIMIT_NODES, UINT64_C(1) << 40)) /* the JSON List */
        return 99;
    yr = compare(BARE, TREE, ctx, &y, rounds);
    printf("yaml: %.2f MB, %zu events, %zu nodes, %d rounds\n", y.n / 1e6, yr.base_n, yr.ours_n,
           rounds);
    printf("  libyaml events only  %8.1f ms  %6.1f MB/s\n", yr.base * 1e3, y.n / 1e6 / yr.base);
    printf("  wp__yaml_read (tree) %8.1f ms  %6.1f MB/s\n", yr.ours * 1e3, y.n / 1e6 / yr.ours);
    printf("  ratio: fastest %.3f, median of rounds %.3f\n", yr.ours / yr.base, yr.ratio);
    jr = compare(JANSSON, JSON_TREE, ctx, &j, rounds);
    printf("json: %.2f MB, %zu nodes\n", j.n / 1e6, jr.ours_n);
    printf("  jansson json_loadb   %8.1f ms  %6.1f MB/s\n", jr.base * 1e3, j.n / 1e6 / jr.base);
    printf("  wp__json_read (tree) %8.1f ms  %6.1f MB/s\n", jr.ours * 1e3, j.n / 1e6 / jr.ours);
    printf("  ratio: fastest %.3f, median of rounds %.3f\n", jr.ours / jr.base, jr.ratio);
    wp_context_free(ctx);
    free(y.p);
    free(j.p);
    return 0;
}
