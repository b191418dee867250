/*
 * The catalogue in force: loaded and stored at start, reloaded on SIGHUP and
 * banshictl reload.  A reload parses on a worker thread, is stored in one
 * batch job, and replaces the live copy only after COMMIT; a bad load
 * changes nothing.  The writer thread reads the live copy too: the pointer
 * is swapped atomically and the old copy freed only after a batch barrier.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "xmalloc.h"

struct catalog *_Atomic	 catalog_live;
static _Atomic int		 catalog_warned_year;

struct catalog_reload {
	struct batch_job	 job;
	char			*dir;
	struct catalog		*cat;
	char			 err[512];
	void			 (*done)(void *, const char *);
	void			*arg;
};

static int
catalog_reload_run(struct batch_job *job)
{
	struct catalog_reload	*cr = (struct catalog_reload *)job;

	return (catalog_store(cr->cat));
}

static void
catalog_release(void *arg)
{
	catalog_free(arg);
}

static void
catalog_reload_stored(struct batch_job *job, int committed)
{
	struct catalog_reload	*cr = (struct catalog_reload *)job;
	struct catalog		*old;

	if (!committed || job->failed) {
		snprintf(cr->err, sizeof cr->err, "%s: the catalogue could "
		    "not be stored", cr->dir);
		catalog_free(cr->cat);
	} else {
		old = catalog_live;
		catalog_live = cr->cat;
		if (old != NULL)
			batch_barrier(catalog_release, old);
		catalog_warned_year = 0;	/* the new calendar may have it */
		log_info("catalogue loaded from %s: %zu files, %zu items",
		    cr->dir, catalog_live->n_files, catalog_live->n_items);
	}
	cr->done(cr->arg, cr->err[0] != '\0' ? cr->err : NULL);
	free(cr->dir);
	free(cr);
}

static void
catalog_reload_work(void *arg)
{
	struct catalog_reload	*cr = arg;

	if (catalog_load(cr->dir, &cr->cat, cr->err, sizeof cr->err) == -1)
		cr->cat = NULL;
}

static void
catalog_reload_parsed(void *arg)
{
	struct catalog_reload	*cr = arg;

	if (cr->cat == NULL) {
		log_warnx("catalogue reload refused, the old one stays: %s",
		    cr->err);
		cr->done(cr->arg, cr->err);
		free(cr->dir);
		free(cr);
		return;
	}
	cr->job.run = catalog_reload_run;
	cr->job.done = catalog_reload_stored;
	batch_enqueue(&cr->job);
}

void
catalog_reload(const char *dir, void (*done)(void *, const char *),
    void *arg)
{
	struct catalog_reload	*cr;

	cr = xcalloc(1, sizeof *cr);
	cr->dir = xstrdup(dir);
	cr->done = done;
	cr->arg = arg;
	worker_submit(catalog_reload_work, catalog_reload_parsed, cr);
}

static void
catalog_start_done(void *arg, const char *err)
{
	int	*failed = arg;

	*failed = err != NULL;
}

int
catalog_start(const char *dir, char *err, size_t errlen)
{
	struct catalog_reload	*cr;
	int			 failed = 1;

	cr = xcalloc(1, sizeof *cr);
	cr->dir = xstrdup(dir);
	cr->done = catalog_start_done;
	cr->arg = &failed;
	if (catalog_load(dir, &cr->cat, err, errlen) == -1) {
		free(cr->dir);
		free(cr);
		return (-1);
	}
	cr->job.run = catalog_reload_run;
	cr->job.done = catalog_reload_stored;
	batch_enqueue(&cr->job);
	batch_flush();
	if (failed)
		snprintf(err, errlen, "%s: the catalogue could not be stored",
		    dir);
	return (failed ? -1 : 0);
}

const struct calendar *
catalog_calendar(void)
{
	struct catalog	*cat = catalog_live;

	return (cat != NULL ? &cat->cal : NULL);
}

void
catalog_note_uncovered(int year)
{
	/* The loop and the writer both count deadlines: warn once. */
	if (year == 0 || atomic_exchange(&catalog_warned_year, year) == year)
		return;
	log_warnx("calendar: %d is not in the calendar; counting weekends "
	    "only", year);
}

int
catalog_uncovered_year(void)
{
	return (catalog_warned_year);
}
