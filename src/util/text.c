/* Small text helpers; see text.h. */
#include "util/text.h"

#include <string.h>

bool text_in_list(const char *value, const char *const list[], int count)
{
    for (int i = 0; value != NULL && i < count; i++) {
        if (strcmp(value, list[i]) == 0)
            return true;
    }
    return false;
}
