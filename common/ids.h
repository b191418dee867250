/*
 * Identity numbers: the 18-character citizen ID number (GB 11643) and the
 * unified social credit code (GB 32100), and masking for display.  Pure.
 */
#ifndef BANSHI_IDS_H
#define BANSHI_IDS_H

#include <stddef.h>

enum id_error {
	ID_OK,
	ID_LENGTH,		/* not 18 characters */
	ID_CHARACTERS,		/* a character not allowed there */
	ID_REGION,		/* unknown province / region prefix */
	ID_BIRTH_DATE,		/* not a real date, or in the future */
	ID_CHECK_DIGIT		/* the last character does not match */
};

/*
 * Check a citizen ID number; today is YYYYMMDD as an integer (birth dates
 * after it are refused).  A lower-case x is refused (write X).
 */
enum id_error	 id_check_person(const char *, int today);
/* Check a unified social credit code. */
enum id_error	 id_check_credit_code(const char *);
/* English text for an error, for the reply's message. */
const char	*id_error_text(enum id_error);
/* The check character a 17-character ID prefix needs ('0'-'9' or 'X'). */
char		 id_person_check_char(const char *first17);
/* The check character a 17-character credit code prefix needs. */
char		 id_credit_check_char(const char *first17);

/*
 * Mask for people who do not need the whole value: keep the first 3 and
 * last 4 characters, '*' between.  Strings of 7 characters or fewer become
 * all '*'.  Writes into dst (size bytes).
 */
void		 id_mask(char *dst, size_t size, const char *src);

#endif
