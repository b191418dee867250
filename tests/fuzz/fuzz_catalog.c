/*
 * Catalogue parsing: the input is an items file beside a small fixed
 * calendar, region tree and hall; any bytes give a catalogue or one error
 * that names the file.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "server.h"

FUZZ_SERVER_GLOBALS

static char	dir[64];

static void
put(const char *name, const void *data, size_t size)
{
	char	 path[128];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
}

static void
setup(void)
{
	static const char calendar[] =
	    "years:\n  - year: 2026\n    holidays:\n"
	    "      - { name: 元旦, from: 2026-01-01, to: 2026-01-03 }\n"
	    "    workdays: [2026-01-04]\n";
	static const char regions[] =
	    "regions:\n  - code: \"341600000000\"\n    name: 亳州市\n"
	    "    level: city\n";
	static const char halls[] =
	    "halls:\n  - code: SZT\n    name: 市直厅\n"
	    "    region: \"341600000000\"\n    departments:\n"
	    "      - { code: SZT-CGJ, name: 市城管执法局 }\n";
	char	path[128];

	snprintf(dir, sizeof dir, "/tmp/banshi-fuzz-catalog-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/items", dir);
	mkdir(path, 0700);
	put("calendar.yaml", calendar, sizeof calendar - 1);
	put("regions.yaml", regions, sizeof regions - 1);
	put("halls.yaml", halls, sizeof halls - 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog	*cat;
	char		 err[1024];

	if (dir[0] == '\0')
		setup();
	put("items/a.yaml", data, size);
	err[0] = '\0';
	if (catalog_load(dir, &cat, err, sizeof err) == 0)
		catalog_free(cat);
	else if (strstr(err, "items/a.yaml") == NULL)
		__builtin_trap();	/* every error names the file */
	return (0);
}
