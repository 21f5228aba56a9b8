#ifndef AID_DB_WRAPS_H
#define AID_DB_WRAPS_H

/*
 * WRAPS marks a function whose unsigned arithmetic wraps on purpose (a
 * hash): well defined in C, but reported by clang's -fsanitize=integer,
 * which also guards every other unsigned overflow as a likely bug.
 */
#if defined(__clang__)
#define WRAPS                                                                  \
	__attribute__((                                                        \
	    no_sanitize("unsigned-integer-overflow", "unsigned-shift-base")))
#else
#define WRAPS
#endif

#endif
