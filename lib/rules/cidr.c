/* CIDR containment for the rule language's cidr-contains test. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* Parse "a.b.c.d/n" or "x::y/n" (a bare address is a /32 or /128) into
 * 16 bytes (IPv4 mapped into the low 4) and a prefix length over them. */
static int
parse(const char *s, unsigned char addr[16], int *family, unsigned *bits)
{
    char host[64];
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t)(slash - s) : strlen(s);
    unsigned long len;
    char *end;

    if (n == 0 || n >= sizeof(host))
        return -1;
    memcpy(host, s, n);
    host[n] = '\0';
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, host, addr + 12) == 1) {
        *family = 4;
        len = 32;
    } else if (inet_pton(AF_INET6, host, addr) == 1) {
        *family = 6;
        len = 128;
    } else {
        return -1;
    }
    if (slash) {
        len = strtoul(slash + 1, &end, 10);
        if (end == slash + 1 || *end || len > (*family == 4 ? 32UL : 128UL))
            return -1;
    }
    *bits = (unsigned)len + (*family == 4 ? 96u : 0u);
    return 0;
}

int
wp__cidr_contains(const char *cidr, const char *address)
{
    unsigned char net[16], a[16];
    unsigned bits, abits;
    int fn, fa;

    if (parse(cidr, net, &fn, &bits) || parse(address, a, &fa, &abits) || fn != fa)
        return 0;
    for (unsigned i = 0; i < bits; i++) {
        unsigned char mask = (unsigned char)(0x80u >> (i % 8));
        if ((net[i / 8] & mask) != (a[i / 8] & mask))
            return 0;
    }
    return 1;
}
