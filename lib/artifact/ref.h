/*
 * Image references normalised as container tools do
 * (distribution/reference normalize.go; formats.md §18.2): the first path
 * component is a registry only if it holds '.' or ':', is "localhost", or
 * has upper-case letters; otherwise the registry is docker.io, and
 * single-segment Docker Hub names get "library/"; index.docker.io is
 * docker.io; no tag and no digest means ":latest"; with both a tag and a
 * digest the digest decides and the tag is dropped.
 */
#ifndef WP_ARTIFACT_REF_H
#define WP_ARTIFACT_REF_H

#include <stddef.h>

/* Write the normalised form of @ref into @out. Returns 0, or -1 when @ref
 * is empty, has whitespace, or does not fit. */
int wp__ref_normalize(const char *ref, char *out, size_t size);

/* The last path segment's name without tag or digest ("api" for
 * "ghcr.io/org/api:1.0"), into @out; for {name} in prefix templates. */
int wp__ref_name(const char *ref, char *out, size_t size);

#endif
