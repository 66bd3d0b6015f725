/* broker.h -- the auth broker: a child process, still privileged, that is
 * the only caller of PAM.  Workers ask it over a unix socket that only the
 * worker user may use: username + password in, ok / denied / unavailable
 * out.  Passwords are wiped after use and never logged. */
#ifndef GESPREK_BROKER_H
#define GESPREK_BROKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define AUTH_USER_MAX 64
#define AUTH_PASS_MAX 512
#define BROKER_SOCKET_NAME "auth.sock"

enum auth_result {
	AUTH_OK,
	AUTH_DENIED,
	AUTH_UNAVAILABLE,	/* broker down or PAM cannot decide: 503 */
};

/* Starts a broker process listening on path (created here, owned by
 * `owner` with mode 0600) with `processes` PAM helpers (1 to
 * CONF_BROKER_PROCESSES_MAX), each holding one conversation at a time.
 * Returns its pid or -1 with err. */
pid_t broker_spawn(const char *path, const char *service, uid_t owner, gid_t group,
    int processes, char *err, size_t errlen);

/* Asks the broker; waits at most timeout_s seconds. */
enum auth_result broker_check(const char *path, const char *user, const char *password,
    int timeout_s);

/* True when a helper answers a ping within timeout_s seconds (PAM is not
 * asked): the broker is up and not wedged.  For GET /health. */
bool broker_ping(const char *path, int timeout_s);

#endif
