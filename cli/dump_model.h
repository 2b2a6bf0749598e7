/* wasmlint lint --dump-model. */
#ifndef WASMLINT_DUMP_MODEL_H
#define WASMLINT_DUMP_MODEL_H

#include <wasmpolicy/wasmpolicy.h>

/* Print the model of an evaluated run, its warnings and errors as JSON. */
void dump_model(const wp_run *run);

#endif
