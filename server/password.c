/* Password policy (pure) and Argon2id hashing (slow: workers only). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "server.h"
#include "text.h"

int
password_check_policy(const struct password_policy *p, const char *login,
    const char *pw, char *why, size_t whylen)
{
	size_t		n = strlen(pw), used;
	uint32_t	cp;
	int		chars = 0, lower = 0, upper = 0, digit = 0, other = 0;
	int		classes;

	if (text_check(pw, 0, 0) != TEXT_OK) {
		snprintf(why, whylen, "password contains a character that "
		    "cannot be typed reliably");
		return (-1);
	}
	if (login != NULL && *login != '\0' && strcasestr(pw, login) != NULL) {
		snprintf(why, whylen, "password must not contain the login "
		    "name");
		return (-1);
	}
	while (n > 0 && (used = text_decode(pw, n, &cp)) > 0) {
		chars++;
		if (cp >= 'a' && cp <= 'z')
			lower = 1;
		else if (cp >= 'A' && cp <= 'Z')
			upper = 1;
		else if (cp >= '0' && cp <= '9')
			digit = 1;
		else
			other = 1;
		pw += used;
		n -= used;
	}
	if (chars < p->min_length) {
		snprintf(why, whylen, "password must have at least %d "
		    "characters", p->min_length);
		return (-1);
	}
	classes = lower + upper + digit + other;
	if (classes < p->min_classes) {
		snprintf(why, whylen, "password must mix at least %d of: "
		    "lower case, upper case, digits, other characters",
		    p->min_classes);
		return (-1);
	}
	return (0);
}

int
password_hash(char out[128], const char *pw, int memory_mib, int passes)
{
	return (crypto_pwhash_str(out, pw, strlen(pw), (unsigned long long)passes,
	    (size_t)memory_mib * 1024 * 1024) == 0 ? 0 : -1);
}

int
password_verify(const char *hash, const char *pw)
{
	return (crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0);
}

void
password_generate(char out[17])
{
	static const char *classes[] = {
		"abcdefghjkmnpqrstuvwxyz",
		"ABCDEFGHJKLMNPQRSTUVWXYZ",
		"23456789",
		"@#%+=-",
	};
	const char	*set;
	size_t		 i;
	uint32_t	 j;
	char		 t;

	for (i = 0; i < 16; i++) {
		set = classes[i % 4];
		out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
	}
	/* Shuffle so the classes do not repeat in a fixed order. */
	for (i = 15; i > 0; i--) {
		j = randombytes_uniform((uint32_t)i + 1);
		t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	out[16] = '\0';
}
