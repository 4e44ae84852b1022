/* Passwords of twelve or more characters that appear most often in
 * published breach corpora, plus obvious ones for this service. Shorter
 * ones are already refused by length. Compared case-insensitively. */
#include "auth/common_passwords.h"

#include <stddef.h>
#include <strings.h>

static const char *const common_passwords[] = {
    "123456789012", "1234567890123", "12345678901234", "123456789012345", "1234567890qwerty",
    "000000000000", "111111111111", "123123123123", "123412341234", "qwertyuiopas",
    "qwertyuiop123", "qwertyuiop12", "1qaz2wsx3edc", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u",
    "qazwsxedcrfv", "zaq12wsxcde3", "asdfghjkl123", "zxcvbnm12345", "abcdefghijkl",
    "abcd1234abcd", "abc123abc123", "password1234", "password12345", "password123456",
    "passwordpassword", "password123!", "Password1234", "Passw0rd1234", "p@ssw0rd1234",
    "iloveyou1234", "iloveyouiloveyou", "letmein12345", "welcome12345", "welcome123456",
    "changeme1234", "changeme12345", "administrator", "administrator1", "admin1234567",
    "adminadmin123", "superman1234", "football1234", "baseball1234", "liverpool1234",
    "manchesterunited", "chelsea12345", "arsenal12345", "sunshine1234", "princess1234",
    "monkey123456", "dragon123456", "trustno1trustno1", "starwars1234", "whatever1234",
    "computer1234", "internet1234", "spring2026!!", "summer2026!!", "autumn2026!!",
    "winter2026!!", "january2026!", "november2026", "december2026", "safeguarding",
    "safeguarding1", "safeguarding123", "contextual123", "cshubpassword", "cshub1234567",
    "correcthorsebatterystaple", "thequickbrownfox", "onetwothreefour", "mypassword123",
    "mypassword1234", "secretpassword", "qwerty123456", "qwerty1234567", "1234qwerasdf",
    "asdfasdfasdf", "qweqweqweqwe", "aaaaaaaaaaaa", "abcabcabcabc", "passw0rdpassw0rd",
};

bool common_password_contains(const char *password)
{
    for (size_t i = 0; i < sizeof common_passwords / sizeof common_passwords[0]; i++) {
        if (strcasecmp(password, common_passwords[i]) == 0)
            return true;
    }
    return false;
}
