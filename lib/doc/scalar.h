/*
 * Scalar typing. Kubernetes decodes YAML with a fork of go-yaml v2, whose
 * resolver implements YAML 1.1 (kubernetes-sigs/yaml:goyaml.v2/resolve.go);
 * formats.md section 1.2 lists the consequences. Only plain scalars are
 * resolved: quoted, block and `!!str`-tagged scalars are strings.
 */
#ifndef WP_DOC_SCALAR_H
#define WP_DOC_SCALAR_H

#include <stddef.h>

#include "doc/tree.h"

/*
 * Set kind, value and flags of @n from plain scalar text @s (@len bytes) as
 * go-yaml v2 does: y/yes/on/true... are booleans, ~/null/empty are null,
 * 0x1F, 0o17, 017 (octal), 0b101 and 1_000 are integers, 1.5, 1e3, .inf and
 * .nan are floats, `<<` is the merge key; anything else is a string. A
 * number out of range stays a string, as it does in go-yaml.
 */
void wp__resolve_plain(struct wp__node *n, const char *s, size_t len);

/*
 * Decimal text [-+]?digits[.digits][(e|E)[-+]?digits] (underscores skipped)
 * to the nearest double, independent of the C locale. Returns -1 when the
 * value overflows a double (the caller decides what that means), else 0.
 */
int wp__decimal_to_double(const char *s, size_t len, double *out);

#endif
