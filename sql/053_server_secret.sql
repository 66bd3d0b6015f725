-- 053_server_secret.sql -- secrets every gesprekd of a cluster shares.
--
-- 'csrf' signs the login form's double-submit CSRF value (fcgi/auth/session.c):
-- a visitor no longer costs a session row, yet a form made by one gesprekd
-- is accepted by any other behind the same load balancer.  The row is made
-- at first use by whichever gesprekd comes first (32 bytes from getrandom,
-- INSERT IGNORE, then read back), so every instance over one MariaDB or one
-- Galera cluster reads the same value.  Each worker thread reads it once.
-- To rotate it: DELETE the row and restart every gesprekd; open login
-- forms then ask to be sent again.
CREATE TABLE IF NOT EXISTS server_secret (
  name        VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  secret      BINARY(32) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP()
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Visitors' rows (employee_id NULL) only held the login form's token, which
-- now travels without a row; is_hr is kept as it was at login, for the
-- record only: access reads employee.is_hr and the HR group at every request.
DELETE FROM session WHERE employee_id IS NULL;
