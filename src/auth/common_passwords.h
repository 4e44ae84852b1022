/* A list of passwords that attackers try first; a new password on it is refused. */
#ifndef CSHUB_COMMON_PASSWORDS_H
#define CSHUB_COMMON_PASSWORDS_H

#include <stdbool.h>

/* True when password (compared without regard to case) is on the list. */
bool common_password_contains(const char *password);

#endif
