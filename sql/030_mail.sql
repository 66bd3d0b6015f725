-- 030_mail.sql -- e-mail reminders sent by `gesprekctl remind`: one row per
-- conversation, recipient and due date, claimed before the message goes out,
-- so a second run (cron, a systemd timer, two hosts at once) sends nothing
-- twice.  A new due date is a new reminder.
CREATE TABLE IF NOT EXISTS mail_reminder (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  BIGINT UNSIGNED NOT NULL,
  employee_id      BIGINT UNSIGNED NOT NULL,
  due_on           DATE NOT NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY mail_reminder_once (conversation_id, employee_id, due_on),
  KEY mail_reminder_employee (employee_id),
  CONSTRAINT mail_reminder_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id),
  CONSTRAINT mail_reminder_employee FOREIGN KEY (employee_id) REFERENCES employee (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
