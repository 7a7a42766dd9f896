-- KBOSS core schema: tenancy (domains, accounts, users, sessions), inventory (zones, clusters,
-- image stores), scoped setting values, async jobs and management-server leases.
-- Conventions: BIGINT AUTO_INCREMENT ids, CHAR(36) uuids for the API, DATETIME(3) in UTC,
-- `removed` set instead of deleting rows that the API may still need to show (CloudStack style).
-- Applied by io.kboss.db.SchemaUpgrader; keep statements plain (see StatementSplitter).

CREATE TABLE domain (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid        CHAR(36)        NOT NULL,
    name        VARCHAR(255)    NOT NULL,
    parent_id   BIGINT UNSIGNED NULL,
    -- '/' for ROOT, '/child/grandchild/' below it: lets "this domain and below" be one LIKE prefix.
    path        VARCHAR(1024)   NOT NULL,
    created     DATETIME(3)     NOT NULL,
    removed     DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_domain_uuid (uuid),
    KEY i_domain_parent (parent_id),
    KEY i_domain_path (path(255)),
    CONSTRAINT fk_domain_parent FOREIGN KEY (parent_id) REFERENCES domain (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE account (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid        CHAR(36)        NOT NULL,
    name        VARCHAR(255)    NOT NULL,
    domain_id   BIGINT UNSIGNED NOT NULL,
    role        ENUM('ROOT_ADMIN','DOMAIN_ADMIN','USER') NOT NULL,
    state       VARCHAR(32)     NOT NULL DEFAULT 'ENABLED',
    created     DATETIME(3)     NOT NULL,
    removed     DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_account_uuid (uuid),
    KEY i_account_domain_name (domain_id, name),
    CONSTRAINT fk_account_domain FOREIGN KEY (domain_id) REFERENCES domain (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `user` (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    account_id          BIGINT UNSIGNED NOT NULL,
    username            VARCHAR(255)    NOT NULL,
    password_hash       VARCHAR(512)    NULL,
    password_salt       VARCHAR(255)    NULL,
    password_algorithm  VARCHAR(64)     NULL,
    api_key             VARCHAR(255)    NULL,
    -- The HMAC secret must be readable to verify signatures, so it cannot be hashed.
    secret_key          VARCHAR(255)    NULL,
    state               VARCHAR(32)     NOT NULL DEFAULT 'ENABLED',
    created             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_user_uuid (uuid),
    UNIQUE KEY uk_user_username (username),
    UNIQUE KEY uk_user_api_key (api_key),
    KEY i_user_account (account_id),
    CONSTRAINT fk_user_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Login sessions live here so that any management server behind a balancer can serve a call.
-- Only a hash of the session key is stored: a database dump does not hand out live sessions.
CREATE TABLE user_session (
    id              CHAR(64)        NOT NULL,
    user_id         BIGINT UNSIGNED NOT NULL,
    created         DATETIME(3)     NOT NULL,
    last_access     DATETIME(3)     NOT NULL,
    expires         DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    KEY i_user_session_user (user_id),
    KEY i_user_session_expires (expires),
    CONSTRAINT fk_user_session_user FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE zone (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    name                VARCHAR(255)    NOT NULL,
    description         VARCHAR(1024)   NULL,
    allocation_state    VARCHAR(32)     NOT NULL DEFAULT 'Enabled',
    created             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_zone_uuid (uuid),
    UNIQUE KEY uk_zone_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE cluster (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid        CHAR(36)        NOT NULL,
    zone_id     BIGINT UNSIGNED NOT NULL,
    name        VARCHAR(255)    NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_cluster_uuid (uuid),
    UNIQUE KEY uk_cluster_zone_name (zone_id, name),
    CONSTRAINT fk_cluster_zone FOREIGN KEY (zone_id) REFERENCES zone (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Secondary storage where backups are written: a local folder (file) or an NFS export.
CREATE TABLE image_store (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid            CHAR(36)        NOT NULL,
    name            VARCHAR(255)    NOT NULL,
    zone_id         BIGINT UNSIGNED NOT NULL,
    protocol        ENUM('file','nfs') NOT NULL,
    url             VARCHAR(2048)   NOT NULL,
    path            VARCHAR(1024)   NOT NULL,
    capacity_bytes  BIGINT UNSIGNED NULL,
    used_bytes      BIGINT UNSIGNED NULL,
    state           VARCHAR(32)     NOT NULL DEFAULT 'Ready',
    created         DATETIME(3)     NOT NULL,
    removed         DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_image_store_uuid (uuid),
    KEY i_image_store_zone (zone_id),
    CONSTRAINT fk_image_store_zone FOREIGN KEY (zone_id) REFERENCES zone (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only values that were set are stored; the definitions (type, default, allowed scopes) live in
-- code. scope_id is 0 for GLOBAL so the unique key works (NULLs never collide in a unique key).
CREATE TABLE configuration_value (
    name        VARCHAR(255)    NOT NULL,
    scope       ENUM('GLOBAL','ZONE','CLUSTER','ACCOUNT') NOT NULL,
    scope_id    BIGINT UNSIGNED NOT NULL DEFAULT 0,
    value       TEXT            NULL,
    updated     DATETIME(3)     NOT NULL,
    PRIMARY KEY (name, scope, scope_id),
    KEY i_configuration_value_scope (scope, scope_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Async API jobs. A management server claims a job by setting owner_msid and lease_expires in one
-- conditional UPDATE; a job whose lease expired is re-queued or failed at start-up / periodically.
CREATE TABLE async_job (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid            CHAR(36)        NOT NULL,
    account_id      BIGINT UNSIGNED NOT NULL,
    user_id         BIGINT UNSIGNED NOT NULL,
    command         VARCHAR(255)    NOT NULL,
    params          JSON            NULL,
    -- The resource the job works on, as the API names it (jobinstancetype / jobinstanceid).
    instance_type   VARCHAR(64)     NULL,
    instance_uuid   CHAR(36)        NULL,
    -- 0 pending, 1 succeeded, 2 failed (CloudStack's jobstatus).
    status          TINYINT         NOT NULL DEFAULT 0,
    result_code     INT             NOT NULL DEFAULT 0,
    result_type     VARCHAR(32)     NULL,
    result          JSON            NULL,
    progress        INT             NOT NULL DEFAULT 0,
    created         DATETIME(3)     NOT NULL,
    last_updated    DATETIME(3)     NOT NULL,
    completed       DATETIME(3)     NULL,
    owner_msid      BIGINT UNSIGNED NULL,
    lease_expires   DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_async_job_uuid (uuid),
    KEY i_async_job_account_created (account_id, created),
    KEY i_async_job_status_lease (status, lease_expires),
    KEY i_async_job_owner (owner_msid),
    KEY i_async_job_instance (instance_type, instance_uuid),
    CONSTRAINT fk_async_job_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_async_job_user FOREIGN KEY (user_id) REFERENCES `user` (id),
    CONSTRAINT ck_async_job_status CHECK (status IN (0, 1, 2))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per management server; last_heartbeat is its lease. A server whose heartbeat is older
-- than the lease period is considered dead and its jobs are taken over.
CREATE TABLE mshost (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid            CHAR(36)        NOT NULL,
    name            VARCHAR(255)    NOT NULL,
    address         VARCHAR(255)    NOT NULL,
    last_heartbeat  DATETIME(3)     NOT NULL,
    state           VARCHAR(32)     NOT NULL DEFAULT 'Up',
    PRIMARY KEY (id),
    UNIQUE KEY uk_mshost_uuid (uuid),
    KEY i_mshost_heartbeat (last_heartbeat)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
