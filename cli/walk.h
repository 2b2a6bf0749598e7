/* Expanding command-line paths into the list of inputs to lint. */
#ifndef WASMLINT_WALK_H
#define WASMLINT_WALK_H

#include <stddef.h>

struct path_list {
    char **v;
    size_t n, cap;
};

/* Add @path: a file as is (whatever its name), a directory recursively,
 * keeping files whose names a linter reads (.yaml .yml .json .wasm
 * spin.toml), sorted so output does not depend on directory order.
 * Returns 0, or -1 after printing why the path cannot be walked. */
int walk_add(struct path_list *l, const char *path);
void walk_free(struct path_list *l);
/* Append a copy of @s; -1 when out of memory. */
int path_list_push(struct path_list *l, const char *s);

#endif
