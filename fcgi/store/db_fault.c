/* db_fault.c -- see db_fault.h.  Compiled to nothing without
 * --enable-fault-injection. */
#include "config.h"

#ifdef GESPREK_FAULT_INJECTION

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/log.h"
#include "store/db_fault.h"

/* The control file is one short line. */
#define FAULT_FILE_MAX 128
#define FAULT_ALWAYS (-1)

struct fault {
	long stmt, times, fired;
	bool answer;		/* "lost_answer=1" rather than "tx_stmt=N" */
};

static bool
fault_parse(const char *text, struct fault *f)
{
	const char *p;

	memset(f, 0, sizeof(*f));
	if (strstr(text, "lost_answer=1") != NULL)
		f->answer = true;
	else if ((p = strstr(text, "tx_stmt=")) != NULL)
		f->stmt = strtol(p + strlen("tx_stmt="), NULL, 10);
	else
		return false;
	if ((p = strstr(text, "times=")) != NULL)
		f->times = strncmp(p + strlen("times="), "always", strlen("always")) == 0 ? FAULT_ALWAYS :
		    strtol(p + strlen("times="), NULL, 10);
	if ((p = strstr(text, "fired=")) != NULL)
		f->fired = strtol(p + strlen("fired="), NULL, 10);
	return (f->answer || f->stmt > 0) && (f->times > 0 || f->times == FAULT_ALWAYS);
}

/* The file's line again, with what is left of the fault. */
static int
fault_format(const struct fault *f, char *out, size_t size)
{
	char what[32], times[24];

	if (f->answer)
		snprintf(what, sizeof(what), "lost_answer=1");
	else
		snprintf(what, sizeof(what), "tx_stmt=%ld", f->stmt);
	if (f->times == FAULT_ALWAYS)
		snprintf(times, sizeof(times), "always");
	else
		snprintf(times, sizeof(times), "%ld", f->times);
	return snprintf(out, size, "%s times=%s fired=%ld\n", what, times, f->fired);
}

/* Reads the control file under an exclusive lock; with `consume`, an armed
 * fault of the kind asked for (answer: "lost_answer", else "tx_stmt") is
 * used up: the file is rewritten with one try less and one more firing.
 * Returns whether such a fault is armed, and its statement. */
static bool
fault_file(bool consume, bool answer, long *stmt)
{
	const char *path = getenv("GESPREK_FAULT_FILE");
	char text[FAULT_FILE_MAX], out[FAULT_FILE_MAX];
	struct fault f;
	ssize_t n;
	int fd, len;
	bool armed = false;

	if (path == NULL || path[0] == '\0' || (fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return false;
	if (flock(fd, LOCK_EX) != 0 || (n = pread(fd, text, sizeof(text) - 1, 0)) < 0)
		goto out;
	text[n] = '\0';
	armed = fault_parse(text, &f) && f.answer == answer;
	if (!armed || !consume)
		goto out;
	if (f.times != FAULT_ALWAYS)
		f.times--;
	f.fired++;
	len = fault_format(&f, out, sizeof(out));
	if (len > 0 && (size_t)len < sizeof(out) && ftruncate(fd, 0) == 0 &&
	    pwrite(fd, out, (size_t)len, 0) != len)
		log_err("db: fault injection: cannot rewrite %s", path);
out:
	*stmt = armed ? f.stmt : 0;
	close(fd);	/* releases the lock */
	return armed;
}

unsigned
db_fault_armed(void)
{
	long stmt = 0;

	return fault_file(false, false, &stmt) && stmt <= INT_MAX ? (unsigned)stmt : 0;
}

bool
db_fault_consume(void)
{
	long stmt;

	return fault_file(true, false, &stmt);
}

bool
db_fault_answer_consume(void)
{
	long stmt;

	return fault_file(true, true, &stmt);
}

#else
/* ISO C wants a declaration in every translation unit. */
typedef int db_fault_not_built;
#endif /* GESPREK_FAULT_INJECTION */
