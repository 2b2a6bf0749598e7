/* Finding the project config (.wasmlint.yaml) for a lint run. */
#ifndef WASMLINT_CONFIG_H
#define WASMLINT_CONFIG_H

/*
 * The config for inputs starting at @first (a file or directory, or "-"
 * for the working directory): the first .wasmlint.yaml or .wasmlint.yml
 * found walking up from it, stopping after the directory that holds .git
 * (the repository root). Returns a malloc'd path, or NULL when none.
 */
char *find_config(const char *first);

#endif
