/* main.c -- gesprekd: a small privileged master that opens the FastCGI
 * socket and supervises two children, restarting either when it dies:
 *
 *   master (root)  ── auth broker (root): the only caller of PAM
 *                  └─ worker (drops to the configured user): N threads,
 *                     each looping FCGX_Accept_r with its own MariaDB link
 *
 * SIGTERM/SIGINT: the worker finishes requests in flight and exits, then
 * the master stops the broker and exits.  SIGHUP: the worker recompiles the
 * stylesheets and catalogs and swaps them in atomically. */
#include "config.h"

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
#include <sys/wait.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "app.h"
#include "auth/broker.h"
#include "conf.h"
#include "http/defer.h"
#include "log.h"
#include "store/store.h"
#include "xml/arena.h"
#include "xml/render.h"

#define LISTEN_BACKLOG 128
/* A child that dies within this many seconds of its start is restarted only
 * after the same pause, so a crash loop does not spin. */
#define RESTART_PAUSE_S 1
/* sysexits' EX_CONFIG: a worker that cannot ever work (bad stylesheet,
 * pending migrations); the master gives up instead of restarting it. */
#define EXIT_CONFIG 78
/* systemd's first passed descriptor. */
#define SD_LISTEN_FDS_START 3

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

/* ---- the worker process ---- */

static pthread_t *threads;
static struct worker *workers;
/* Stopping: the write end of wake_pipe is closed, which wakes every thread
 * waiting for a connection.  The listening socket itself is left alone:
 * systemd or spawn-fcgi may hold it too, and a shutdown() would end it for
 * them as well (socket activation could not start us again). */
static int wake_pipe[2] = { -1, -1 };
static atomic_bool stopping;

/* Waits until a connection may be accepted (true) or the worker stops. */
static bool
wait_for_connection(void)
{
	struct pollfd fds[2] = {
		{ .fd = listen_fd, .events = POLLIN },
		{ .fd = wake_pipe[0], .events = POLLIN },
	};

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("poll: %s", strerror(errno));
			return false;
		}
		if (fds[1].revents)
			return false;
		if (fds[0].revents)
			return true;
	}
}

static void *
worker_thread(void *arg)
{
	struct worker *w = arg;
	/* On the heap: a held answer (http/defer.h) takes it along. */
	FCGX_Request *req = defer_request_new(listen_fd);
	int rc;

	if (req == NULL) {
		log_err("worker %d: FCGX_InitRequest failed", w->index);
		return NULL;
	}
	while (!atomic_load(&stopping)) {
		/* A kept-alive connection (FCGI_KEEP_CONN) brings its next
		 * request itself; otherwise wait for a new one. */
		if (req->ipcFd < 0 && !wait_for_connection())
			break;
		rc = FCGX_Accept_r(req);
		if (rc == -EAGAIN || rc == -EWOULDBLOCK)
			continue;	/* another thread was quicker */
		if (rc < 0)
			break;
		if (!app_handle(w, req))
			FCGX_Finish_r(req);
		else if ((req = defer_request_new(listen_fd)) == NULL)
			break;
	}
	defer_request_free(req);
	db_free(w->db);
	w->db = NULL;
	db_thread_end();
	arena_thread_end();
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

static int
worker_main(const struct identity *id)
{
	sigset_t set;
	int sig, i, started = 0;

	/* "ps" and tests tell the processes apart by name. */
	prctl(PR_SET_NAME, "gesprekd-work", 0, 0, 0);
	if (!drop_privileges(id))
		return EXIT_CONFIG;
	if (!render_init() || !load_styles())
		return EXIT_CONFIG;
	if (FCGX_Init() != 0) {
		log_err("FCGX_Init failed");
		return 1;
	}
	/* Threads wait in poll(), not in accept(): a non-blocking listening
	 * socket lets the one that loses the race for a connection go back to
	 * waiting, where stopping can reach it. */
	if (pipe2(wake_pipe, O_CLOEXEC) != 0 ||
	    fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK) != 0) {
		log_err("worker set-up: %s", strerror(errno));
		return 1;
	}
	threads = calloc((size_t)conf.threads, sizeof(*threads));
	workers = calloc((size_t)conf.threads, sizeof(*workers));
	if (!threads || !workers)
		return 1;
	/* Workers block every signal; this thread takes them with sigwait. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (!defer_start()) {
		log_err("worker set-up: cannot start the delay thread");
		return 1;
	}
	for (i = 0; i < conf.threads; i++) {
		workers[i].conf = &conf;
		workers[i].index = i;
		workers[i].broker_path = broker_path;
		workers[i].db = db_new(&conf, false);
		if (workers[i].db == NULL ||
		    pthread_create(&threads[i], NULL, worker_thread, &workers[i]) != 0)
			break;
		started++;
	}
	log_info("worker ready: %d threads", started);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			log_info("SIGHUP: reloading stylesheets and catalogs");
			if (!load_styles())
				log_err("reload failed; the previous stylesheets stay in use");
			continue;
		}
		break;
	}
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

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static int
open_unix(const struct identity *id)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct group gr, *res = NULL;
	char buf[4096];
	int fd;

	if (strlen(conf.listen_path) >= sizeof(sa.sun_path)) {
		log_err("%s: path too long for a unix socket", conf.listen_path);
		return -1;
	}
	strlcopy(sa.sun_path, conf.listen_path, sizeof(sa.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		goto fail;
	unlink(conf.listen_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto fail;
	if (chmod(conf.listen_path, (mode_t)conf.socket_mode) != 0)
		goto fail;
	if (conf.socket_group[0]) {
		if (getgrnam_r(conf.socket_group, &gr, buf, sizeof(buf), &res) != 0 || !res) {
			log_err("socket_group %s: no such group", conf.socket_group);
			close(fd);
			return -1;
		}
		if (chown(conf.listen_path, id->drop ? id->uid : (uid_t)-1, gr.gr_gid) != 0)
			goto fail;
	}
	if (listen(fd, LISTEN_BACKLOG) != 0)
		goto fail;
	own_socket_file = true;
	return fd;
fail:
	log_err("%s: %s", conf.listen_path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int
open_tcp(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, one = 1;

	sa.sin_port = htons((uint16_t)conf.listen_port);
	if (inet_pton(AF_INET, conf.listen_host, &sa.sin_addr) != 1) {
		log_err("listen: %s is not an IPv4 address", conf.listen_host);
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, LISTEN_BACKLOG) != 0)
		goto fail;
	return fd;
fail:
	log_err("listen tcp:%s:%d: %s", conf.listen_host, conf.listen_port, strerror(errno));
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
	return conf.listen_kind == LISTEN_TCP ? open_tcp() : open_unix(id);
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
	int pending = 0, st;

	if (db == NULL)
		return false;
	st = migrate_pending(db, conf.migrations, &pending, err, sizeof(err));
	db_free(db);
	db_thread_end();
	if (st != DB_OK) {
		log_err("database: %s", err);
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
start_worker(const struct identity *id)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		_exit(worker_main(id));
	}
	if (pid < 0)
		log_err("fork: %s", strerror(errno));
	return pid;
}

static pid_t
start_broker(const struct identity *id)
{
	char err[CONF_ERR_MAX];
	pid_t pid = broker_spawn(broker_path, conf.pam_service, id->uid, id->gid,
	    conf.broker_processes, err, sizeof(err));

	if (pid < 0)
		log_err("auth broker: %s", err);
	return pid;
}

static void
describe_exit(const char *who, pid_t pid, int status)
{
	if (WIFSIGNALED(status))
		log_warn("%s %ld killed by signal %d", who, (long)pid, WTERMSIG(status));
	else
		log_warn("%s %ld exited with %d", who, (long)pid, WEXITSTATUS(status));
}

static int
supervise(const struct identity *id)
{
	pid_t worker, broker;
	time_t worker_started, broker_started;
	int status, rc = 0;

	broker = start_broker(id);
	broker_started = time(NULL);
	worker = start_worker(id);
	worker_started = time(NULL);
	if (worker < 0 || broker < 0)
		return 1;
	while (!got_signal || got_signal == SIGHUP) {
		pid_t pid;

		if (got_signal == SIGHUP) {
			got_signal = 0;
			kill(worker, SIGHUP);
		}
		pid = waitpid(-1, &status, 0);
		if (pid < 0)
			continue;	/* EINTR: look at the signal */
		if (pid == broker) {
			describe_exit("auth broker", pid, status);
			if (time(NULL) - broker_started < RESTART_PAUSE_S)
				sleep(RESTART_PAUSE_S);
			broker = start_broker(id);
			broker_started = time(NULL);
		} else if (pid == worker) {
			describe_exit("worker", pid, status);
			if (WIFEXITED(status) && (WEXITSTATUS(status) == EXIT_CONFIG ||
			    WEXITSTATUS(status) == 0)) {
				rc = WEXITSTATUS(status) ? 1 : 0;
				worker = -1;
				break;
			}
			if (time(NULL) - worker_started < RESTART_PAUSE_S)
				sleep(RESTART_PAUSE_S);
			worker = start_worker(id);
			worker_started = time(NULL);
		}
	}
	if (worker > 0) {
		kill(worker, SIGTERM);
		waitpid(worker, &status, 0);
	}
	if (broker > 0) {
		kill(broker, SIGTERM);
		waitpid(broker, &status, 0);
	}
	unlink(broker_path);
	if (own_socket_file)
		unlink(conf.listen_path);
	log_info("gesprekd stopped");
	return rc;
}

/* Times are shown in the configured zone: the whole process runs in it.
 * glibc falls back to UTC silently for an unknown zone: refuse one. */
static bool
set_timezone(void)
{
	char path[CONF_STR_MAX + 32];

	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", conf.timezone);
	if (strstr(conf.timezone, "..") || access(path, R_OK) != 0) {
		log_err("timezone %s: unknown (no %s)", conf.timezone, path);
		return false;
	}
	setenv("TZ", conf.timezone, 1);
	tzset();
	return true;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gesprekd [-c gesprek.conf] [-t]\n"
	    "  -c FILE  configuration (default %s)\n"
	    "  -t       check the configuration and stylesheets, then exit\n",
	    CONF_DEFAULT_PATH);
}

int
main(int argc, char **argv)
{
	const char *path = CONF_DEFAULT_PATH;
	char err[CONF_ERR_MAX];
	struct identity id;
	struct sigaction sa;
	bool test_only = false, ok;
	int ch;

	while ((ch = getopt(argc, argv, "c:th")) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 't': test_only = true; break;
		default: usage(); return 2;
		}
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
	if ((listen_fd = open_listener(&id)) < 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_info("gesprekd %s starting (pid %ld)", PACKAGE_VERSION, (long)getpid());
	return supervise(&id);
}
