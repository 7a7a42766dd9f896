-- V23: events, alerts and webhooks (issue 12 item 9). Written by io.kboss.server.event (the SPI port
-- EventLog and its JDBC implementation), read by listEvents, listAlerts and listWebhookDeliveries;
-- deliveries are sent by io.kboss.server.event.webhook.WebhookSender on the host monitor's leader.

-- One CloudStack-style event: what happened (type, e.g. BACKUP.CREATE), at which step (state), how it
-- went (level), to whose resource (account and domain: who may list it) and who asked (user; NULL
-- for the system: schedules, retention, sweeps). Written in the transaction of the change it reports.
-- No foreign keys to account or domain: events are history and outlive what they name.
CREATE TABLE event (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid           CHAR(36)        NOT NULL,
    type           VARCHAR(64)     NOT NULL,
    -- Scheduled, Started, Completed (long work) or Created (a change made at once), as CloudStack's.
    state          VARCHAR(16)     NOT NULL,
    -- INFO or ERROR (WARN reserved).
    level          VARCHAR(8)      NOT NULL,
    description    VARCHAR(1024)   NOT NULL,
    user_id        BIGINT UNSIGNED NULL,
    account_id     BIGINT UNSIGNED NOT NULL,
    domain_id      BIGINT UNSIGNED NOT NULL,
    -- What it is about, as the API names it (e.g. Backup, VirtualMachine, BackupOffering) and its uuid.
    resource_type  VARCHAR(32)     NULL,
    resource_uuid  CHAR(36)        NULL,
    created        DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_event_uuid (uuid),
    -- event.purge.delay deletes by age; admins list by time.
    KEY i_event_created (created),
    KEY i_event_account_created (account_id, created),
    KEY i_event_domain_created (domain_id, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Alerts for administrators (listAlerts): failures that need a person. type is CloudStack's numeric
-- alert type (KBOSS's own from 100 up), name its ALERT.* name.
CREATE TABLE alert (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid           CHAR(36)        NOT NULL,
    type           SMALLINT        NOT NULL,
    name           VARCHAR(64)     NOT NULL,
    description    VARCHAR(1024)   NOT NULL,
    zone_id        BIGINT UNSIGNED NULL,
    created        DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_alert_uuid (uuid),
    KEY i_alert_created (created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A webhook (root admins): events of its scope (Local: its account's; Domain: its domain's and below;
-- Global: all) whose type is in event_types (comma separated; NULL = every type) are POSTed to
-- payload_url, signed with secret_key. The secret must be readable to sign, so it is not hashed (as
-- user.secret_key); answers show it masked.
CREATE TABLE webhook (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid           CHAR(36)        NOT NULL,
    name           VARCHAR(255)    NOT NULL,
    description    VARCHAR(1024)   NULL,
    payload_url    VARCHAR(2048)   NOT NULL,
    secret_key     VARCHAR(255)    NULL,
    -- Enabled or Disabled; a disabled webhook gets no new deliveries and its pending ones wait.
    state          VARCHAR(16)     NOT NULL,
    scope          VARCHAR(16)     NOT NULL,
    event_types    VARCHAR(2048)   NULL,
    account_id     BIGINT UNSIGNED NOT NULL,
    domain_id      BIGINT UNSIGNED NOT NULL,
    created        DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_webhook_uuid (uuid),
    KEY i_webhook_state (state),
    CONSTRAINT fk_webhook_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_webhook_domain FOREIGN KEY (domain_id) REFERENCES domain (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One event to send to one webhook: queued with the event, in its transaction. payload is the exact
-- body every attempt sends (so a signature can be checked against any of them).
CREATE TABLE webhook_delivery (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid           CHAR(36)        NOT NULL,
    webhook_id     BIGINT UNSIGNED NOT NULL,
    event_id       BIGINT UNSIGNED NOT NULL,
    payload        MEDIUMTEXT      NOT NULL,
    -- PENDING (to send at next_attempt), SUCCEEDED, FAILED (webhook.delivery.tries used up).
    state          VARCHAR(16)     NOT NULL,
    attempts       INT UNSIGNED    NOT NULL DEFAULT 0,
    next_attempt   DATETIME(3)     NOT NULL,
    created        DATETIME(3)     NOT NULL,
    ended          DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_webhook_delivery_uuid (uuid),
    -- The sender reads the due ones.
    KEY i_webhook_delivery_due (state, next_attempt),
    CONSTRAINT fk_webhook_delivery_webhook FOREIGN KEY (webhook_id) REFERENCES webhook (id) ON DELETE CASCADE,
    -- Purging an event purges its deliveries.
    CONSTRAINT fk_webhook_delivery_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each attempt of a delivery and how it went: listWebhookDeliveries.
CREATE TABLE webhook_delivery_attempt (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid           CHAR(36)        NOT NULL,
    delivery_id    BIGINT UNSIGNED NOT NULL,
    attempt        INT UNSIGNED    NOT NULL,
    mshost_id      BIGINT UNSIGNED NULL,
    started        DATETIME(3)     NOT NULL,
    ended          DATETIME(3)     NOT NULL,
    duration_ms    BIGINT UNSIGNED NOT NULL,
    -- The HTTP status; NULL when no answer came (refused connection, time-out).
    status_code    INT             NULL,
    success        TINYINT(1)      NOT NULL,
    -- The start of the answer's body, or what went wrong.
    response       VARCHAR(1024)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_webhook_delivery_attempt_uuid (uuid),
    UNIQUE KEY uk_webhook_delivery_attempt (delivery_id, attempt),
    KEY i_webhook_delivery_attempt_started (started),
    CONSTRAINT fk_webhook_delivery_attempt_delivery FOREIGN KEY (delivery_id) REFERENCES webhook_delivery (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
