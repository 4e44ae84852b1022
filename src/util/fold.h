/* Folding names for search: lower-case ASCII letters and digits with
 * accents removed ("Kayleigh O'Brien-Núñez" -> "kayleigh obrien nunez"),
 * so that search ignores case, accents and punctuation on any database. */
#ifndef CSHUB_FOLD_H
#define CSHUB_FOLD_H

struct arena;

/* The folded form of text (UTF-8), in arena memory. Words are separated by
 * one space; apostrophes vanish; other punctuation separates words. */
const char *fold_for_search(struct arena *arena, const char *text);

#endif
