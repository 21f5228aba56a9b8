#ifndef AID_TEST_HARNESS_IDS_H
#define AID_TEST_HARNESS_IDS_H

/*
 * Id lists: the ids of items as one string, space-separated (sorted, or
 * in the order served), from the API and from SQL, and how two compare.
 * The expectations fail the test naming last_request().
 */

#include <stddef.h>

#include <jansson.h>

/* The strings of v joined by single spaces, v sorted first when sorted.
 * New string (never NULL: "" for none). */
char *ids_join(const char **v, size_t n, int sorted);

/* The ids of items (objects with an "id", or id strings), joined; fails
 * the test on an item without an id. New string. */
char *ids_of(json_t *items, int sorted);

/* 1 when the space-separated list has word. */
int ids_has(const char *list, const char *word);

/* Fails the test unless every word of the list sub is in the list super;
 * what names super in the message. */
void ids_expect_subset(const char *sub, const char *super, const char *what);

/* Fails the test unless two joined id lists are equal; what names them. */
void ids_expect_same(const char *got, const char *want, const char *what);

#endif
