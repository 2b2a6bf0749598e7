/* Static text for status codes and severities. */
#include <wasmpolicy/common.h>
#include <wasmpolicy/version.h>

const char *
wp_strerror(int code)
{
    switch (code) {
    case WP_OK: return "success";
    case WP_ERROR: return "internal error";
    case WP_ENOMEM: return "out of memory";
    case WP_EINVAL: return "invalid argument";
    case WP_EMALFORMED: return "malformed input";
    case WP_ELIMIT: return "resource limit exceeded";
    case WP_EIO: return "input/output error";
    case WP_ENOTFOUND: return "not found";
    case WP_EUNSUPPORTED: return "unsupported input";
    }
    return "unknown error";
}

const char *
wp_severity_name(enum wp_severity severity)
{
    switch (severity) {
    case WP_SEVERITY_INFO: return "info";
    case WP_SEVERITY_WARNING: return "warning";
    case WP_SEVERITY_ERROR: return "error";
    }
    return NULL;
}

const char *
wp_version(void)
{
    return WP_VERSION_STRING;
}
