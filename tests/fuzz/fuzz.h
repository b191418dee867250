/*
 * libFuzzer targets.  Each defines LLVMFuzzerTestOneInput; `make fuzz`
 * links them with libFuzzer (clang), and make check links them with
 * replay.c, which runs every file of the target's corpus once.
 */
#ifndef BANSHI_FUZZ_H
#define BANSHI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Server globals the linked objects refer to (banshid.c is not linked). */
#define FUZZ_SERVER_GLOBALS						\
	struct config *_Atomic cfg;					\
	time_t		 server_started;				\
	int								\
	server_reload(char *err, size_t errlen)				\
	{								\
		return (-1);						\
	}

#endif
