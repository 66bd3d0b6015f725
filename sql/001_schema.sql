-- 001_schema.sql -- every table of DESIGN §4.
-- InnoDB, utf8mb4; times are UTC (DATETIME without zone, the connection runs
-- with time_zone '+00:00').  Mutable rows carry `version` for optimistic
-- locking.  No LOCK TABLES, no GET_LOCK: Galera-safe.

CREATE TABLE IF NOT EXISTS department (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  parent_id   BIGINT UNSIGNED NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY department_name (parent_id, name),
  CONSTRAINT department_parent FOREIGN KEY (parent_id) REFERENCES department (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS employee (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login         VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name          VARCHAR(200) NOT NULL,
  email         VARCHAR(254) NULL,
  department_id BIGINT UNSIGNED NULL,
  manager_id    BIGINT UNSIGNED NULL,
  is_hr         TINYINT(1) NOT NULL DEFAULT 0,
  active        TINYINT(1) NOT NULL DEFAULT 1,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY employee_login (login),
  KEY employee_manager (manager_id),
  KEY employee_department (department_id),
  CONSTRAINT employee_department FOREIGN KEY (department_id) REFERENCES department (id),
  CONSTRAINT employee_manager FOREIGN KEY (manager_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS cycle (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(100) NOT NULL,
  starts_on     DATE NOT NULL,
  ends_on       DATE NOT NULL,
  status        ENUM('planned','open','closed') NOT NULL DEFAULT 'planned',
  rating_scale  VARCHAR(1000) NOT NULL,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY cycle_name (name),
  CONSTRAINT cycle_period CHECK (ends_on >= starts_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS cycle_step (
  cycle_id    BIGINT UNSIGNED NOT NULL,
  seq         SMALLINT UNSIGNED NOT NULL,
  type        ENUM('goal_setting','progress','assessment') NOT NULL,
  due_on      DATE NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  PRIMARY KEY (cycle_id, seq),
  CONSTRAINT cycle_step_cycle FOREIGN KEY (cycle_id) REFERENCES cycle (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS org_goal (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cycle_id     BIGINT UNSIGNED NOT NULL,
  title        VARCHAR(200) NOT NULL,
  description  TEXT NULL,
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY org_goal_cycle (cycle_id),
  CONSTRAINT org_goal_cycle FOREIGN KEY (cycle_id) REFERENCES cycle (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS collective_goal (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cycle_id       BIGINT UNSIGNED NOT NULL,
  title          VARCHAR(200) NOT NULL,
  measure        TEXT NULL,
  deadline       DATE NULL,
  department_id  BIGINT UNSIGNED NULL,
  bonus          TINYINT(1) NOT NULL DEFAULT 0,
  status         ENUM('open','achieved','not_achieved') NOT NULL DEFAULT 'open',
  status_note    TEXT NULL,
  version        INT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY collective_goal_cycle (cycle_id),
  CONSTRAINT collective_goal_cycle FOREIGN KEY (cycle_id) REFERENCES cycle (id),
  CONSTRAINT collective_goal_department FOREIGN KEY (department_id) REFERENCES department (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS dossier (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cycle_id     BIGINT UNSIGNED NOT NULL,
  employee_id  BIGINT UNSIGNED NOT NULL,
  manager_id   BIGINT UNSIGNED NULL,
  status       ENUM('open','closed') NOT NULL DEFAULT 'open',
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY dossier_cycle_employee (cycle_id, employee_id),
  KEY dossier_employee (employee_id),
  KEY dossier_manager (manager_id),
  CONSTRAINT dossier_cycle FOREIGN KEY (cycle_id) REFERENCES cycle (id),
  CONSTRAINT dossier_employee FOREIGN KEY (employee_id) REFERENCES employee (id),
  CONSTRAINT dossier_manager FOREIGN KEY (manager_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS conversation (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dossier_id    BIGINT UNSIGNED NOT NULL,
  type          ENUM('goal_setting','progress','assessment') NOT NULL,
  seq           SMALLINT UNSIGNED NOT NULL,
  scheduled_at  DATETIME NULL,
  held_on       DATE NULL,
  due_on        DATE NULL,
  status        ENUM('planned','preparing','held','finalized','closed') NOT NULL DEFAULT 'planned',
  overall_rating TINYINT UNSIGNED NULL,
  overall_note  TEXT NULL,
  employee_shared TINYINT(1) NOT NULL DEFAULT 0,
  manager_shared  TINYINT(1) NOT NULL DEFAULT 0,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY conversation_seq (dossier_id, seq),
  CONSTRAINT conversation_dossier FOREIGN KEY (dossier_id) REFERENCES dossier (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS item (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dossier_id      BIGINT UNSIGNED NOT NULL,
  kind            ENUM('result','development','action') NOT NULL,
  title           VARCHAR(200) NOT NULL,
  measure         TEXT NULL,
  deadline        DATE NULL,
  responsible_id  BIGINT UNSIGNED NULL,
  org_goal_id     BIGINT UNSIGNED NULL,
  weight          SMALLINT UNSIGNED NULL,
  status          ENUM('open','on_track','at_risk','achieved','not_achieved','cancelled') NOT NULL DEFAULT 'open',
  achieved_on     DATE NULL,
  created_in_conversation_id BIGINT UNSIGNED NULL,
  author_id       BIGINT UNSIGNED NULL,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at      DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY item_dossier (dossier_id),
  CONSTRAINT item_dossier FOREIGN KEY (dossier_id) REFERENCES dossier (id),
  CONSTRAINT item_responsible FOREIGN KEY (responsible_id) REFERENCES employee (id),
  CONSTRAINT item_org_goal FOREIGN KEY (org_goal_id) REFERENCES org_goal (id),
  CONSTRAINT item_conversation FOREIGN KEY (created_in_conversation_id) REFERENCES conversation (id),
  CONSTRAINT item_author FOREIGN KEY (author_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS item_update (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id          BIGINT UNSIGNED NOT NULL,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  author_id        BIGINT UNSIGNED NOT NULL,
  status           ENUM('open','on_track','at_risk','achieved','not_achieved','cancelled') NULL,
  note             TEXT NULL,
  rating           TINYINT UNSIGNED NULL,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY item_update_item (item_id),
  KEY item_update_conversation (conversation_id),
  CONSTRAINT item_update_item FOREIGN KEY (item_id) REFERENCES item (id),
  CONSTRAINT item_update_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id),
  CONSTRAINT item_update_author FOREIGN KEY (author_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS remark (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  author_id        BIGINT UNSIGNED NOT NULL,
  role             ENUM('employee','manager') NOT NULL,
  text             TEXT NOT NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY remark_conversation (conversation_id),
  CONSTRAINT remark_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id),
  CONSTRAINT remark_author FOREIGN KEY (author_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS snapshot (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  xml              MEDIUMTEXT NOT NULL,
  sha256           CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY snapshot_conversation (conversation_id),
  CONSTRAINT snapshot_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS signature (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  employee_id      BIGINT UNSIGNED NOT NULL,
  role             ENUM('employee','manager') NOT NULL,
  verdict          ENUM('agree','seen') NOT NULL,
  remark           TEXT NULL,
  signed_at        DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  snapshot_sha256  CHAR(64) CHARACTER SET ascii NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY signature_conversation (conversation_id),
  CONSTRAINT signature_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id),
  CONSTRAINT signature_employee FOREIGN KEY (employee_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS audit (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  actor_id    BIGINT UNSIGNED NULL,
  entity      VARCHAR(32) CHARACTER SET ascii NOT NULL,
  entity_id   BIGINT UNSIGNED NULL,
  action      VARCHAR(32) CHARACTER SET ascii NOT NULL,
  detail      TEXT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY audit_entity (entity, entity_id, at),
  KEY audit_actor (actor_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions live in MariaDB so any number of gesprekd instances can serve.
-- employee_id NULL: a visitor before login (holds the login form's CSRF token).
-- is_hr is decided at login (employee.is_hr or the HR Unix group).
CREATE TABLE IF NOT EXISTS session (
  token_sha256  BINARY(32) NOT NULL PRIMARY KEY,
  employee_id   BIGINT UNSIGNED NULL,
  is_hr         TINYINT(1) NOT NULL DEFAULT 0,
  csrf          CHAR(64) CHARACTER SET ascii NOT NULL,
  flash         VARCHAR(64) CHARACTER SET ascii NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  seen_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  expires_at    DATETIME NOT NULL,
  ip            VARCHAR(45) CHARACTER SET ascii NULL,
  user_agent    VARCHAR(255) NULL,
  KEY session_expires (expires_at),
  KEY session_employee (employee_id),
  CONSTRAINT session_employee FOREIGN KEY (employee_id) REFERENCES employee (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS login_attempt (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ip          VARCHAR(45) CHARACTER SET ascii NOT NULL,
  at          DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  ok          TINYINT(1) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY login_attempt_login (login, at),
  KEY login_attempt_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
