/* GB 11643 ID numbers, GB 32100 credit codes, and masking. */
#include <stdio.h>
#include <string.h>

#include "ids.h"

/* Province-level codes of GB/T 2260 (the first two digits). */
static const int id_provinces[] = {
	11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
	43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
};

static int
id_is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

static int
id_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return (29);
	return (days[m - 1]);
}

char
id_person_check_char(const char *s)
{
	static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7,
	    9, 10, 5, 8, 4, 2 };
	static const char map[] = "10X98765432";
	int	i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * weights[i];
	return (map[sum % 11]);
}

enum id_error
id_check_person(const char *s, int today)
{
	size_t	i, n;
	int	prov, y, m, d;

	if ((n = strlen(s)) != 18)
		return (ID_LENGTH);
	for (i = 0; i < 17; i++)
		if (!id_is_digit(s[i]))
			return (ID_CHARACTERS);
	if (!id_is_digit(s[17]) && s[17] != 'X')
		return (ID_CHARACTERS);
	prov = (s[0] - '0') * 10 + (s[1] - '0');
	for (i = 0; i < sizeof id_provinces / sizeof id_provinces[0]; i++)
		if (id_provinces[i] == prov)
			break;
	if (i == sizeof id_provinces / sizeof id_provinces[0] ||
	    strncmp(s + 2, "0000", 4) == 0)
		return (ID_REGION);
	sscanf(s + 6, "%4d%2d%2d", &y, &m, &d);
	if (y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > id_days_in_month(y, m) || y * 10000 + m * 100 + d > today)
		return (ID_BIRTH_DATE);
	if (id_person_check_char(s) != s[17])
		return (ID_CHECK_DIGIT);
	return (ID_OK);
}

/* GB 32100 code characters: digits and capitals without I, O, S, V, Z. */
static const char id_credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int
id_credit_value(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(id_credit_chars, c)) == NULL)
		return (-1);
	return ((int)(p - id_credit_chars));
}

char
id_credit_check_char(const char *s)
{
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
	    25, 13, 8, 24, 10, 30, 28 };
	int	i, sum = 0, c;

	for (i = 0; i < 17; i++)
		sum += id_credit_value(s[i]) * weights[i];
	c = 31 - sum % 31;
	return (id_credit_chars[c == 31 ? 0 : c]);
}

enum id_error
id_check_credit_code(const char *s)
{
	size_t	i;

	if (strlen(s) != 18)
		return (ID_LENGTH);
	for (i = 0; i < 18; i++)
		if (id_credit_value(s[i]) < 0)
			return (ID_CHARACTERS);
	/* Characters 3-8 are the registering authority's region code. */
	for (i = 2; i < 8; i++)
		if (!id_is_digit(s[i]))
			return (ID_REGION);
	if (id_credit_check_char(s) != s[17])
		return (ID_CHECK_DIGIT);
	return (ID_OK);
}

const char *
id_error_text(enum id_error e)
{
	switch (e) {
	case ID_OK:
		return ("valid");
	case ID_LENGTH:
		return ("must be 18 characters");
	case ID_CHARACTERS:
		return ("contains a character not allowed there");
	case ID_REGION:
		return ("does not start with a known region code");
	case ID_BIRTH_DATE:
		return ("does not contain a real birth date");
	case ID_CHECK_DIGIT:
		return ("has a wrong check character");
	}
	return ("invalid");
}

void
id_mask(char *dst, size_t size, const char *src)
{
	size_t	n = strlen(src), i;

	if (size == 0)
		return;
	for (i = 0; i < n && i + 1 < size; i++)
		dst[i] = (n > 7 && (i < 3 || i >= n - 4)) ? src[i] : '*';
	dst[i] = '\0';
}
