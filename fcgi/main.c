/* main.c -- gesprekd: a small privileged master that opens the FastCGI
 * socket and supervises two children, restarting either when it dies:
 *
 *   master (root)  ── auth broker (root): the only caller of PAM
 *                  └─ worker (drops to the configured user): N threads,
 *                     each looping FCGX_Accept_r with its own MariaDB link
 *
 * SIGTERM/SIGINT: the worker finishes requests in flight and exits, then
 * the master stops the broker and exits.  SIGHUP: the worker recompiles the
 * stylesheets and catalogs and swaps them in atomically.
 *
 * No signal handler runs anywhere: every process keeps its signals blocked
 * and takes them at one place (the master through a signalfd in its poll
 * loop, master.c; the worker's first thread with sigwait), so a signal that
 * comes between a check and a wait stays pending instead of being lost. */
#include "config.h"
#include "gesprek_version.h"

#include <errno.h>
#include <fcgiapp.h>
#include <getopt.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "app.h"
#include "auth/broker.h"
#include "base/conf.h"
#include "base/describe.h"
#include "http/defer.h"
#include "base/log.h"
#include "main_privs.h"
#include "main_wait.h"
#include "master.h"
#include "store/db.h"
#include "store/migrate.h"
#include "xml/arena.h"
#include "xml/render.h"

#define LISTEN_BACKLOG 128
/* systemd's first passed descriptor. */
#define SD_LISTEN_FDS_START 3
/* After an accept() error that may pass (EMFILE, ENFILE, ENOMEM, ENOBUFS,
 * ...), a thread waits before it tries again: the first wait, doubled at
 * each failure up to the longest.  Without a wait the thread would spin:
 * the connection that could not be accepted keeps the socket readable. */
#define ACCEPT_BACKOFF_MIN_MS 10
#define ACCEPT_BACKOFF_MAX_MS 2000
/* What the worker gets when the master dies: it takes SIGTERM with
 * sigwait and finishes its requests in flight (the broker: auth/broker.c). */
#define MASTER_DEATH_SIGNAL SIGTERM

struct identity {
	uid_t uid;
	gid_t gid;
	bool drop;
};

static struct conf conf;
static char broker_path[CONF_STR_MAX + 16];
static int listen_fd = -1;
/* The socket file is ours to remove at exit only if we bound it: one that
 * systemd or spawn-fcgi handed over must outlive us (socket activation
 * starts us again through it). */
static bool own_socket_file;
/* [auth] trusted_listener (issue 19): the one socket whose requests may
 * bring REMOTE_USER; -1 when none is configured.  Always opened here. */
static int trusted_fd = -1;

/* ---- the worker process ---- */

static pthread_t *threads;
static struct worker *workers;
/* sql/describe.tsv, read-only once loaded (load_describe). */
static struct describe *describe;
/* Stopping: the write end of wake_pipe is closed, which wakes every thread
 * waiting for a connection.  The listening socket itself is left alone:
 * systemd or spawn-fcgi may hold it too, and a shutdown() would end it for
 * them as well (socket activation could not start us again). */
static int wake_pipe[2] = { -1, -1 };
static atomic_bool stopping;
/* Threads still looping; the last one to end wakes the first thread
 * (SIGUSR1), which ends the worker so that the master starts a new one. */
static atomic_int live_threads;
static pthread_t first_thread;
/* An episode of accept() errors is logged once, when it starts and when
 * it ends, not at every retry of every thread. */
static atomic_bool accept_failing;
static atomic_uint accept_failures;

enum accept_result { ACCEPT_OK, ACCEPT_AGAIN, ACCEPT_END };

/* Sleeps ms milliseconds; false when the worker stops meanwhile. */
static bool
pause_unless_stopping(int ms)
{
	struct pollfd wake = { .fd = wake_pipe[0], .events = POLLIN };
	int rc;

	while ((rc = poll(&wake, 1, ms)) < 0 && errno == EINTR)
		;
	return rc == 0;
}

/* Errors that say the listening socket itself is gone or no longer
 * listens: waiting does not help, the thread ends. */
static bool
accept_error_is_permanent(int err)
{
	return err == EBADF || err == ENOTSOCK || err == EINVAL || err == EOPNOTSUPP;
}

static void
accept_failed(int err)
{
	atomic_fetch_add(&accept_failures, 1);
	if (!atomic_exchange(&accept_failing, true))
		log_err("accepting connections: %s; retrying with backoff (at most %d ms)",
		    strerror(err), ACCEPT_BACKOFF_MAX_MS);
}

static void
accept_worked(void)
{
	if (atomic_load(&accept_failing) && atomic_exchange(&accept_failing, false))
		log_info("accept works again after %u failure(s)",
		    atomic_exchange(&accept_failures, 0));
}

/* After an error that may pass: waits, longer after each failure in a
 * row.  *backoff_ms is the thread's last wait (0: the last accept worked). */
static enum accept_result
back_off(int err, int *backoff_ms)
{
	accept_failed(err);
	*backoff_ms = *backoff_ms == 0 ? ACCEPT_BACKOFF_MIN_MS : *backoff_ms * 2;
	if (*backoff_ms > ACCEPT_BACKOFF_MAX_MS)
		*backoff_ms = ACCEPT_BACKOFF_MAX_MS;
	return pause_unless_stopping(*backoff_ms) ? ACCEPT_AGAIN : ACCEPT_END;
}

/* Accepts the next request into req: a new connection's, or the next
 * one of a parked kept-alive connection (main_wait.h), which libfcgi reads
 * as that of a connection it kept itself (keepConnection, ipcFd open).
 * FCGX_Accept_r accepts from req->listen_sock; app.c tells the listeners
 * apart by it, so a parked connection brings its own back. */
static enum accept_result
accept_request(const struct worker *w, FCGX_Request *req, int *backoff_ms)
{
	int rc, err, fd, conn;

	if ((err = wait_for_work(&fd, &conn)) != 0)
		return err < 0 ? ACCEPT_END : back_off(err, backoff_ms);
	req->listen_sock = fd;
	if (conn >= 0) {
		req->ipcFd = conn;
		req->keepConnection = 1;
	}
	rc = FCGX_Accept_r(req);
	if (rc == 0) {
		*backoff_ms = 0;
		accept_worked();
		return ACCEPT_OK;
	}
	if (rc == -EAGAIN || rc == -EWOULDBLOCK)
		return ACCEPT_AGAIN;	/* another thread was quicker */
	/* libfcgi answers -errno, or -9999 when errno said nothing. */
	err = -rc;
	if (accept_error_is_permanent(err)) {
		log_err("worker thread %d: accept: %s; the thread ends", w->index, strerror(err));
		return ACCEPT_END;
	}
	return back_off(err, backoff_ms);
}

/* After the answer: a connection the web server keeps (FCGI_KEEP_CONN) is
 * parked for any thread to take up again, not waited on here. */
static void
park_kept(FCGX_Request *req)
{
	if (req->ipcFd < 0)
		return;
	if (atomic_load(&stopping) || !wait_park(req->ipcFd, req->listen_sock)) {
		FCGX_Free(req, 1);	/* closes it: nginx opens another */
		return;
	}
	/* The set has it now; keepConnection stays set, so libfcgi's next
	 * FCGX_Accept_r does not close the -1 it finds. */
	req->ipcFd = -1;
}

/* The last thread to end, unless the worker is stopping anyway, tells the
 * first thread: a worker that cannot serve must not look alive. */
static void
thread_ended(void)
{
	if (atomic_fetch_sub(&live_threads, 1) == 1 && !atomic_load(&stopping))
		pthread_kill(first_thread, SIGUSR1);
}

static void *
worker_thread(void *arg)
{
	struct worker *w = arg;
	/* On the heap: a held answer (http/defer.h) takes it along. */
	FCGX_Request *req = defer_request_new(listen_fd);
	int backoff_ms = 0;
	enum accept_result ar;

	/* libxml2 keeps its error handlers per thread. */
	render_thread_init();
	if (req == NULL) {
		log_err("worker %d: FCGX_InitRequest failed", w->index);
		thread_ended();
		return NULL;
	}
	while (!atomic_load(&stopping)) {
		if ((ar = accept_request(w, req, &backoff_ms)) == ACCEPT_END)
			break;
		if (ar == ACCEPT_AGAIN)
			continue;
		if (!app_handle(w, req)) {
			FCGX_Finish_r(req);
			park_kept(req);
		} else if ((req = defer_request_new(listen_fd)) == NULL) {
			break;
		}
	}
	defer_request_free(req);
	db_free(w->db);
	w->db = NULL;
	db_thread_end();
	arena_thread_end();
	thread_ended();
	return NULL;
}

static bool
load_styles(void)
{
	char err[CONF_ERR_MAX];
	struct styles *s = styles_load(conf.stylesheets, err, sizeof(err));

	if (s == NULL) {
		log_err("stylesheets: %s", err);
		return false;
	}
	if (!app_check_routes(s, err, sizeof(err))) {
		log_err("routes: %s", err);
		styles_release(s);
		return false;
	}
	styles_install(s);
	return true;
}

static bool
drop_privileges(const struct identity *id)
{
	if (!id->drop)
		return true;
	if (setgroups(0, NULL) != 0 || setgid(id->gid) != 0 || setuid(id->uid) != 0) {
		log_err("cannot drop privileges: %s", strerror(errno));
		return false;
	}
	/* Fail closed: regaining root must be impossible now. */
	if (setuid(0) == 0) {
		log_err("privileges were not dropped");
		return false;
	}
	return true;
}

/* The signals the worker's first thread takes with sigwait; every thread
 * blocks them.  SIGUSR1: the last worker thread has ended. */
static void
worker_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGUSR1);
}

/* sql/describe.tsv for the privacy statement (base/describe.h), once per
 * worker process.  A missing or broken file costs only that page (it says
 * so, and gesprekctl check names the file): not a reason to serve
 * nothing. */
static void
load_describe(void)
{
	char path[CONF_STR_MAX + sizeof("/" DESCRIBE_FILE)], err[CONF_ERR_MAX];

	snprintf(path, sizeof(path), "%s/%s", conf.migrations, DESCRIBE_FILE);
	if ((describe = describe_load(path, err, sizeof(err))) == NULL)
		log_err("privacy statement: %s", err);
}

static int
start_threads(void)
{
	int i, started = 0;

	first_thread = pthread_self();
	for (i = 0; i < conf.threads; i++) {
		workers[i].conf = &conf;
		workers[i].index = i;
		workers[i].broker_path = broker_path;
		workers[i].trusted_fd = trusted_fd;
		workers[i].describe = describe;
		workers[i].db = db_new(&conf, false);
		if (workers[i].db == NULL)
			break;
		atomic_fetch_add(&live_threads, 1);
		if (pthread_create(&threads[i], NULL, worker_thread, &workers[i]) != 0) {
			atomic_fetch_sub(&live_threads, 1);
			db_free(workers[i].db);
			workers[i].db = NULL;
			break;
		}
		started++;
	}
	return started;
}

/* Takes the worker's signals until it is to stop: 0 for SIGTERM/SIGINT,
 * EXIT_NO_THREADS when no thread is left. */
static int
worker_signals(const sigset_t *set)
{
	int sig;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			log_info("SIGHUP: reloading stylesheets and catalogs");
			if (!load_styles())
				log_err("reload failed; the previous stylesheets stay in use");
			continue;
		}
		if (sig == SIGUSR1) {
			if (atomic_load(&live_threads) > 0)
				continue;
			log_err("no worker thread left; exiting so that the master starts a new worker");
			return EXIT_NO_THREADS;
		}
		return 0;
	}
}

static int
worker_main(const struct identity *id, int sigfd, pid_t master)
{
	sigset_t set;
	int i, started, rc;

	/* Before anything else: the signals stay blocked from the fork on (the
	 * master blocks them too), so a SIGHUP or SIGTERM that comes while the
	 * stylesheets compile waits for sigwait below instead of ending the
	 * worker with the default action.  Threads inherit the mask. */
	worker_sigset(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	close(sigfd);	/* the master's signalfd: not ours to read */
	pidfile_close_in_child();	/* the master's lock ends with the master */
	/* "ps" and tests tell the processes apart by name. */
	prctl(PR_SET_NAME, "gesprekd-work", 0, 0, 0);
	if (!drop_privileges(id))
		return EXIT_CONFIG;
	if (!die_with_master(master, MASTER_DEATH_SIGNAL))
		return getppid() == master ? EXIT_CONFIG : 0;	/* 0: no master left */
	/* From here on a 503 says why, once per outage (base/log.h). */
	log_outages_enable();
	if (!render_init() || !load_styles())
		return EXIT_CONFIG;
	load_describe();
	if (FCGX_Init() != 0) {
		log_err("FCGX_Init failed");
		return 1;
	}
	/* Threads wait in epoll (main_wait.h), not in accept(): a non-blocking
	 * listening socket lets the one that loses the race for a connection
	 * go back to waiting, where stopping can reach it. */
	if (pipe2(wake_pipe, O_CLOEXEC) != 0 ||
	    fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK) != 0 ||
	    (trusted_fd >= 0 &&
	    fcntl(trusted_fd, F_SETFL, fcntl(trusted_fd, F_GETFL) | O_NONBLOCK) != 0) ||
	    !wait_init(wake_pipe[0], listen_fd, trusted_fd)) {
		log_err("worker set-up: %s", strerror(errno));
		return 1;
	}
	threads = calloc((size_t)conf.threads, sizeof(*threads));
	workers = calloc((size_t)conf.threads, sizeof(*workers));
	if (!threads || !workers)
		return 1;
	if (!defer_start()) {
		log_err("worker set-up: cannot start the delay thread");
		return 1;
	}
	if ((started = start_threads()) == 0) {
		log_err("no worker thread could start");
		return EXIT_NO_THREADS;
	}
	log_info("worker ready: %d threads", started);
	if ((rc = worker_signals(&set)) != 0)
		return rc;
	log_info("stopping: finishing requests in flight");
	/* Waiting threads wake up at once; threads inside a request finish it
	 * first. */
	atomic_store(&stopping, true);
	close(wake_pipe[1]);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	defer_stop();
	log_info("stopped");
	return 0;
}

/* ---- the master ---- */

static int
open_unix(const struct identity *id, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct group gr, *res = NULL;
	char buf[4096];
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_err("%s: path too long for a unix socket", path);
		return -1;
	}
	strlcopy(sa.sun_path, path, sizeof(sa.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		goto fail;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto fail;
	if (chmod(path, (mode_t)conf.socket_mode) != 0)
		goto fail;
	if (conf.socket_group[0]) {
		if (getgrnam_r(conf.socket_group, &gr, buf, sizeof(buf), &res) != 0 || !res) {
			log_err("socket_group %s: no such group", conf.socket_group);
			close(fd);
			return -1;
		}
		if (chown(path, id->drop ? id->uid : (uid_t)-1, gr.gr_gid) != 0)
			goto fail;
	}
	if (listen(fd, LISTEN_BACKLOG) != 0)
		goto fail;
	return fd;
fail:
	log_err("%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int
open_tcp(const char *host, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, one = 1;

	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		log_err("listen: %s is not an IPv4 address", host);
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, LISTEN_BACKLOG) != 0)
		goto fail;
	return fd;
fail:
	log_err("listen tcp:%s:%d: %s", host, port, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* systemd socket activation: LISTEN_PID is us, LISTEN_FDS >= 1. */
static int
systemd_fd(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");

	if (!pid || !fds || strtol(pid, NULL, 10) != (long)getpid() || atoi(fds) < 1)
		return -1;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return SD_LISTEN_FDS_START;
}

static bool
is_listening_socket(int fd)
{
	int val = 0;
	socklen_t len = sizeof(val);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &val, &len) == 0 && val;
}

static int
open_listener(const struct identity *id)
{
	int fd = systemd_fd();

	if (fd >= 0 || conf.listen_kind == LISTEN_INHERIT) {
		if (fd < 0)
			fd = 0;
		if (!is_listening_socket(fd)) {
			log_err("listen: descriptor %d is not a listening socket", fd);
			return -1;
		}
		return fd;
	}
	if (conf.listen_kind == LISTEN_TCP)
		return open_tcp(conf.listen_host, conf.listen_port);
	if ((fd = open_unix(id, conf.listen_path)) >= 0)
		own_socket_file = true;
	return fd;
}

/* The trusted listener (conf.c refuses an inherited one); true when none
 * is configured.  Its socket file is always ours. */
static bool
open_trusted(const struct identity *id)
{
	if (conf.trusted_kind == LISTEN_INHERIT)
		return true;
	if (conf.trusted_kind == LISTEN_TCP)
		trusted_fd = open_tcp(conf.trusted_host, conf.trusted_port);
	else
		trusted_fd = open_unix(id, conf.trusted_path);
	if (trusted_fd < 0)
		return false;
	if (conf.auth_method == AUTH_METHOD_PAM)
		log_warn("[auth] trusted_listener is open but method = pam: REMOTE_USER is ignored");
	return true;
}

static bool
resolve_identity(struct identity *id)
{
	struct passwd pw, *res = NULL;
	char buf[4096];

	memset(id, 0, sizeof(*id));
	if (conf.user[0] == '\0' || getuid() != 0) {
		id->uid = getuid();
		id->gid = getgid();
		return true;
	}
	if (getpwnam_r(conf.user, &pw, buf, sizeof(buf), &res) != 0 || res == NULL) {
		log_err("user %s: no such user", conf.user);
		return false;
	}
	if (pw.pw_uid == 0) {
		log_err("user %s: refusing to serve requests as root", conf.user);
		return false;
	}
	id->uid = pw.pw_uid;
	id->gid = pw.pw_gid;
	id->drop = true;
	return true;
}

static bool
check_schema(void)
{
	char err[CONF_ERR_MAX];
	struct db *db = db_new(&conf, false);
	int pending = 0, unknown = 0, st;

	if (db == NULL)
		return false;
	st = migrate_pending(db, conf.migrations, &pending, err, sizeof(err));
	if (st == DB_OK)
		st = migrate_unknown(db, conf.migrations, &unknown, err, sizeof(err));
	db_free(db);
	db_thread_end();
	if (st != DB_OK) {
		log_err("database: %s", err);
		return false;
	}
	if (unknown > 0) {
		log_err("database: schema is newer than this gesprekd: migration %03d is recorded"
		    " in schema_migrations but not in %s; install the gesprek release that"
		    " made it (or restore a backup from before it)", unknown, conf.migrations);
		return false;
	}
	if (pending > 0) {
		log_err("database: %d migration(s) pending; run: gesprekctl migrate", pending);
		return false;
	}
	return true;
}

static bool
prepare_runtime_dir(const struct identity *id)
{
	if (mkdir(conf.runtime_dir, 0755) != 0 && errno != EEXIST) {
		log_err("%s: %s", conf.runtime_dir, strerror(errno));
		return false;
	}
	snprintf(broker_path, sizeof(broker_path), "%s/%s", conf.runtime_dir,
	    BROKER_SOCKET_NAME);
	return true;
}

static pid_t
start_worker(const void *arg)
{
	pid_t master = getpid();	/* before the fork: die_with_master */
	pid_t pid = fork();

	if (pid == 0)
		_exit(worker_main(arg, master_signal_fd(), master));
	if (pid < 0)
		log_err("fork: %s", strerror(errno));
	return pid;
}

static pid_t
start_broker(const void *arg)
{
	const struct identity *id = arg;
	char err[CONF_ERR_MAX];
	pid_t pid = broker_spawn(broker_path, conf.pam_service, id->uid, id->gid,
	    conf.broker_processes, err, sizeof(err));

	if (pid < 0)
		log_err("auth broker: %s", err);
	return pid;
}

static int
supervise(const struct identity *id)
{
	static const struct master_child worker = { "worker", start_worker };
	static const struct master_child broker = { "auth broker", start_broker };
	int rc = master_run(&worker, &broker, id);

	unlink(broker_path);
	if (own_socket_file)
		unlink(conf.listen_path);
	if (trusted_fd >= 0 && conf.trusted_kind == LISTEN_UNIX)
		unlink(conf.trusted_path);
	unlock_pidfile();
	log_info("gesprekd stopped");
	return rc;
}

/* Times are shown in the configured zone: the whole process runs in it.
 * An unknown zone is refused (glibc would fall back to UTC silently). */
static bool
set_timezone(void)
{
	char err[CONF_ERR_MAX];

	if (!conf_timezone_apply(&conf, err, sizeof(err))) {
		log_err("%s", err);
		return false;
	}
	return true;
}

/* On stdout for -h (asked for, exit 0), on stderr for wrong usage (exit 2),
 * as gesprekctl does. */
static void
usage(FILE *fp)
{
	fprintf(fp, "usage: gesprekd [-c gesprek.conf] [-t] [-V]\n"
	    "  -c FILE        configuration (default %s)\n"
	    "  -t             check the configuration and stylesheets, then exit\n"
	    "  -V, --version  print the version, then exit\n"
	    "  -h, --help     print this usage, then exit\n",
	    CONF_DEFAULT_PATH);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = CONF_DEFAULT_PATH;
	char err[CONF_ERR_MAX];
	struct identity id;
	bool test_only = false, ok;
	int ch;

	/* From here on a SIGTERM or SIGHUP waits for the poll loop: one that
	 * came during start-up is acted on, not lost, once it runs. */
	if (!master_block_signals()) {
		perror("gesprekd: sigprocmask");
		return 1;
	}
	while ((ch = getopt_long(argc, argv, "c:thV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 't': test_only = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("gesprekd %s\n", GESPREK_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	/* gesprekd takes no operand: one is a typo, not something to ignore. */
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	conf_defaults(&conf);
	if (!conf_load(&conf, path, err, sizeof(err))) {
		fprintf(stderr, "gesprekd: %s\n", err);
		return 1;
	}
	/* Only gesprekctl migrate changes the schema: no process of gesprekd
	 * keeps that account's password in memory. */
	wipe(conf.db_migrate_password, sizeof(conf.db_migrate_password));
	log_open("gesprekd", conf.log_syslog);
	log_set_level(conf.log_level);
	if (!db_library_init()) {
		log_err("mysql_library_init failed");
		return 1;
	}
	if (test_only) {
		struct styles *s;

		if (!render_init() || (s = styles_load(conf.stylesheets, err, sizeof(err))) == NULL) {
			log_err("stylesheets: %s", err);
			return 1;
		}
		ok = app_check_routes(s, err, sizeof(err));
		styles_release(s);
		if (!ok) {
			log_err("routes: %s", err);
			return 1;
		}
		printf("gesprekd: configuration %s is valid\n", path);
		return 0;
	}
	if (!set_timezone() || !resolve_identity(&id) || !check_schema() ||
	    !prepare_runtime_dir(&id))
		return 1;
	/* Before the socket: a second gesprekd must not unlink and rebind the
	 * socket of the first. */
	if (!lock_pidfile(&conf))
		return 1;
	if ((listen_fd = open_listener(&id)) < 0 || !open_trusted(&id) || !limit_privileges() ||
	    !master_open_signals()) {
		unlock_pidfile();
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	log_info("gesprekd %s starting (pid %ld)", GESPREK_VERSION, (long)getpid());
	return supervise(&id);
}
