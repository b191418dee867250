/* The client's config file (INI): [server] and [ui]. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "tui.h"
#include "xmalloc.h"

struct config_parse {
	struct tui_config	*cfg;
	const char		*dir;		/* relative paths start here */
	char			 bad[128];	/* the unknown section/key */
};

enum config_kind {
	CONFIG_STRING,
	CONFIG_PATH			/* relative to the file's directory */
};

static const struct config_key {
	const char		*section;
	const char		*name;
	enum config_kind	 kind;
	size_t			 offset;
} config_keys[] = {
	{ "server", "host", CONFIG_STRING, offsetof(struct tui_config, host) },
	{ "server", "port", CONFIG_STRING, offsetof(struct tui_config, port) },
	{ "server", "ca", CONFIG_PATH, offsetof(struct tui_config, ca) },
	{ "server", "certificate", CONFIG_PATH,
	    offsetof(struct tui_config, cert) },
	{ "server", "key", CONFIG_PATH, offsetof(struct tui_config, key) },
	{ "ui", "viewer", CONFIG_STRING,
	    offsetof(struct tui_config, viewer) },
	{ "ui", "upload_dir", CONFIG_PATH,
	    offsetof(struct tui_config, upload_dir) },
};

static void
config_set(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

void
config_defaults(struct tui_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	config_set(&cfg->host, "localhost");
	config_set(&cfg->port, "7443");
	config_set(&cfg->viewer, "xdg-open");
}

static int
config_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct config_parse	*p = arg;
	const struct config_key	*k;
	char			**slot, *path;
	size_t			 i;

	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		k = &config_keys[i];
		if (strcmp(k->section, section) != 0 ||
		    strcmp(k->name, name) != 0)
			continue;
		slot = (char **)((char *)p->cfg + k->offset);
		if (k->kind == CONFIG_PATH && *value != '\0' &&
		    *value != '/') {
			xasprintf(&path, "%s/%s", p->dir, value);
			free(*slot);
			*slot = path;
		} else
			config_set(slot, value);
		return (1);
	}
	snprintf(p->bad, sizeof p->bad, "[%s] %s", section, name);
	return (0);
}

/*
 * Read path into cfg.  A missing file is an error only when required.
 * Returns 0, or -1 with a message in err.
 */
int
config_load(struct tui_config *cfg, const char *path, int required,
    char *err, size_t errlen)
{
	struct config_parse	 p;
	char			*copy, *slash;
	int			 rv;

	if (!required && access(path, F_OK) != 0)
		return (0);
	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	copy = xstrdup(path);
	if ((slash = strrchr(copy, '/')) != NULL)
		*slash = '\0';
	p.dir = slash != NULL ? (*copy != '\0' ? copy : "/") : ".";
	rv = ini_parse(path, config_handler, &p);
	free(copy);
	if (rv == -1) {
		snprintf(err, errlen, "%s: cannot open", path);
		return (-1);
	}
	if (rv != 0) {
		if (p.bad[0] != '\0')
			snprintf(err, errlen, "%s:%d: unknown key %s", path,
			    rv, p.bad);
		else
			snprintf(err, errlen, "%s:%d: syntax error", path, rv);
		return (-1);
	}
	return (0);
}

/*
 * $XDG_CONFIG_HOME/banshi/banshi.conf (or ~/.config/...) when it exists,
 * else the system file.
 */
const char *
config_default_path(void)
{
	static char	 path[PATH_MAX];
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home;

	if (xdg != NULL && *xdg == '/')
		snprintf(path, sizeof path, "%s/banshi/banshi.conf", xdg);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		snprintf(path, sizeof path, "%s/.config/banshi/banshi.conf",
		    home);
	else
		path[0] = '\0';
	if (path[0] != '\0' && access(path, F_OK) == 0)
		return (path);
	return (SYSCONFDIR "/banshi/banshi.conf");
}

void
config_free(struct tui_config *cfg)
{
	free(cfg->host);
	free(cfg->port);
	free(cfg->ca);
	free(cfg->cert);
	free(cfg->key);
	free(cfg->viewer);
	free(cfg->upload_dir);
	memset(cfg, 0, sizeof *cfg);
}
