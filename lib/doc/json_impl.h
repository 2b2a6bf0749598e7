/* State of one JSON read, shared by the value parser and string decoding. */
#ifndef WP_DOC_JSON_IMPL_H
#define WP_DOC_JSON_IMPL_H

#include "doc/build.h"
#include "doc/reader.h"

struct wp__jr {
    struct wp__reader rd;
    struct wp__build b;
    const struct wp__src *src;
    const unsigned char *base, *p, *end;
    size_t line;              /* 0-based line of the last position computed */
    char *buf;                /* unescaped string text */
    size_t buf_cap;
};

/* Position of @at; offsets asked for mostly grow, so this walks forward. */
struct wp__pos wp__jr_pos(struct wp__jr *j, const unsigned char *at);
/* Record an error at @at; returns its code. */
int wp__jr_fail(struct wp__jr *j, const unsigned char *at, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The string at j->p (on its opening quote) as a scalar node. */
int wp__jr_string(struct wp__jr *j);

#endif
