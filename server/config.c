/* banshid.conf: INI sections and keys, with documented defaults. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "server.h"
#include "xmalloc.h"

struct config_parse {
	struct config	*cfg;
	FILE		*f;
	int		 line;		/* lines read so far */
	int		 err_line;	/* where err happened */
	char		 err[256];
};

enum config_type {
	CONFIG_STRING,
	CONFIG_INT,
	CONFIG_DURATION,
	CONFIG_SIZE,
	CONFIG_BOOL,
	CONFIG_MODE,
	CONFIG_POSTS
};

struct config_key {
	const char		*section;
	const char		*name;
	enum config_type	 type;
	size_t			 offset;
	long			 min;
	long			 max;
};

#define K(s, n, t, f, lo, hi) \
	{ s, n, t, offsetof(struct config, f), lo, hi }

static const struct config_key config_keys[] = {
	K("listen", "address", CONFIG_STRING, listen_address, 0, 0),
	K("listen", "port", CONFIG_STRING, listen_port, 0, 0),
	K("listen", "certificate", CONFIG_STRING, certificate, 0, 0),
	K("listen", "key", CONFIG_STRING, key, 0, 0),
	K("listen", "client_ca", CONFIG_STRING, client_ca, 0, 0),
	K("storage", "database", CONFIG_STRING, database, 0, 0),
	K("storage", "data_dir", CONFIG_STRING, data_dir, 0, 0),
	K("storage", "cache_size", CONFIG_SIZE, cache_size, 1024 * 1024,
	    64L * 1024 * 1024 * 1024),
	K("storage", "mmap_size", CONFIG_SIZE, mmap_size, 0,
	    1024L * 1024 * 1024 * 1024),
	K("control", "socket", CONFIG_STRING, control_socket, 0, 0),
	K("control", "mode", CONFIG_MODE, control_mode, 0, 0777),
	K("catalog", "dir", CONFIG_STRING, catalog_dir, 0, 0),
	K("limits", "max_frame", CONFIG_SIZE, max_frame, 1024,
	    64 * 1024 * 1024),
	K("limits", "upload_max", CONFIG_SIZE, upload_max, 1024,
	    1024 * 1024 * 1024),
	K("limits", "handshake_timeout", CONFIG_DURATION, handshake_timeout,
	    1, 3600),
	K("limits", "frame_timeout", CONFIG_DURATION, frame_timeout, 1, 3600),
	K("limits", "session_idle", CONFIG_DURATION, session_idle, 60,
	    7 * 86400),
	K("limits", "max_connections", CONFIG_INT, max_connections, 1,
	    100000),
	K("password", "min_length", CONFIG_INT, password.min_length, 6, 128),
	K("password", "min_classes", CONFIG_INT, password.min_classes, 1, 4),
	K("password", "expiry_days", CONFIG_INT, password.expiry_days, 0,
	    3650),
	K("password", "history", CONFIG_INT, password.history, 0, 24),
	K("password", "hash_memory", CONFIG_INT, hash_memory, 8, 1024),
	K("password", "hash_passes", CONFIG_INT, hash_passes, 1, 10),
	K("password", "workers", CONFIG_INT, workers, 1, 64),
	K("lockout", "failures", CONFIG_INT, lockout_failures, 1, 100),
	K("lockout", "window", CONFIG_DURATION, lockout_window, 1, 86400),
	K("lockout", "duration", CONFIG_DURATION, lockout_duration, 1,
	    30 * 86400),
	K("debug", "clock_control", CONFIG_BOOL, clock_control, 0, 1),
	K("workflow", "claim_idle", CONFIG_DURATION, claim_idle, 60,
	    7 * 86400),
	K("workflow", "warn_days", CONFIG_INT, warn_days, 0, 365),
	K("workflow", "pause_posts", CONFIG_POSTS, pause_posts, 0, 0),
	K("workflow", "extend_posts", CONFIG_POSTS, extend_posts, 0, 0),
	K("workflow", "terminate_posts", CONFIG_POSTS, terminate_posts, 0, 0),
	K("workflow", "withdraw_posts", CONFIG_POSTS, withdraw_posts, 0, 0),
	K("sms", "command", CONFIG_STRING, sms_command, 0, 0),
	K("sms", "spool", CONFIG_STRING, sms_spool, 0, 0),
	K("sms", "retry", CONFIG_DURATION, sms_retry, 1, 86400),
	K("sms", "attempts", CONFIG_INT, sms_attempts, 1, 100),
	K("sms", "remind_interval", CONFIG_DURATION, remind_interval, 60,
	    7 * 86400),
};

#undef K

/* Set the defaults every deployment gets without saying. */
static void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->listen_address = xstrdup("127.0.0.1");
	c->listen_port = xstrdup("7443");
	c->database = xstrdup("/var/lib/banshi/banshi.db");
	c->data_dir = xstrdup("/var/lib/banshi");
	c->cache_size = 64 * 1024 * 1024;
	c->mmap_size = 0;	/* see db_tune: commits drop the readers' map */
	c->control_socket = xstrdup("/run/banshid.sock");
	c->control_mode = 0600;
	c->catalog_dir = xstrdup(SYSCONFDIR "/banshi/catalog");
	c->max_frame = 1024 * 1024;
	c->upload_max = 20 * 1024 * 1024;
	c->handshake_timeout = 10;
	c->frame_timeout = 30;
	c->session_idle = 30 * 60;
	c->max_connections = 10000;
	c->password.min_length = 8;
	c->password.min_classes = 3;
	c->password.expiry_days = 90;
	c->password.history = 5;
	c->hash_memory = 64;
	c->hash_passes = 2;
	c->workers = 2;
	c->lockout_failures = 5;
	c->lockout_window = 15 * 60;
	c->lockout_duration = 30 * 60;
	c->claim_idle = 30 * 60;
	c->warn_days = 2;
	c->pause_posts = 1u << BANSHI__V1__POST__POST_ACCEPT |
	    1u << BANSHI__V1__POST__POST_APPROVE |
	    1u << BANSHI__V1__POST__POST_SUPERVISOR;
	c->extend_posts = c->pause_posts;
	c->terminate_posts = 1u << BANSHI__V1__POST__POST_SUPERVISOR;
	c->withdraw_posts = 1u << BANSHI__V1__POST__POST_ACCEPT |
	    1u << BANSHI__V1__POST__POST_AGENT |
	    1u << BANSHI__V1__POST__POST_SUPERVISOR;
	c->sms_command = xstrdup("");
	c->sms_spool = xstrdup("");
	c->sms_retry = 30;
	c->sms_attempts = 8;
	c->remind_interval = 3600;
}

long
config_parse_duration(const char *s)
{
	char	*end;
	long	 v, mult = 1;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno != 0 || v < 0)
		return (-1);
	if (*end != '\0') {
		switch (*end) {
		case 's':
			mult = 1;
			break;
		case 'm':
			mult = 60;
			break;
		case 'h':
			mult = 3600;
			break;
		case 'd':
			mult = 86400;
			break;
		default:
			return (-1);
		}
		if (end[1] != '\0')
			return (-1);
	}
	if (v > LONG_MAX / mult)
		return (-1);
	return (v * mult);
}

size_t
config_parse_size(const char *s)
{
	char			*end;
	unsigned long long	 v, mult = 1;

	if (*s < '0' || *s > '9')
		return (0);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno != 0)
		return (0);
	if (*end != '\0') {
		if (*end == 'K' || *end == 'k')
			mult = 1024;
		else if (*end == 'M' || *end == 'm')
			mult = 1024 * 1024;
		else if (*end == 'G' || *end == 'g')
			mult = 1024 * 1024 * 1024;
		else
			return (0);
		if (end[1] != '\0')
			return (0);
	}
	if (v > SIZE_MAX / mult)
		return (0);
	return ((size_t)(v * mult));
}

/* A comma-separated list of posts into a mask. */
static int
config_posts(const char *value, void *p, const struct config_key *k,
    char *err, size_t errlen)
{
	char		 buf[256], *w, *save = NULL;
	uint32_t	 mask = 0;
	int		 post;

	snprintf(buf, sizeof buf, "%s", value);
	for (w = strtok_r(buf, ", ", &save); w != NULL;
	    w = strtok_r(NULL, ", ", &save)) {
		if ((post = post_parse(w)) == -1) {
			snprintf(err, errlen, "[%s] %s: unknown post '%s'",
			    k->section, k->name, w);
			return (-1);
		}
		mask |= 1u << post;
	}
	*(uint32_t *)p = mask;
	return (0);
}

/* Store one value by the key's type; -1 with a message when it's bad. */
static int
config_set(struct config *c, const struct config_key *k, const char *value,
    char *err, size_t errlen)
{
	void	*p = (char *)c + k->offset;
	long	 v;
	char	*end;

	switch (k->type) {
	case CONFIG_STRING:
		free(*(char **)p);
		*(char **)p = xstrdup(value);
		return (0);
	case CONFIG_BOOL:
		if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0)
			v = 1;
		else if (strcmp(value, "no") == 0 ||
		    strcmp(value, "false") == 0)
			v = 0;
		else {
			snprintf(err, errlen, "[%s] %s: expected yes or no",
			    k->section, k->name);
			return (-1);
		}
		*(int *)p = (int)v;
		return (0);
	case CONFIG_MODE:
		errno = 0;
		v = strtol(value, &end, 8);
		if (*value == '\0' || *end != '\0' || errno != 0 ||
		    v < k->min || v > k->max) {
			snprintf(err, errlen,
			    "[%s] %s: expected an octal mode like 0660",
			    k->section, k->name);
			return (-1);
		}
		*(mode_t *)p = (mode_t)v;
		return (0);
	case CONFIG_POSTS:
		return (config_posts(value, p, k, err, errlen));
	case CONFIG_SIZE:
		*(size_t *)p = config_parse_size(value);
		if (*(size_t *)p < (size_t)k->min ||
		    *(size_t *)p > (size_t)k->max) {
			snprintf(err, errlen, "[%s] %s: expected a size from "
			    "%ld to %ld bytes (K, M and G suffixes allowed)",
			    k->section, k->name, k->min, k->max);
			return (-1);
		}
		return (0);
	case CONFIG_DURATION:
		v = config_parse_duration(value);
		if (v < k->min || v > k->max) {
			snprintf(err, errlen, "[%s] %s: expected a duration "
			    "from %lds to %lds (s, m, h, d suffixes allowed)",
			    k->section, k->name, k->min, k->max);
			return (-1);
		}
		*(int *)p = (int)v;
		return (0);
	case CONFIG_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || errno != 0 ||
		    v < k->min || v > k->max) {
			snprintf(err, errlen,
			    "[%s] %s: expected a number from %ld to %ld",
			    k->section, k->name, k->min, k->max);
			return (-1);
		}
		*(int *)p = (int)v;
		return (0);
	}
	return (-1);
}

static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_parse	*cp = user;
	size_t			 i;

	if (cp->err[0] != '\0')
		return (0);
	if (name == NULL)
		return (1);	/* a section on its own line */
	cp->err_line = cp->line;
	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		if (strcmp(config_keys[i].section, section) == 0 &&
		    strcmp(config_keys[i].name, name) == 0)
			return (config_set(cp->cfg, &config_keys[i], value,
			    cp->err, sizeof cp->err) == 0);
	}
	snprintf(cp->err, sizeof cp->err, "unknown key [%s] %s", section,
	    name);
	return (0);
}

/*
 * Feed inih one line at a time, counting lines ourselves: inih splits a line
 * longer than its buffer and would miscount, so such a line is an error here.
 */
static char *
config_reader(char *buf, int size, void *arg)
{
	struct config_parse	*cp = arg;
	size_t			 n;

	if (cp->err[0] != '\0' || fgets(buf, size, cp->f) == NULL)
		return (NULL);
	cp->line++;
	n = strlen(buf);
	if (n == (size_t)size - 1 && buf[n - 1] != '\n' && !feof(cp->f)) {
		snprintf(cp->err, sizeof cp->err, "line longer than %d bytes",
		    size - 2);
		cp->err_line = cp->line;
		return (NULL);
	}
	return (buf);
}

/* Checks across keys, after the whole file is read. */
static int
config_check(const struct config *c, char *err, size_t errlen)
{
	static const char *required[][2] = {
		{ "listen", "certificate" },
		{ "listen", "key" },
	};
	const char	*vals[] = { c->certificate, c->key };
	size_t		 i;
	long		 port;
	char		*end;

	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		if (vals[i] == NULL || *vals[i] == '\0') {
			snprintf(err, errlen, "missing [%s] %s",
			    required[i][0], required[i][1]);
			return (-1);
		}
	}
	errno = 0;
	port = strtol(c->listen_port, &end, 10);
	if (*c->listen_port == '\0' || *end != '\0' || errno != 0 ||
	    port < 0 || port > 65535) {
		snprintf(err, errlen, "[listen] port: expected 0 to 65535");
		return (-1);
	}
	return (0);
}

int
config_load(const char *path, struct config *c, char *err, size_t errlen)
{
	struct config_parse	cp;
	int			line;
	char			msg[256];

	config_defaults(c);
	c->path = xstrdup(path);
	memset(&cp, 0, sizeof cp);
	cp.cfg = c;
	if ((cp.f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* The first error is the one reported, with its own line. */
	ini_stop_on_first_error = true;
	line = ini_parse_stream(config_reader, &cp, config_handler, &cp);
	fclose(cp.f);
	if (line == -2) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	if (cp.err[0] != '\0') {
		snprintf(err, errlen, "%s:%d: %s", path, cp.err_line, cp.err);
		goto fail;
	}
	if (line > 0) {
		snprintf(err, errlen, "%s:%d: syntax error (expected [section] "
		    "or key = value)", path, line);
		goto fail;
	}
	if (config_check(c, msg, sizeof msg) == -1) {
		snprintf(err, errlen, "%s: %s", path, msg);
		goto fail;
	}
	return (0);
fail:
	config_free(c);
	return (-1);
}

void
config_free(struct config *c)
{
	size_t	i;

	free(c->path);
	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		if (config_keys[i].type == CONFIG_STRING)
			free(*(char **)((char *)c + config_keys[i].offset));
	}
	memset(c, 0, sizeof *c);
}
