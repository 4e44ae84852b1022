/* Random record identifiers; see ids.h. */
#include "util/ids.h"

#include <sodium.h>
#include <string.h>

#include "util/arena.h"

void id_generate(char out[ID_TEXT_LEN + 1])
{
    unsigned char bits[ID_TEXT_LEN / 2];
    randombytes_buf(bits, sizeof bits);
    sodium_bin2hex(out, ID_TEXT_LEN + 1, bits, sizeof bits);
}

char *id_new(struct arena *arena)
{
    char *id = arena_alloc(arena, ID_TEXT_LEN + 1);
    id_generate(id);
    return id;
}

bool id_is_valid(const char *text)
{
    if (text == NULL || strlen(text) != ID_TEXT_LEN)
        return false;
    for (const char *c = text; *c; c++) {
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return false;
    }
    return true;
}
