/*
 * What the server asks of each libmicrohttpd version (server/mhdcompat.c),
 * whichever one this process loaded: the client discipline level where a
 * version offers levels (0.9.77.01 and later: Debian 13's 1.0.1), none
 * before; the query cut from the target only where the version is read
 * to need it (0.9.75 to 1.0.x), and only at its '?'.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static void
test_discipline(void **state)
{
	struct MHD_OptionItem item[2];
	struct mhd_traits old = mhd_traits_of(mhd_version_of("0.9.75"));
	struct mhd_traits new = mhd_traits_of(mhd_version_of("1.0.1"));

	(void)state;
	check(mhd_options(&old, MHD_DISCIPLINE, item, 2) == 0,
	    "0.9.75 is asked for a discipline level");
	check(mhd_options(&new, MHD_DISCIPLINE, item, 2) == 1 &&
		item[0].option == (enum MHD_OPTION)38 &&
		item[0].value == MHD_DISCIPLINE,
	    "1.0.1 is not asked for discipline level %d", MHD_DISCIPLINE);
	check(mhd_options(&new, MHD_DISCIPLINE, item, 0) == 0,
	    "an option is written past the room");
}

static void
test_query_cut(void **state)
{
	struct mhd_traits t = mhd_traits_of(mhd_version_of("1.0.1"));
	struct mhd_traits later = mhd_traits_of(mhd_version_of("1.1.0"));
	char with[] = "/api/v1/events?q=a&limit=2", without[] = "/healthz";
	char kept[] = "/api/v1/events?q=a";

	(void)state;
	mhd_cut_query(&t, with);
	mhd_cut_query(&t, without);
	mhd_cut_query(&later, kept);
	check(strcmp(with, "/api/v1/events?") == 0, "cut to '%s'", with);
	check(
	    strcmp(without, "/healthz") == 0, "no query, cut to '%s'", without);
	check(strcmp(kept, "/api/v1/events?q=a") == 0,
	    "a version not read is cut to '%s'", kept);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discipline),
		cmocka_unit_test(test_query_cut),
	};

	return cmocka_run_group_tests_name("mhdcompat", tests, NULL, NULL);
}
