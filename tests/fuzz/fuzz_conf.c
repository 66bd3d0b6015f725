/* fuzz_conf.c -- libFuzzer target: gesprek.conf through conf_parse over
 * the defaults, as gesprekd, gesprekctl and `gesprekctl check` read it.
 * A refused file must say where: "name:line: reason". */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "base/conf.h"

#define NAME "fuzz.conf"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c;
	char err[CONF_ERR_MAX];

	conf_defaults(&c);
	err[0] = '\0';
	if (!conf_parse(&c, NAME, (const char *)data, size, err, sizeof(err)) &&
	    strncmp(err, NAME, strlen(NAME)) != 0)
		__builtin_trap();
	if (memchr(c.db_socket, '\0', sizeof(c.db_socket)) == NULL)
		__builtin_trap();	/* strings stay terminated */
	return 0;
}
