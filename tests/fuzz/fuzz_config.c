/* banshid.conf parsing: any bytes give a config or one clear error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "server.h"

FUZZ_SERVER_GLOBALS

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	path[64];
	struct config	c;
	char		err[512];
	FILE		*f;
	int		fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/banshi-fuzz-config-XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		close(fd);
	}
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	err[0] = '\0';
	if (config_load(path, &c, err, sizeof err) == 0)
		config_free(&c);
	else if (strncmp(err, path, strlen(path)) != 0)
		__builtin_trap();	/* every error names the file */
	return (0);
}
