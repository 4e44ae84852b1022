/* Search folding; see fold.h. Covers Latin-1 Supplement and Latin
 * Extended-A, the accented letters of names in UK records; anything else
 * outside ASCII separates words. */
#include "util/fold.h"

#include <stdbool.h>
#include <string.h>

#include "util/arena.h"

/* ASCII for U+00C0..U+017F ("" when the letter has none). */
static const char *const latin_folds[] = {
    /* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    /* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    /* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    /* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    /* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    /* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    /* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    /* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    /* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    /* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Decodes one UTF-8 character at *p (advancing it); invalid bytes give 0xFFFD. */
static unsigned decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0) {
        *p = s + 1;
        return 0xFFFD;
    }
    unsigned value = extra == 0 ? c : c & (0x3F >> extra);
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + i;
            return 0xFFFD;
        }
        value = (value << 6) | (s[i] & 0x3F);
    }
    *p = s + extra + 1;
    return value;
}

const char *fold_for_search(struct arena *arena, const char *text)
{
    size_t length = text ? strlen(text) : 0;
    char *out = arena_alloc(arena, length * 2 + 1); /* a folded letter is at most 2 bytes per source byte */
    size_t used = 0;
    bool pending_space = false;
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    while (*p) {
        unsigned c = decode(&p);
        const char *piece = NULL;
        char single[2] = {0, 0};
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            single[0] = (char)c;
            piece = single;
        } else if (c >= 'A' && c <= 'Z') {
            single[0] = (char)(c - 'A' + 'a');
            piece = single;
        } else if (c >= 0xC0 && c <= 0x17F) {
            piece = latin_folds[c - 0xC0];
        } else if (c == '\'' || c == 0x2019) {
            continue; /* O'Brien and O’Brien fold to obrien */
        }
        if (piece == NULL || piece[0] == '\0') {
            pending_space = used > 0;
            continue;
        }
        if (pending_space) {
            out[used++] = ' ';
            pending_space = false;
        }
        size_t n = strlen(piece);
        memcpy(out + used, piece, n);
        used += n;
    }
    out[used] = '\0';
    return out;
}
