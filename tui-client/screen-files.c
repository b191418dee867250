/*
 * The file picker for an upload: directories first, then files with their
 * size and the type their content shows (the server decides; this is for
 * the operator's eyes).  Enter goes into a directory or picks a file,
 * Backspace goes up.  It starts where the last file came from, else in
 * [ui] upload_dir, $HOME or the working directory.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filetype.h"
#include "text.h"
#include "tui.h"
#include "xmalloc.h"

#define FILES_SNIFF	(64 * 1024)	/* bytes read to tell the type */
#define FILES_MAX	2000		/* entries listed, at most */

struct file_entry {
	char		*name;		/* as on disk */
	char		*shown;		/* sanitized */
	int		 dir;
	uint64_t	 size;
	const char	*type;		/* "pdf", or "" when not known */
};

struct files {
	struct upload_target	 t;	/* its strings are ours */
	char			*dir;
	struct file_entry	*v;
	size_t			 n;
	int			 more;		/* entries left out */
	int			 hidden;	/* dotfiles shown */
	struct ui_list		 list;
	int			 rows;
};

static char	*files_last_dir;

static void	files_enter(struct screen *);
static void	files_up_dir(struct screen *);
static void	files_cancel(struct screen *);
static void	files_reload(struct screen *);
static void	files_hidden(struct screen *);
static void	files_home_dir(struct screen *);
static void	files_up(struct screen *);
static void	files_down(struct screen *);
static void	files_page_up(struct screen *);
static void	files_page_down(struct screen *);
static void	files_first(struct screen *);
static void	files_last(struct screen *);

static const struct ui_key files_keys[] = {
	{ 1, 0, N_("Help"), N_("Show the keys of this screen"), ui_help },
	{ 3, 0, N_("Cancel"), N_("Back without uploading"), files_cancel },
	{ 5, 0, N_("Refresh"), N_("Read the directory again"), files_reload },
	{ 0, '\n', N_("Open"), N_("Go into the directory, or upload the "
	    "file"), files_enter },
	{ 0, KEY_ENTER, NULL, NULL, files_enter },
	{ 0, KEY_BACKSPACE, N_("Up"), N_("Go up to the parent directory"),
	    files_up_dir },
	{ 0, KEY_LEFT, NULL, NULL, files_up_dir },
	{ 0, 127, NULL, NULL, files_up_dir },
	{ 0, 8, NULL, NULL, files_up_dir },
	{ 0, '~', NULL, N_("Go to the home directory"), files_home_dir },
	{ 0, '.', NULL, N_("Show or hide hidden files"), files_hidden },
	{ 0, KEY_UP, NULL, N_("Previous entry"), files_up },
	{ 0, KEY_DOWN, NULL, N_("Next entry"), files_down },
	{ 0, KEY_PPAGE, NULL, N_("Previous page"), files_page_up },
	{ 0, KEY_NPAGE, NULL, N_("Next page"), files_page_down },
	{ 0, KEY_HOME, NULL, N_("First entry"), files_first },
	{ 0, KEY_END, NULL, N_("Last entry"), files_last },
	{ 0, 27, NULL, NULL, files_cancel },
	{ 0, 'r', NULL, NULL, files_reload },
	{ 0, '?', NULL, NULL, ui_help },
	{ 0, 'q', NULL, NULL, ui_quit },
	{ 0, 'X' - '@', NULL, NULL, ui_quit },
	{ 0, 0, NULL, NULL, NULL }
};

/* Copy an upload target, its strings too. */
void
upload_target_copy(struct upload_target *dst, const struct upload_target *src)
{
	*dst = *src;
	dst->extra_name = src->extra_name != NULL ?
	    xstrdup(src->extra_name) : NULL;
	dst->formats = src->formats != NULL ? xstrdup(src->formats) : NULL;
	dst->name = xstrdup(src->name != NULL ? src->name : "");
}

void
upload_target_free(struct upload_target *t)
{
	free((char *)t->extra_name);
	free((char *)t->formats);
	free((char *)t->name);
	memset(t, 0, sizeof *t);
}

/* Choose a file to upload into t. */
void
files_open(const struct upload_target *t)
{
	screen_push(&screen_files_type, (void *)t);
}

/* Forget the last directory (at exit). */
void
files_forget(void)
{
	free(files_last_dir);
	files_last_dir = NULL;
}

/* The type a file's first bytes show, "" when not known or unreadable. */
static const char *
files_sniff(const char *path)
{
	uint8_t	*buf;
	ssize_t	 n;
	int	 fd;
	const char *type = "";

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return ("");
	buf = xmalloc(FILES_SNIFF);
	if ((n = read(fd, buf, FILES_SNIFF)) > 0)
		type = filetype_name(filetype_detect(buf, (size_t)n));
	free(buf);
	close(fd);
	return (type);
}

static int
files_cmp(const void *a, const void *b)
{
	const struct file_entry	*x = a, *y = b;

	if (strcmp(x->name, "..") == 0)
		return (-1);
	if (strcmp(y->name, "..") == 0)
		return (1);
	if (x->dir != y->dir)
		return (y->dir - x->dir);
	return (strcmp(x->name, y->name));
}

static void
files_clear(struct files *f)
{
	size_t	i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].shown);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
	f->more = 0;
}

/* Add one entry of directory dir; 0, or -1 when it is not to be shown. */
static int
files_add(struct files *f, const char *name)
{
	struct file_entry	*e;
	struct stat		 sb;
	char			*path;

	if (strcmp(name, ".") == 0 || (strcmp(name, "..") == 0 &&
	    strcmp(f->dir, "/") == 0) || (name[0] == '.' && !f->hidden &&
	    strcmp(name, "..") != 0))
		return (-1);
	xasprintf(&path, "%s/%s", strcmp(f->dir, "/") == 0 ? "" : f->dir,
	    name);
	if (stat(path, &sb) == -1 || (!S_ISDIR(sb.st_mode) &&
	    !S_ISREG(sb.st_mode))) {
		free(path);
		return (-1);
	}
	f->v = xreallocarray(f->v, f->n + 1, sizeof *f->v);
	e = &f->v[f->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->shown = text_sanitize(name);
	e->dir = S_ISDIR(sb.st_mode);
	e->size = (uint64_t)sb.st_size;
	e->type = e->dir ? "" : files_sniff(path);
	free(path);
	return (0);
}

/* Read dir; on failure keep what was shown and say why. */
static int
files_read(struct files *f, const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		*safe;

	if ((d = opendir(dir)) == NULL) {
		safe = text_sanitize(dir);
		ui_error(_("Cannot open %s: %s"), safe, strerror(errno));
		free(safe);
		return (-1);
	}
	files_clear(f);
	if (f->dir != dir) {
		free(f->dir);
		f->dir = xstrdup(dir);
	}
	while ((de = readdir(d)) != NULL) {
		if (f->n >= FILES_MAX) {
			f->more = 1;
			break;
		}
		files_add(f, de->d_name);
	}
	closedir(d);
	qsort(f->v, f->n, sizeof *f->v, files_cmp);
	f->list.n = (int)f->n;
	f->list.sel = f->list.top = 0;
	return (0);
}

/* Go to path (made absolute and canonical); 0 or -1. */
static int
files_go(struct files *f, const char *path)
{
	char	real[PATH_MAX], *safe;

	if (realpath(path, real) == NULL) {
		safe = text_sanitize(path);
		ui_error(_("Cannot open %s: %s"), safe, strerror(errno));
		free(safe);
		return (-1);
	}
	return (files_read(f, real));
}

/* Select the entry called name, if it is listed. */
static void
files_select(struct files *f, const char *name)
{
	size_t	i;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, name) == 0) {
			f->list.sel = (int)i;
			return;
		}
	}
}

static const char *
files_home(void)
{
	const char	*home = getenv("HOME");

	return (home != NULL && *home == '/' ? home : NULL);
}

static void
files_init(struct screen *s, void *arg)
{
	struct files	*f;
	const char	*start[4];
	size_t		 i;

	f = xcalloc(1, sizeof *f);
	upload_target_copy(&f->t, arg);
	f->rows = 10;
	s->data = f;
	start[0] = files_last_dir;
	start[1] = tui.config.upload_dir;
	start[2] = files_home();
	start[3] = ".";
	for (i = 0; i < 4; i++) {
		if (start[i] != NULL && *start[i] != '\0' &&
		    files_go(f, start[i]) == 0)
			break;
	}
	ui_clear_message();
}

static void
files_upload(struct screen *s, const char *path)
{
	struct files		*f = s->data;
	struct upload_target	 t;

	free(files_last_dir);
	files_last_dir = xstrdup(f->dir);
	/* The picker goes; the upload box takes its place. */
	t = f->t;
	memset(&f->t, 0, sizeof f->t);
	screen_pop(s);
	upload_open(&t, path);
	upload_target_free(&t);
}

static void
files_enter(struct screen *s)
{
	struct files		*f = s->data;
	struct file_entry	*e;
	char			*path, *from = NULL;

	if (f->list.sel >= (int)f->n)
		return;
	e = &f->v[f->list.sel];
	xasprintf(&path, "%s/%s", strcmp(f->dir, "/") == 0 ? "" : f->dir,
	    e->name);
	if (!e->dir) {
		files_upload(s, path);
		free(path);
		return;
	}
	if (strcmp(e->name, "..") == 0 && strrchr(f->dir, '/') != NULL)
		from = xstrdup(strrchr(f->dir, '/') + 1);
	if (files_go(f, path) == 0 && from != NULL)
		files_select(f, from);
	free(from);
	free(path);
}

static void
files_up_dir(struct screen *s)
{
	struct files	*f = s->data;
	char		*parent, *from, *slash;

	if (f->dir == NULL || strcmp(f->dir, "/") == 0)
		return;
	parent = xstrdup(f->dir);
	slash = strrchr(parent, '/');
	from = xstrdup(slash + 1);
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (files_go(f, parent) == 0)
		files_select(f, from);
	free(from);
	free(parent);
}

static void
files_home_dir(struct screen *s)
{
	if (files_home() != NULL)
		files_go(s->data, files_home());
}

static void
files_cancel(struct screen *s)
{
	screen_pop(s);
}

static void
files_reload(struct screen *s)
{
	struct files	*f = s->data;
	char		*dir;

	if (f->dir == NULL)
		return;
	dir = xstrdup(f->dir);
	files_go(f, dir);
	free(dir);
}

static void
files_hidden(struct screen *s)
{
	struct files	*f = s->data;

	f->hidden = !f->hidden;
	files_reload(s);
}

static void
files_move(struct screen *s, int delta)
{
	ui_list_move(&((struct files *)s->data)->list, delta);
}

static void
files_up(struct screen *s)
{
	files_move(s, -1);
}

static void
files_down(struct screen *s)
{
	files_move(s, 1);
}

static void
files_page_up(struct screen *s)
{
	files_move(s, -((struct files *)s->data)->rows);
}

static void
files_page_down(struct screen *s)
{
	files_move(s, ((struct files *)s->data)->rows);
}

static void
files_first(struct screen *s)
{
	files_move(s, -(int)((struct files *)s->data)->n);
}

static void
files_last(struct screen *s)
{
	files_move(s, (int)((struct files *)s->data)->n);
}

/* Whether the material takes type (formats "jpg, png, pdf"). */
static int
files_accepted(const struct files *f, const char *type)
{
	const char	*p;
	size_t		 len = strlen(type);

	if (f->t.formats == NULL || *f->t.formats == '\0')
		return (*type != '\0');
	for (p = f->t.formats; *type != '\0' && (p = strstr(p, type)) !=
	    NULL; p += len) {
		if ((p == f->t.formats || p[-1] == ' ') &&
		    (p[len] == ',' || p[len] == '\0'))
			return (1);
	}
	return (0);
}

static void
files_draw_row(struct files *f, size_t i, int y, int w)
{
	struct file_entry	*e = &f->v[i];
	char			 size[32], type[64], *name, *fit;
	int			 sel = (int)i == f->list.sel, nw = w - 30;
	uint64_t		 max = upload_limit();
	attr_t			 attr;

	attr = sel ? ui_attr(UI_ATTR_FOCUS) : A_NORMAL;
	ui_select_bar(y, 1, w, sel);
	xasprintf(&name, "%s%s", e->shown, e->dir ? "/" : "");
	fit = ui_ellipsize(name, nw);
	ui_put(y, 3, fit, nw, attr | (e->dir ? A_BOLD : 0));
	free(fit);
	free(name);
	if (e->dir) {
		ui_put(y, 3 + nw + 2, _("directory"), 24, attr);
		return;
	}
	filing_size(size, sizeof size, e->size);
	ui_put(y, 3 + nw + 2, size, 10, attr);
	if (max != 0 && e->size > max)
		snprintf(type, sizeof type, "%s", _("too large"));
	else if (*e->type == '\0')
		snprintf(type, sizeof type, "%s", _("unknown type"));
	else if (!files_accepted(f, e->type))
		snprintf(type, sizeof type, _("%s (not taken)"), e->type);
	else
		snprintf(type, sizeof type, "%s", e->type);
	ui_put(y, 3 + nw + 14, type, 14, sel ? attr : files_accepted(f,
	    e->type) && (max == 0 || e->size <= max) ? A_NORMAL :
	    ui_attr(UI_ATTR_DIM));
}

static void
files_draw(struct screen *s)
{
	struct files	*f = s->data;
	char		 buf[512], *dir;
	int		 y = ui_top(), h = ui_bottom() - ui_top() + 1, i;
	int		 w = COLS - 2;

	snprintf(buf, sizeof buf, _("Choose a file: %s"), f->t.name);
	ui_box(y, 0, h, COLS, buf);
	dir = text_sanitize(f->dir != NULL ? f->dir : "");
	ui_put(y + 1, 3, dir, w - 4, A_BOLD);
	free(dir);
	if (f->t.formats != NULL && *f->t.formats != '\0')
		snprintf(buf, sizeof buf, _("Takes: %s (the type is told from "
		    "the content, not the name)"), f->t.formats);
	else
		snprintf(buf, sizeof buf, "%s", _("Takes: jpg, png, pdf, doc, "
		    "xls, docx, xlsx (the type is told from the content)"));
	ui_put(y + 2, 3, buf, w - 4, ui_attr(UI_ATTR_DIM));
	ui_box_rule(y + 3, 0, COLS);
	f->rows = h - 5;
	ui_list_show(&f->list, f->rows);
	for (i = 0; i < f->rows && f->list.top + i < (int)f->n; i++)
		files_draw_row(f, (size_t)(f->list.top + i), y + 4 + i, w);
	if (f->n == 0)
		ui_put(y + 4, 3, _("Nothing here"), w - 4,
		    ui_attr(UI_ATTR_DIM));
	else if (f->more && f->list.top + i >= (int)f->n && i < f->rows)
		ui_put(y + 4 + i, 3, _("More entries are not listed"), w - 4,
		    ui_attr(UI_ATTR_DIM));
}

/* Other keys do nothing here. */
static int
files_key(struct screen *s, const struct ui_input *in)
{
	return (1);
}

static void
files_free(struct screen *s)
{
	struct files	*f = s->data;

	files_clear(f);
	upload_target_free(&f->t);
	free(f->dir);
	free(f);
}

const struct screen_type screen_files_type = {
	.name = "files",
	.title = N_("Choose a file"),
	.keys = files_keys,
	.init = files_init,
	.draw = files_draw,
	.key = files_key,
	.free = files_free,
};
