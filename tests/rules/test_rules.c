/*
 * The rule engine through the public API: pack errors with their
 * positions, every condition operator, messages, locations (the parent
 * key for absent fields), outcomes, enabling and severities, the regex
 * match limit, and allocation failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wasmpolicy/wasmpolicy.h>

static const char pod[] =
    "apiVersion: v1\n"                                   /* 1 */
    "kind: Pod\n"                                        /* 2 */
    "metadata:\n"                                        /* 3 */
    "  name: demo\n"                                     /* 4 */
    "  namespace: shop\n"                                /* 5 */
    "  labels: {team: web, tier: api}\n"                 /* 6 */
    "spec:\n"                                            /* 7 */
    "  runtimeClassName: wasmtime\n"                     /* 8 */
    "  hostNetwork: true\n"                              /* 9 */
    "  containers:\n"                                    /* 10 */
    "    - name: app\n"                                  /* 11 */
    "      image: ghcr.io/acme/app:1.0\n"                /* 12 */
    "      command: [\"/app.wasm\"]\n"                   /* 13 */
    "      env: [{name: TOKEN, value: abc}]\n"           /* 14 */
    "    - name: sidecar\n"                              /* 15 */
    "      image: registry.example.com/wasm/side@sha256:"
    "0000000000000000000000000000000000000000000000000000000000000000\n"; /* 16 */

/* A run over @pod with only the rules in @pack (no built-ins). */
static wp_run *
run_with(wp_context **ctx, const char *pack, int *rc)
{
    wp_run *run;

    assert_int_equal(wp_context_new(ctx, NULL), WP_OK);
    assert_int_equal(wp_run_new(&run, *ctx), WP_OK);
    assert_int_equal(wp_run_use_builtin_rules(run, 0), WP_OK);
    *rc = wp_run_add_rules_buffer(run, "pack.yaml", pack, strlen(pack), NULL);
    return run;
}

static void
done(wp_context *ctx, wp_run *run)
{
    wp_run_free(run);
    wp_context_free(ctx);
}

/* Findings as "line:col-eline:ecol severity outcome rule message", joined. */
static void
findings(wp_run *run, char *out, size_t size)
{
    const wp_finding *f;
    size_t it = 0, n = 0;

    out[0] = '\0';
    assert_int_equal(wp_run_add_buffer(run, "pod.yaml", pod, strlen(pod), NULL), WP_OK);
    assert_int_equal(wp_run_evaluate(run, NULL), WP_OK);
    while ((f = wp_run_next_finding(run, &it))) {
        const struct wp_location *l = wp_finding_location(f);
        static const char *const oc[] = { "", "fail", "cannot-prove", "unresolved" };
        n += (size_t)snprintf(out + n, size - n, "%s%u:%u-%u:%u %s %s %s %s", n ? "\n" : "",
                              l->line, l->column, l->end_line, l->end_column,
                              wp_severity_name(wp_finding_severity(f)),
                              oc[wp_finding_outcome(f)], wp_finding_rule_id(f),
                              wp_finding_message(f));
    }
}

#define RULE(body) \
    "pack: t\nrules:\n  - id: r\n    title: t\n    severity: error\n    subject: workload\n" body

static void
expect(const char *pack, const char *want)
{
    wp_context *ctx;
    char got[4096];
    int rc;
    wp_run *run = run_with(&ctx, pack, &rc);

    for (size_t i = 0; i < wp_run_error_count(run); i++) {
        char line[512];
        wp_diag_format(line, sizeof(line), wp_run_error(run, i));
        print_message("# %s\n", line);
    }
    assert_int_equal(rc, WP_OK);
    findings(run, got, sizeof(got));
    assert_string_equal(got, want);
    done(ctx, run);
}

static void
test_operators(void **state)
{
    (void)state;
    expect(RULE("    when: {path: pod.hostNetwork, is: true}\n    at: pod.hostNetwork\n"
                "    message: host network\n"),
           "9:16-9:20 error fail r host network");
    expect(RULE("    when: {path: pod.hostPID, exists: true}\n    message: x\n"), "");
    expect(RULE("    when: {path: pod.hostPID, exists: false}\n    at: pod.hostPID\n"
                "    message: absent\n"),
           /* absent: the parent key (spec:) */
           "7:1-16:116 error fail r absent");
    expect(RULE("    when: {path: podLabels.tier, in: [web, api]}\n    message: in\n"),
           "1:1-16:116 error fail r in");
    expect(RULE("    when: {path: podLabels.team, in: [api]}\n    message: in\n"), "");
    expect(RULE("    when: {path: pod.containers, count: 2}\n    message: two\n"),
           "1:1-16:116 error fail r two");
    expect(RULE("    when: {path: pod.containers, count-gt: 2}\n    message: x\n"), "");
    expect(RULE("    when: {path: pod.containers, count-lt: 3}\n    message: lt\n"),
           "1:1-16:116 error fail r lt");
    expect(RULE("    when: {path: pod.containers, some: {path: name, is: sidecar}}\n"
                "    message: some\n"),
           "1:1-16:116 error fail r some");
    expect(RULE("    when: {path: pod.containers, every: {path: image, exists: true}}\n"
                "    message: every\n"),
           "1:1-16:116 error fail r every");
    expect(RULE("    when: {path: pod.nothing, every: {path: image, exists: false}}\n"
                "    message: vacuous\n"),
           "1:1-16:116 error fail r vacuous");
    expect(RULE("    when: {path: \"pod.containers[0].command\", contains: /app.wasm}\n"
                "    message: contains\n"),
           "1:1-16:116 error fail r contains");
    expect(RULE("    when:\n      all-of:\n        - {path: pod.hostNetwork, is: true}\n"
                "        - not: {path: namespace, is: default}\n"
                "        - any-of: [{path: name, is: x}, {path: name, matches: \"^de\"}]\n"
                "    message: combined\n"),
           "1:1-16:116 error fail r combined");
    expect(RULE("    for-each: pod.containers\n"
                "    when: {path: image, matches: \"@sha256:[0-9a-f]{64}$\"}\n"
                "    at: image\n    message: \"{name} pinned in {/namespace} ({@id})\"\n"),
           "16:14-16:116 error fail r sidecar pinned in shop (Pod shop/demo)");
    expect(RULE("    for-each: pod.containers[0].env\n"
                "    when: {path: value, is: abc}\n    at: value\n"
                "    message: \"{name}={value} {missing}\"\n"),
           "14:34-14:37 error fail r TOKEN=abc (none)");
    expect(RULE("    where: {path: wasm.wasm, is: false}\n    when: {exists: true}\n"
                "    message: x\n"),
           "");
}

static void
test_checks_outcomes_severity(void **state)
{
    (void)state;
    expect(RULE("    checks:\n"
                "      - when: {path: pod.hostNetwork, is: true}\n"
                "        at: pod.hostNetwork\n        message: one\n"
                "      - when: {path: joins.automountServiceAccountToken.value, is: unknown}\n"
                "        severity: warning\n        outcome: cannot-prove\n"
                "        at: pod\n        message: two\n"),
           "7:1-16:116 warning cannot-prove r two\n9:16-9:20 error fail r one");
}

static void
test_enable_and_severity(void **state)
{
    wp_context *ctx;
    char got[1024];
    int rc;
    wp_run *run = run_with(&ctx, RULE("    when: {exists: true}\n    message: m\n"), &rc);

    (void)state;
    assert_int_equal(rc, WP_OK);
    assert_int_equal(wp_run_set_rule_severity(run, "r", WP_SEVERITY_INFO), WP_OK);
    assert_int_equal(wp_run_set_rule_severity(run, "nope", WP_SEVERITY_INFO), WP_ENOTFOUND);
    assert_int_equal(wp_rule_severity(wp_run_find_rule(run, "r")), WP_SEVERITY_INFO);
    findings(run, got, sizeof(got));
    assert_string_equal(got, "1:1-16:116 info fail r m");
    done(ctx, run);

    run = run_with(&ctx, RULE("    when: {exists: true}\n    message: m\n"), &rc);
    assert_int_equal(wp_run_set_rule_enabled(run, "r", 0), WP_OK);
    findings(run, got, sizeof(got));
    assert_string_equal(got, "");
    done(ctx, run);
}

/* Every problem of a pack with its position; the pack adds no rule. */
static void
test_pack_errors(void **state)
{
    static const char bad[] =
        "pack: t\n"
        "rules:\n"
        "  - id: Not-Kebab\n"
        "    title: t\n"
        "    severity: fatal\n"
        "    subject: pods\n"
        "    colour: red\n"
        "    when: {path: a, matches: \"(x\", is: 1}\n"
        "    message: m\n"
        "  - id: two\n"
        "    title: t\n"
        "    subject: workload\n"
        "    when: {path: a, matches: \"(x\"}\n"
        "    message: m\n"
        "  - id: two\n"
        "    title: t\n"
        "    subject: workload\n"
        "    checks: [{when: {path: a, frobnicate: 1}}]\n";
    static const char *const want[] = {
        "pack.yaml:3:9: rule id 'Not-Kebab' is not kebab-case (a-z, 0-9, single dashes)",
        "pack.yaml:5:15: severity must be error, warning or info",
        ("pack.yaml:6:14: unknown subject (workload, service-account, network-policy, "
         "runtime-class, persistent-volume, persistent-volume-claim, application, component, "
         "document)"),
        "pack.yaml:7:5: unknown key 'colour' in a rule",
        "pack.yaml:8:36: a condition has one test; 'is' follows 'matches'",
        "pack.yaml:13:30: bad regular expression at offset 2: missing closing parenthesis",
        "pack.yaml:18:31: unknown key 'frobnicate' in a condition",
        "pack.yaml:15:9: rule id 'two' is already defined",
    };
    wp_context *ctx;
    char line[512];
    int rc;
    wp_run *run = run_with(&ctx, bad, &rc);

    (void)state;
    assert_int_equal(rc, WP_EMALFORMED);
    assert_int_equal(wp_run_error_count(run), sizeof(want) / sizeof(*want));
    for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
        wp_diag_format(line, sizeof(line), wp_run_error(run, i));
        assert_string_equal(line, want[i]);
    }
    assert_int_equal(wp_run_rule_count(run), 0);
    done(ctx, run);
}

static void
test_malformed_path(void **state)
{
    static const char pack[] = RULE("    when: {path: \"a[x]\", exists: true}\n"
                                    "    message: m\n");
    wp_context *ctx;
    char line[256];
    int rc;
    wp_run *run = run_with(&ctx, pack, &rc);

    (void)state;
    assert_int_equal(rc, WP_EMALFORMED);
    wp_diag_format(line, sizeof(line), wp_run_error(run, 0));
    assert_string_equal(line, "pack.yaml:7:18: malformed path 'a[x]' (keys.joined.by.dots, "
                              "[N], [\"dotted.key\"])");
    done(ctx, run);
}

/* Documents as written are kept only when a rule reads them. */
static void
test_document_subject(void **state)
{
    static const char pack[] =
        "pack: t\nrules:\n  - id: d\n    title: t\n    severity: warning\n"
        "    subject: document\n    when: {path: metadata.labels.owner, exists: false}\n"
        "    at: metadata\n    message: \"{kind} without owner\"\n";
    wp_context *ctx;
    char got[512];
    int rc;
    wp_run *run = run_with(&ctx, pack, &rc);
    size_t docs = 0;

    (void)state;
    assert_int_equal(rc, WP_OK);
    findings(run, got, sizeof(got));
    assert_string_equal(got, "4:3-6:33 warning fail d Pod without owner");
    for (size_t i = 0; i < wp_model_subject_count(wp_run_model(run)); i++)
        docs += wp_subject_kind(wp_model_subject(wp_run_model(run), i)) == WP_SUBJECT_DOCUMENT;
    assert_int_equal(docs, 1);
    done(ctx, run);

    run = run_with(&ctx, RULE("    when: {exists: true}\n    message: m\n"), &rc);
    findings(run, got, sizeof(got));
    for (size_t i = 0; i < wp_model_subject_count(wp_run_model(run)); i++)
        assert_int_not_equal(wp_subject_kind(wp_model_subject(wp_run_model(run), i)),
                             WP_SUBJECT_DOCUMENT);
    done(ctx, run);
}

/* A regex that hits the match limit is an error of the run, never a
 * silent "no match". */
static void
test_regex_limit(void **state)
{
    static const char pack[] = RULE("    when: {path: name, matches: \"^(a+)+$\"}\n"
                                    "    message: m\n");
    static const char input[] = "apiVersion: v1\nkind: Pod\nmetadata:\n"
                                "  name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n"
                                "spec: {containers: []}\n";
    wp_context *ctx;
    wp_run *run;
    char line[512];

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_REGEX_MATCH, 1000), WP_OK);
    assert_int_equal(wp_run_new(&run, ctx), WP_OK);
    assert_int_equal(wp_run_use_builtin_rules(run, 0), WP_OK);
    assert_int_equal(wp_run_add_rules_buffer(run, "p.yaml", pack, strlen(pack), NULL), WP_OK);
    assert_int_equal(wp_run_add_buffer(run, "in.yaml", input, strlen(input), NULL), WP_OK);
    assert_int_equal(wp_run_evaluate(run, NULL), WP_OK);
    assert_int_equal(wp_run_error_count(run), 1);
    wp_diag_format(line, sizeof(line), wp_run_error(run, 0));
    assert_non_null(strstr(line, "in.yaml:1:1: rule r: a regular expression hit"));
    done(ctx, run);
}

static void
test_builtin_packs_load_clean(void **state)
{
    wp_context *ctx;
    wp_run *run;
    size_t n;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp_run_new(&run, ctx), WP_OK);
    n = wp_run_rule_count(run);
    assert_true(n >= 20);
    assert_int_equal(wp_run_error_count(run), 0);
    for (size_t i = 0; i < n; i++) {
        const wp_rule *r = wp_run_rule(run, i);
        assert_non_null(wp_rule_description(r));
        assert_non_null(wp_rule_rationale(r));
        assert_non_null(wp_rule_remediation(r));
        assert_ptr_equal(wp_run_find_rule(run, wp_rule_id(r)), r);
    }
    assert_int_equal(wp_run_use_builtin_rules(run, 0), WP_EINVAL);  /* too late */
    done(ctx, run);
}

/* A project config: rules re-graded or off, packs off, wasm labels; every
 * mistake at its position and nothing applied from a bad config. */
static void
test_config(void **state)
{
    static const char good[] =
        "version: 1\n"
        "default-namespace: web\n"
        "rules: {wasm-pod-host-namespaces: warning, wasm-pod-privileged: off}\n"
        "packs: {supply-chain: off}\n"
        "wasm: {labels: {tier: api}}\n";
    static const char bad[] = "version: 1\nrules: {wasm-pod-host-namespaces: loud}\nx: 1\n";
    static const char input[] =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {tier: api}}\n"
        "spec: {hostNetwork: true, containers: [{name: c, image: x:latest}]}\n";
    wp_context *ctx;
    wp_run *run;
    const wp_finding *f;
    size_t it = 0, n = 0;
    char line[256];

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp_run_new(&run, ctx), WP_OK);
    assert_int_equal(wp_run_apply_config_buffer(run, "cfg.yaml", good, strlen(good), NULL), WP_OK);
    assert_int_equal(wp_rule_severity(wp_run_find_rule(run, "wasm-pod-host-namespaces")),
                     WP_SEVERITY_WARNING);
    assert_false(wp_rule_enabled(wp_run_find_rule(run, "wasm-pod-privileged")));
    assert_false(wp_rule_enabled(wp_run_find_rule(run, "image-mutable-tag")));
    assert_int_equal(wp_run_add_buffer(run, "p.yaml", input, strlen(input), NULL), WP_OK);
    assert_int_equal(wp_run_evaluate(run, NULL), WP_OK);
    while ((f = wp_run_next_finding(run, &it))) {
        if (strcmp(wp_finding_rule_id(f), "wasm-pod-host-namespaces") == 0) {
            /* the pod is wasm by the configured label, in the configured namespace */
            assert_int_equal(wp_finding_severity(f), WP_SEVERITY_WARNING);
            assert_string_equal(wp_finding_subject(f), "Pod web/p");
            n++;
        }
        assert_string_not_equal(wp_rule_pack(wp_finding_rule(f)), "supply-chain");
    }
    assert_int_equal(n, 1);
    assert_int_equal(wp_run_apply_config_buffer(run, "late.yaml", good, strlen(good), NULL),
                     WP_EINVAL);
    done(ctx, run);

    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp_run_new(&run, ctx), WP_OK);
    assert_int_equal(wp_run_apply_config_buffer(run, "bad.yaml", bad, strlen(bad), NULL),
                     WP_EMALFORMED);
    assert_int_equal(wp_run_error_count(run), 2);
    wp_diag_format(line, sizeof(line), wp_run_error(run, 0));
    assert_string_equal(line, "bad.yaml:3:1: unknown or mistyped key 'x' in the config "
                              "(version, default-namespace, wasm, rule-packs, rules, packs, artifacts, "
                              "oci-layouts, approved-registries)");
    wp_diag_format(line, sizeof(line), wp_run_error(run, 1));
    assert_string_equal(line, "bad.yaml:2:35: a rule setting is off, on, error, warning or info");
    done(ctx, run);
}

/* Allocation failure anywhere: WP_OK or WP_ENOMEM, never a crash or leak. */
static int fail_at, calls;

static void *
chaos_malloc(size_t n, void *u)
{
    (void)u;
    return ++calls == fail_at ? NULL : malloc(n);
}
static void *
chaos_realloc(void *p, size_t n, void *u)
{
    (void)u;
    return ++calls == fail_at ? NULL : realloc(p, n);
}
static void
chaos_free(void *p, void *u)
{
    (void)u;
    free(p);
}

static void
test_allocation_failure(void **state)
{
    struct wp_allocator a = { WP_ALLOCATOR_VERSION, chaos_malloc, chaos_realloc, chaos_free, NULL };

    (void)state;
    for (fail_at = 1;; fail_at++) {
        wp_context *ctx;
        wp_run *run;
        int ok = 1;

        calls = 0;
        if (wp_context_new(&ctx, &a) != WP_OK)
            continue;
        if (wp_run_new(&run, ctx) == WP_OK) {
            int r1 = wp_run_add_buffer(run, "pod.yaml", pod, strlen(pod), NULL);
            int r2 = wp_run_evaluate(run, NULL);
            assert_true(r1 == WP_OK || r1 == WP_ENOMEM);
            assert_true(r2 == WP_OK || r2 == WP_ENOMEM || r2 == WP_EINVAL);
            ok = r1 == WP_OK && r2 == WP_OK && calls < fail_at;
            wp_run_free(run);
        } else {
            ok = 0;
        }
        wp_context_free(ctx);
        if (ok)
            break;
        assert_true(fail_at < 100000);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_checks_outcomes_severity),
        cmocka_unit_test(test_enable_and_severity),
        cmocka_unit_test(test_pack_errors),
        cmocka_unit_test(test_malformed_path),
        cmocka_unit_test(test_document_subject),
        cmocka_unit_test(test_regex_limit),
        cmocka_unit_test(test_builtin_packs_load_clean),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
