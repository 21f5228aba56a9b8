#ifndef AID_TEST_HARNESS_SQL_H
#define AID_TEST_HARNESS_SQL_H

/*
 * SQL oracles: what the resource tests expect, read from the database
 * (api_db, harness_api.h) with queries written from the contract, not
 * from the server's code. The formats are sqlite3_mprintf's (%q, %Q, %w),
 * not printf's; a query that does not prepare fails the test.
 */

/* The first column of every row of the query, sorted and joined by single
 * spaces ("" for none). New string. */
char *sql_ids(const char *fmt, ...);

/* The first column of the first row (a new string), or NULL. */
char *sql_text(const char *fmt, ...);

/* The first column of the first row of the query sql, as it is (no
 * printf-style expansion); fails the test when there is none. New string. */
char *sql_value(const char *sql);

/* The number of rows of table. */
long long sql_count(const char *table);

/*
 * SQL: the table below, of the entities at or below an entity (the two
 * %Q): its descendants by parent, and for one of the two partners (a
 * municipality or province at the top) also what has no parent place on
 * its side (its companies, government, ethnic groups) and their
 * descendants.
 */
#define SQL_BELOW                                                              \
	"WITH RECURSIVE below(id) AS (SELECT %Q UNION "                        \
	"SELECT e.id FROM entities e JOIN entities r ON r.id = %Q"             \
	" WHERE r.parent IS NULL AND r.kind IN ('municipality', 'province')"   \
	" AND e.parent IS NULL AND e.side = r.side UNION "                     \
	"SELECT e.id FROM entities e JOIN below b ON e.parent = b.id) "

#endif
