/* CIDR containment behind the rule language's cidr-contains. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/rules.h"

static void
test_contains(void **state)
{
    (void)state;
    assert_true(wp__cidr_contains("0.0.0.0/0", "169.254.169.254"));
    assert_true(wp__cidr_contains("169.254.0.0/16", "169.254.169.254"));
    assert_true(wp__cidr_contains("169.254.169.0/24", "169.254.169.254"));
    assert_true(wp__cidr_contains("169.254.169.254/32", "169.254.169.254"));
    assert_true(wp__cidr_contains("169.254.169.254", "169.254.169.254"));
    assert_false(wp__cidr_contains("10.0.0.0/8", "169.254.169.254"));
    assert_false(wp__cidr_contains("169.254.169.255/32", "169.254.169.254"));
    assert_true(wp__cidr_contains("::/0", "fd00:ec2::254"));
    assert_true(wp__cidr_contains("fd00::/8", "fd00:ec2::254"));
    assert_false(wp__cidr_contains("fe80::/10", "fd00:ec2::254"));
    assert_false(wp__cidr_contains("::/0", "169.254.169.254"));  /* families differ */
}

static void
test_malformed(void **state)
{
    (void)state;
    assert_false(wp__cidr_contains("", "1.2.3.4"));
    assert_false(wp__cidr_contains("1.2.3.4/33", "1.2.3.4"));
    assert_false(wp__cidr_contains("1.2.3.4/", "1.2.3.4"));
    assert_false(wp__cidr_contains("1.2.3/8", "1.2.3.4"));
    assert_false(wp__cidr_contains("example.com", "1.2.3.4"));
    assert_false(wp__cidr_contains("10.0.0.0/8x", "10.1.1.1"));
    assert_false(wp__cidr_contains("::/129", "::1"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
