/*
 * Telling a file's type from its content, never its name: the formats a
 * material may come in.  Pure.
 */
#ifndef BANSHI_FILETYPE_H
#define BANSHI_FILETYPE_H

#include <stddef.h>
#include <stdint.h>

enum filetype {
	FILETYPE_UNKNOWN,
	FILETYPE_JPG,
	FILETYPE_PNG,
	FILETYPE_PDF,
	FILETYPE_DOC,
	FILETYPE_XLS,
	FILETYPE_DOCX,
	FILETYPE_XLSX
};

/* The type of a whole file's bytes. */
enum filetype	 filetype_detect(const uint8_t *, size_t);
/* "jpg", "png", ... as in the catalogue's formats; "" when unknown. */
const char	*filetype_name(enum filetype);
/* The MIME type, for viewers. */
const char	*filetype_mime(enum filetype);

#endif
