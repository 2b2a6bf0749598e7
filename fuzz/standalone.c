/*
 * Without libFuzzer, each fuzz target links this driver and replays its
 * corpus: every file named on the command line, or every file in a named
 * directory. This makes the corpus (and every crash once minimised into
 * it) a regression test that runs with any compiler.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    do { /* loop until EOF: a single fread may return short */
        if (len == cap) {
            unsigned char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!nb) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int
run_path(const char *path, size_t *count)
{
    struct stat st;
    struct dirent *de;
    DIR *d;
    int rc = 0;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: not found\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return run_file(path);
    }
    if (!(d = opendir(path)))
        return -1;
    while ((de = readdir(d))) {
        char child[4096];
        if (de->d_name[0] == '.')
            continue;
        snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
        if (stat(child, &st) == 0 && S_ISREG(st.st_mode)) {
            (*count)++;
            rc |= run_file(child);
        }
    }
    closedir(d);
    return rc;
}

int
main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;

    for (int i = 1; i < argc; i++)
        rc |= run_path(argv[i], &count);
    printf("1..1\n%s 1 - replayed %zu inputs\n", rc || count == 0 ? "not ok" : "ok", count);
    return rc || count == 0 ? 1 : 0;
}
