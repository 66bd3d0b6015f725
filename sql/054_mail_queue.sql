-- 054_mail_queue.sql -- the outgoing mail queue.  A request that causes an
-- e-mail (plan, finalize, the employee's signature) only inserts a row here;
-- `gesprekctl mail-send`, run by gesprek-mail.timer, claims due rows with
-- SELECT ... FOR UPDATE SKIP LOCKED, marks them `sending` under its own
-- claim token, hands them to sendmail and marks them `sent`, or `queued`
-- again with a later next_try_at (backoff), or `failed` after the last try.
-- HR sees queued and failed mail at /admin/mail and may queue a failed one
-- again.
--
-- message is the whole RFC 5322 message as composed when the row was
-- queued (ASCII: encoded-words and base64); it is cleared once sent, since
-- it may carry private content that nobody needs any more.  A `sending`
-- row whose next_try_at (the claim's lease) has passed was left by a
-- sender that stopped: it is claimed again.  Mail about a conversation or
-- to a person that is deleted goes with it (ON DELETE CASCADE).
CREATE TABLE IF NOT EXISTS mail_queue (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind             ENUM('invite', 'sign', 'signed', 'remind') NOT NULL,
  conversation_id  BIGINT UNSIGNED NULL,
  recipient_id     BIGINT UNSIGNED NOT NULL,
  recipient        VARCHAR(254) NOT NULL,
  subject          VARCHAR(512) NOT NULL,
  message          MEDIUMBLOB NULL,
  state            ENUM('queued', 'sending', 'sent', 'failed') NOT NULL DEFAULT 'queued',
  tries            SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  next_try_at      DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  claim            CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  last_error       VARCHAR(255) NULL,
  sent_at          DATETIME NULL,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  KEY mail_queue_due (state, next_try_at),
  KEY mail_queue_claim (claim),
  KEY mail_queue_conversation (conversation_id),
  KEY mail_queue_recipient (recipient_id),
  CONSTRAINT mail_queue_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
    ON DELETE CASCADE,
  CONSTRAINT mail_queue_recipient FOREIGN KEY (recipient_id) REFERENCES employee (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
