/* Fuzzes search folding (src/util/fold.c) and text_in_list
 * (src/util/text.c) with arbitrary bytes, valid UTF-8 or not. Properties
 * checked besides "no crash":
 *  - the folded text holds only a-z, 0-9 and single spaces between words,
 *    with no space at either end, and is at most twice as long as the input;
 *  - folding is idempotent: folding the folded text changes nothing;
 *  - the words of the input are kept apart: folding each half of the input
 *    (cut between two characters) and joining the halves gives the folded
 *    whole, give or take the space at the cut;
 *  - text_in_list finds a string exactly when it is in the list. */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "util/arena.h"
#include "util/fold.h"
#include "util/text.h"

static void check_shape(const char *input, const char *folded)
{
    size_t length = strlen(folded);
    FUZZ_CHECK(length <= 2 * strlen(input), "folded text longer than twice the input");
    FUZZ_CHECK(length == 0 || (folded[0] != ' ' && folded[length - 1] != ' '), "space at an end");
    FUZZ_CHECK(strstr(folded, "  ") == NULL, "two spaces together");
    FUZZ_CHECK(strspn(folded, "abcdefghijklmnopqrstuvwxyz0123456789 ") == length, "byte outside a-z, 0-9, space");
}

/* Where a UTF-8 character starts at or after offset (continuation bytes skipped). */
static size_t character_start(const char *text, size_t offset)
{
    while (text[offset] != '\0' && ((unsigned char)text[offset] & 0xC0) == 0x80)
        offset++;
    return offset;
}

/* Folding two halves apart gives the whole folded, except that a word cut in
 * two may be one word or two; so compare with the spaces taken out. */
static void check_split(struct arena *arena, const char *input, const char *folded)
{
    size_t cut = character_start(input, strlen(input) / 2);
    char *head = arena_strndup(arena, input, cut);
    const char *joined = arena_join(arena, fold_for_search(arena, head), "",
                                    fold_for_search(arena, input + cut));
    char *a = arena_strdup(arena, folded), *b = arena_strdup(arena, joined);
    size_t i = 0, j = 0;
    for (const char *c = folded; *c; c++)
        if (*c != ' ')
            a[i++] = *c;
    for (const char *c = joined; *c; c++)
        if (*c != ' ')
            b[j++] = *c;
    a[i] = b[j] = '\0';
    FUZZ_CHECK(strcmp(a, b) == 0, "folding halves lost or changed letters");
}

static void check_in_list(const char *input, const char *folded)
{
    const char *const list[] = {"agency", "hub", "restricted", folded};
    FUZZ_CHECK(text_in_list(folded, list, 4), "text_in_list misses a member");
    FUZZ_CHECK(!text_in_list(NULL, list, 4), "text_in_list finds NULL");
    bool expected = false;
    for (int i = 0; i < 3; i++)
        expected = expected || strcmp(input, list[i]) == 0;
    FUZZ_CHECK(text_in_list(input, list, 3) == expected, "text_in_list disagrees with strcmp");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = fuzz_string(data, size);
    struct arena *arena = arena_new();
    const char *folded = fold_for_search(arena, input);
    check_shape(input, folded);
    FUZZ_CHECK(strcmp(fold_for_search(arena, folded), folded) == 0, "folding is not idempotent");
    check_split(arena, input, folded);
    check_in_list(input, folded);
    FUZZ_CHECK(fold_for_search(arena, NULL)[0] == '\0', "NULL does not fold to empty");
    arena_free(arena);
    free(input);
    return 0;
}
