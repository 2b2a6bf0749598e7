/*
 * wasmpolicy/wasmpolicy.h - the whole public API of libwasmpolicy.
 *
 *     #include <wasmpolicy/wasmpolicy.h>
 *
 * libwasmpolicy answers, before deploy, what a WebAssembly workload can
 * reach: it lists the imports of components and core modules, reads the
 * manifests that deploy them and evaluates rule packs across both.
 * See libwasmpolicy(3).
 */
#ifndef WASMPOLICY_WASMPOLICY_H
#define WASMPOLICY_WASMPOLICY_H

#include <wasmpolicy/common.h>
#include <wasmpolicy/context.h>
#include <wasmpolicy/version.h>
#include <wasmpolicy/wasm.h>
#include <wasmpolicy/rule.h>
#include <wasmpolicy/finding.h>
#include <wasmpolicy/run.h>
#include <wasmpolicy/model.h>

#endif /* WASMPOLICY_WASMPOLICY_H */
