-- 052_login_names.sql -- one account whatever the case of its login, and
-- login attempts reserved before PAM is asked.
--
-- gesprekd maps every typed login to lower case (and strips the configured
-- realm, fcgi/auth/loginname.h) before throttling and lookup.  employee.login
-- was compared byte for byte (ascii_bin): "Eva" and "eva" could be two
-- employees.  Such pairs cannot be merged or dropped by a migration (each
-- may have dossiers and signatures): stop, name them, and let a person
-- decide.  Otherwise the login becomes case-insensitive, so that no two
-- employees can ever differ only in case again.  Stored logins keep their
-- spelling; lookups no longer depend on it.
BEGIN NOT ATOMIC
  DECLARE clash TEXT DEFAULT NULL;
  SELECT GROUP_CONCAT(names ORDER BY names SEPARATOR '; ') INTO clash
    FROM (SELECT GROUP_CONCAT(login ORDER BY login SEPARATOR ', ') AS names
            FROM employee GROUP BY LOWER(login) HAVING COUNT(*) > 1) AS same;
  IF clash IS NOT NULL THEN
    SET clash = CONCAT('052: employee logins that differ only in case: ', clash,
      '. Nothing was changed. Rename or merge these employees (gesprekctl or the',
      ' HR pages), then run gesprekctl migrate again.');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = clash;
  END IF;
END;

ALTER TABLE employee
  MODIFY login VARCHAR(64) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL;

-- Attempts: the same collation as the logins; microseconds, so that a
-- failure and a success in the same second are told apart (a success
-- resets the count); and the account-and-address pair for the lock of a
-- pair.  A row is written before PAM is asked (ok = 0, a failure until the
-- login succeeds), so parallel guesses count before they are answered.
ALTER TABLE login_attempt
  MODIFY login VARCHAR(64) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  ADD KEY IF NOT EXISTS login_attempt_pair (login, ip, at);

-- One row per login name tried: the reservation locks it, so that the
-- count and the new attempt are one step for parallel tries (no GET_LOCK:
-- Galera).
CREATE TABLE IF NOT EXISTS login_guard (
  login       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL PRIMARY KEY,
  tries       BIGINT UNSIGNED NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP()
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Addresses an account logged in from: failures of strangers elsewhere do
-- not lock the owner out of these.
CREATE TABLE IF NOT EXISTS login_known (
  login       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  ip          VARCHAR(45) CHARACTER SET ascii NOT NULL,
  last_ok_at  DATETIME(6) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (login, ip),
  KEY login_known_last_ok (last_ok_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A rerun after a failure below finds the rows of the first run: keep the
-- later time, so the step gives the same rows however often it runs.
INSERT INTO login_known (login, ip, last_ok_at)
  SELECT LOWER(login), ip, MAX(at) FROM login_attempt WHERE ok = 1
  GROUP BY LOWER(login), ip
  ON DUPLICATE KEY UPDATE last_ok_at = GREATEST(last_ok_at, VALUES(last_ok_at));
