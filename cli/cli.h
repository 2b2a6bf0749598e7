/* Shared pieces of the wasmlint subcommands. Uses the public API only. */
#ifndef WASMLINT_CLI_H
#define WASMLINT_CLI_H

#include <wasmpolicy/wasmpolicy.h>

/* Exit statuses, on shellcheck's model. */
enum {
    EXIT_CLEAN = 0,      /* nothing at or above the failure threshold */
    EXIT_FINDINGS = 1,   /* findings at or above it */
    EXIT_INPUT = 2,      /* some inputs could not be read or parsed */
    EXIT_USAGE = 3,      /* bad command-line syntax */
    EXIT_BADVALUE = 4,   /* bad option value or config */
};

int cmd_lint(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* "wasmlint CMD: message" on stderr plus a hint; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For a bad option value; returns EXIT_BADVALUE. */
int value_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Output formats shared by the subcommands. */
enum out_format { FORMAT_TEXT, FORMAT_JSON };
int parse_format(const char *cmd, const char *arg, enum out_format *out);

/* Print a diagnostic on stderr as "file:line:col: SEVERITY: message" (or
 * "file: offset 0x..: SEVERITY: message" for binaries). */
void print_diag(const struct wp_diag *d, const char *severity);

#endif
