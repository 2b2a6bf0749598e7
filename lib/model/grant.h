/*
 * The normalised grant record of one wasm component (formats.md §17.1):
 * every platform reader (wasmCloud, wash, wadm, Spin, runtime argv)
 * fills the same fields, so a rule about environment inheritance or
 * outbound hosts is written once.
 *
 *   platform, name, application (owner id), image
 *   env     {explicit {K: V}, inheritAll, inheritNames[], secretRefs[], bulkRefs[]}
 *   files   [{host, guest, writable, origin}]
 *   net     {outbound {mode: list|all|none, hosts[]}, dns {mode, names[]},
 *            tcp, udp, bind, hostLoopbackPorts[]}
 *   stores  {keyValue[], sqlite[], aiModels[], hostInterfaces[]}
 *   declaredImports[]  interfaces the manifest says it uses (wadm links)
 *   config  {K: V}
 *
 * A mode the platform implies rather than the manifest states (wasmCloud's
 * fail-closed empty allowedHosts, wash's allow-all default) is DERIVED and
 * points where the list would be.
 */
#ifndef WP_MODEL_GRANT_H
#define WP_MODEL_GRANT_H

#include "model/handlers.h"

struct wp__grant {
    struct wp_subject *s;
    struct wp__mv *env, *explicit_env, *inherit_names, *secret_refs, *bulk_refs;
    struct wp__mv *files, *net, *stores, *config;
};

/* A component subject of @platform named by @name_node (or @name). */
struct wp_subject *wp__grant_new(struct wp__mctx *c, struct wp__grant *g,
                                 const struct wp__node *at, const char *platform,
                                 const struct wp_subject *owner, const char *name,
                                 const struct wp__node *name_node);

/* Outbound / DNS from an allowlist node (a sequence or absent). @absent
 * is the mode an absent or empty list means on this platform ("none",
 * "all"); a "*" entry makes the mode "all". */
void wp__grant_outbound(struct wp__mctx *c, struct wp__grant *g, const char *key,
                        const struct wp__node *list, const struct wp__node *at,
                        const char *absent, const char *path);

void wp__grant_env(struct wp__mctx *c, struct wp__grant *g, const char *name, size_t nlen,
                   const struct wp__node *value, const struct wp__node *at);
/* A named reference (Secret, ConfigMap, env name) under env.@which. */
void wp__grant_ref(struct wp__mctx *c, struct wp__grant *g, const char *which,
                   const struct wp__node *name);
/* One preopen / mount: texts with the nodes they came from (NULL: the
 * value is derived at @at). */
struct wp__grant_file_in {
    const char *host;  const struct wp__node *host_at;
    const char *guest; const struct wp__node *guest_at;
    int writable;      const struct wp__node *writable_at;
    const char *origin;
    const struct wp__node *at;
};
void wp__grant_file(struct wp__mctx *c, struct wp__grant *g,
                    const struct wp__grant_file_in *f);
/* A string into stores.@key (created on first use). */
void wp__grant_store(struct wp__mctx *c, struct wp__grant *g, const char *key,
                     const struct wp__node *value);
/* wasmcloud.c: localResources.environment (also wash's workload env). */
void wp__wasmcloud_env(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *env);

void wp__grant_flag(struct wp__mctx *c, struct wp__grant *g, const char *key, int on,
                    const struct wp__node *at, unsigned flags);

#endif
