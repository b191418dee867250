/* Translated texts for status codes, request fields, posts and session ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui.h"

#define CODE(c)		BANSHI__V1__STATUS_CODE__STATUS_##c
#define POST(p)		BANSHI__V1__POST__POST_##p
#define END(r)		BANSHI__V1__SESSION_END_REASON__SESSION_END_REASON_##r

static const char *status_codes[] = {
	[CODE(OK)] = N_("Done"),
	[CODE(INVALID_ARGUMENT)] = N_("The input is not valid"),
	[CODE(UNAUTHENTICATED)] =
	    N_("You are not logged in, or your session has ended"),
	[CODE(PERMISSION_DENIED)] = N_("Your posts do not allow this"),
	[CODE(NOT_FOUND)] = N_("Not found; it may have been removed"),
	[CODE(CONFLICT)] =
	    N_("Someone else changed this in the meantime; refresh and retry"),
	[CODE(FAILED_PRECONDITION)] =
	    N_("This is not possible in the current state"),
	[CODE(RESOURCE_EXHAUSTED)] = N_("A limit was reached; try again later"),
	[CODE(UNAVAILABLE)] =
	    N_("The service is unavailable for now; try again later"),
	[CODE(INTERNAL)] =
	    N_("The server failed; please tell the administrator"),
};

static const struct {
	const char	*field;
	const char	*label;
} status_fields[] = {
	{ "login", N_("Login") },
	{ "password", N_("Password") },
	{ "old_password", N_("Current password") },
	{ "new_password", N_("New password") },
	{ "query", N_("Search text") },
	{ "code", N_("Item code") },
	{ "item_code", N_("Item code") },
	{ "draft_id", N_("Draft") },
	{ "expected_version", N_("Draft version") },
	{ "id_number", N_("ID number") },
	{ "serial", N_("Serial number") },
	{ "filename", N_("File name") },
	{ "extra_name", N_("Name of the material") },
	{ "size", N_("File size") },
	{ "type", N_("File type") },
	{ "hash", N_("File checksum") },
	{ "upload_id", N_("Upload") },
	{ "index", N_("Material") },
};

static const char *post_names[] = {
	[POST(AGENT)] = N_("Agent"),
	[POST(ACCEPT)] = N_("Acceptance"),
	[POST(REVIEW)] = N_("Review"),
	[POST(APPROVE)] = N_("Approval"),
	[POST(ISSUE)] = N_("Issuing"),
	[POST(PREREVIEW)] = N_("Pre-review"),
	[POST(HANDLE)] = N_("Handling"),
	[POST(BOOKING)] = N_("Booking"),
	[POST(SUPERVISOR)] = N_("Supervisor"),
};

static const char *session_ends[] = {
	[END(UNSPECIFIED)] = N_("Your session has ended; please log in again"),
	[END(IDLE)] =
	    N_("Your session ended after a period of inactivity; "
	    "please log in again"),
	[END(LOCKED)] = N_("Your session ended: the account has been locked"),
	[END(PASSWORD_RESET)] =
	    N_("Your session ended: an administrator reset your password"),
	[END(SHUTDOWN)] = N_("Your session ended: the server is shutting down"),
	[END(LOGGED_IN_ELSEWHERE)] =
	    N_("Your session ended: you logged in on another terminal"),
};

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* Look value up in a table of msgids indexed by enum value. */
static const char *
status_lookup(const char *const *table, size_t n, int value)
{
	if (value < 0 || (size_t)value >= n || table[value] == NULL)
		return (NULL);
	return (_(table[value]));
}

const char *
status_code_text(int code)
{
	const char	*s;

	s = status_lookup(status_codes, nitems(status_codes), code);
	return (s != NULL ? s : _("The server gave an unexpected answer"));
}

/* The label of a request field, or NULL when it is not one we know. */
const char *
status_field_text(const char *field)
{
	size_t	i;

	for (i = 0; i < nitems(status_fields); i++) {
		if (strcmp(status_fields[i].field, field) == 0)
			return (_(status_fields[i].label));
	}
	return (NULL);
}

int
status_code(const Banshi__V1__Reply *r)
{
	if (r == NULL || r->status == NULL)
		return (CODE(OK));
	return ((int)r->status->code);
}

const char *
status_field(const Banshi__V1__Reply *r)
{
	if (r == NULL || r->status == NULL || r->status->field == NULL ||
	    *r->status->field == '\0')
		return (NULL);
	return (r->status->field);
}

/* The translated text for a reply's status, naming the field if any. */
void
status_text(const Banshi__V1__Reply *r, char *buf, size_t len)
{
	const char	*code = status_code_text(status_code(r));
	const char	*field = status_field(r), *label;
	char		*safe;

	if (field == NULL) {
		snprintf(buf, len, "%s", code);
		return;
	}
	if ((label = status_field_text(field)) != NULL) {
		snprintf(buf, len, _("%s (%s)"), code, label);
		return;
	}
	safe = text_sanitize(field);
	snprintf(buf, len, _("%s (%s)"), code, safe);
	free(safe);
}

const char *
post_name(int post)
{
	const char	*s;

	s = status_lookup(post_names, nitems(post_names), post);
	return (s != NULL ? s : _("Unknown post"));
}

const char *
session_end_text(int reason)
{
	const char	*s;

	s = status_lookup(session_ends, nitems(session_ends), reason);
	return (s != NULL ? s : _(session_ends[0]));
}
