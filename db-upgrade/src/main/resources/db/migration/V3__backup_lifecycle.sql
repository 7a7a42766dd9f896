-- The backup lifecycle: the hosts whose agents paired with the management server, the VMs and
-- volumes discovered on them, and the backups, chains and schedules of those VMs.
-- Same conventions as V1 (BIGINT ids, CHAR(36) uuids for the API, DATETIME(3) UTC, `removed`
-- instead of deleting rows the API may still show). Invariants that must hold under concurrent
-- management servers are unique keys, often on a STORED generated column that is NULL for rows
-- the invariant does not cover (NULLs never collide in a unique key).
-- Hosts, VMs and volumes: io.kboss.server.host. Backups, chains, schedules: the kboss plugin.

-- A KVM host running kboss-agent. The row exists only once pairing succeeded.
CREATE TABLE host (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    name                VARCHAR(255)    NOT NULL,
    zone_id             BIGINT UNSIGNED NOT NULL,
    cluster_id          BIGINT UNSIGNED NULL,
    -- The agent's endpoint as the admin gave it (http://address:port), and its parts for listing.
    url                 VARCHAR(1024)   NOT NULL,
    address             VARCHAR(255)    NOT NULL,
    port                INT UNSIGNED    NOT NULL,
    -- The agent's own identity (HostInfo.agentId), stable across restarts of the agent.
    agent_id            VARCHAR(255)    NULL,
    agent_version       VARCHAR(64)     NULL,
    libvirt_version     VARCHAR(64)     NULL,
    qemu_version        VARCHAR(64)     NULL,
    cpus                INT UNSIGNED    NULL,
    memory_bytes        BIGINT UNSIGNED NULL,
    max_concurrent_jobs INT UNSIGNED    NULL,
    status              ENUM('Connecting','Up','Disconnected','Down') NOT NULL DEFAULT 'Connecting',
    -- Consecutive pings that went unanswered; the monitor marks the host Down at host.ping.timeout.
    missed_pings        INT UNSIGNED    NOT NULL DEFAULT 0,
    last_contact        DATETIME(3)     NULL,
    status_changed      DATETIME(3)     NOT NULL,
    -- The HMAC key of the agent channel, sealed with the server's key (AES-GCM, nonce prefixed):
    -- whoever can sign commands can take and restore any VM's disks, so a dump must not hand it out.
    -- Never selected by listing queries.
    channel_key_sealed  VARBINARY(255)  NOT NULL,
    created             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    -- One live host per agent endpoint, also under two concurrent addHost calls.
    live_url            VARCHAR(1024)   AS (IF(removed IS NULL, url, NULL)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY uk_host_uuid (uuid),
    UNIQUE KEY uk_host_live_url (live_url(255)),
    KEY i_host_zone (zone_id),
    KEY i_host_cluster (cluster_id),
    KEY i_host_removed_status (removed, status),
    CONSTRAINT fk_host_zone FOREIGN KEY (zone_id) REFERENCES zone (id),
    CONSTRAINT fk_host_cluster FOREIGN KEY (cluster_id) REFERENCES cluster (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A libvirt domain discovered on a host (CloudStack's vm_instance layout where it has one).
CREATE TABLE vm_instance (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    -- The libvirt domain name.
    name                VARCHAR(255)    NOT NULL,
    -- The libvirt domain uuid: how discovery recognises a VM again, also after it moved host.
    -- VARCHAR, not CHAR: MariaDB refuses CHAR in a generated column's IF (it depends on sql_mode).
    domain_uuid         VARCHAR(36)     NOT NULL,
    account_id          BIGINT UNSIGNED NOT NULL,
    domain_id           BIGINT UNSIGNED NOT NULL,
    zone_id             BIGINT UNSIGNED NOT NULL,
    host_id             BIGINT UNSIGNED NULL,
    -- As CloudStack: `state` is the management state (Running, Stopped, BackingUp, BackupError,
    -- Restoring, ...), `power_state` what the hypervisor last reported. Discovery moves `state`
    -- only between power states; BackingUp/BackupError/Restoring belong to the backup lifecycle.
    state               VARCHAR(32)     NOT NULL,
    power_state         ENUM('PowerOn','PowerOff','PowerUnknown') NOT NULL DEFAULT 'PowerUnknown',
    power_state_updated DATETIME(3)     NULL,
    backup_offering_id  BIGINT UNSIGNED NULL,
    -- SHA-256 (hex) of the sorted (volume uuid, virtual size) pairs: a change means the next
    -- backup must be full (DiskSet in the chain domain).
    disk_set_fingerprint CHAR(64)       NULL,
    -- The one backup, restore or delete running on this VM. Taken with a conditional UPDATE
    -- (WHERE busy_operation IS NULL); the row count decides who won.
    busy_operation      VARCHAR(32)     NULL,
    busy_job_id         BIGINT UNSIGNED NULL,
    busy_since          DATETIME(3)     NULL,
    last_seen           DATETIME(3)     NULL,
    created             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    live_domain_uuid    VARCHAR(36)     AS (IF(removed IS NULL, domain_uuid, NULL)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY uk_vm_instance_uuid (uuid),
    UNIQUE KEY uk_vm_instance_live_domain_uuid (live_domain_uuid),
    KEY i_vm_instance_account_removed (account_id, removed),
    KEY i_vm_instance_domain (domain_id),
    KEY i_vm_instance_zone (zone_id),
    KEY i_vm_instance_host_removed (host_id, removed),
    KEY i_vm_instance_backup_offering (backup_offering_id, removed),
    KEY i_vm_instance_busy_job (busy_job_id),
    CONSTRAINT fk_vm_instance_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_vm_instance_domain FOREIGN KEY (domain_id) REFERENCES domain (id),
    CONSTRAINT fk_vm_instance_zone FOREIGN KEY (zone_id) REFERENCES zone (id),
    CONSTRAINT fk_vm_instance_host FOREIGN KEY (host_id) REFERENCES host (id),
    CONSTRAINT fk_vm_instance_backup_offering FOREIGN KEY (backup_offering_id) REFERENCES backup_offering (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A disk of a VM. The guest device (vda, vdb, ...) is the stable key of a disk within its VM.
CREATE TABLE volume (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    name                VARCHAR(255)    NOT NULL,
    vm_id               BIGINT UNSIGNED NULL,
    account_id          BIGINT UNSIGNED NOT NULL,
    domain_id           BIGINT UNSIGNED NOT NULL,
    zone_id             BIGINT UNSIGNED NOT NULL,
    device              VARCHAR(32)     NOT NULL,
    -- CloudStack's deviceid: 0 for the root disk, then in device order.
    device_id           INT UNSIGNED    NOT NULL,
    volume_type         ENUM('ROOT','DATADISK') NOT NULL,
    bus                 VARCHAR(32)     NULL,
    path                VARCHAR(2048)   NOT NULL,
    format              VARCHAR(32)     NULL,
    virtual_size        BIGINT UNSIGNED NOT NULL DEFAULT 0,
    allocated_size      BIGINT UNSIGNED NOT NULL DEFAULT 0,
    -- FILE, BLOCK, NETWORK, VOLUME, OTHER (agent contract DiskStorageKind); only FILE is backed up.
    storage_kind        VARCHAR(16)     NOT NULL,
    state               VARCHAR(32)     NOT NULL DEFAULT 'Ready',
    created             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    live_vm_device      VARCHAR(32)     AS (IF(removed IS NULL, device, NULL)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY uk_volume_uuid (uuid),
    UNIQUE KEY uk_volume_vm_live_device (vm_id, live_vm_device),
    KEY i_volume_account_removed (account_id, removed),
    KEY i_volume_zone (zone_id),
    CONSTRAINT fk_volume_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id),
    CONSTRAINT fk_volume_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_volume_domain FOREIGN KEY (domain_id) REFERENCES domain (id),
    CONSTRAINT fk_volume_zone FOREIGN KEY (zone_id) REFERENCES zone (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A VM's backup schedule (CloudStack's backup_schedule plus KEEP_LAST, quiesce and isolated).
CREATE TABLE backup_schedule (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    vm_id               BIGINT UNSIGNED NOT NULL,
    interval_type       ENUM('HOURLY','DAILY','WEEKLY','MONTHLY') NOT NULL,
    -- MM, MM:HH, MM:HH:D or MM:HH:DD as IntervalType describes.
    schedule            VARCHAR(32)     NOT NULL,
    timezone            VARCHAR(64)     NOT NULL,
    -- Retention: keep the newest max_backups of this schedule; NULL keeps all.
    max_backups         INT UNSIGNED    NULL,
    quiesce             TINYINT(1)      NOT NULL DEFAULT 0,
    isolated            TINYINT(1)      NOT NULL DEFAULT 0,
    next_fire           DATETIME(3)     NULL,
    created             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_schedule_uuid (uuid),
    KEY i_backup_schedule_vm (vm_id, removed),
    KEY i_backup_schedule_due (removed, next_fire),
    CONSTRAINT fk_backup_schedule_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One firing of a schedule. Every management server may try to insert the same (schedule, time);
-- the unique key lets exactly one succeed, so a firing runs once however many servers run.
CREATE TABLE backup_schedule_firing (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    schedule_id         BIGINT UNSIGNED NOT NULL,
    scheduled_time      DATETIME(3)     NOT NULL,
    -- mshost.id of the server that claimed it.
    claimed_by          BIGINT UNSIGNED NOT NULL,
    claimed_at          DATETIME(3)     NOT NULL,
    backup_id           BIGINT UNSIGNED NULL,
    -- Why the firing made no backup (VM busy, in BackupError, ...), so a skipped firing is visible.
    error               VARCHAR(2048)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_schedule_firing (schedule_id, scheduled_time),
    KEY i_backup_schedule_firing_backup (backup_id),
    CONSTRAINT fk_backup_schedule_firing_schedule FOREIGN KEY (schedule_id) REFERENCES backup_schedule (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One full backup and the incrementals on it (ChainKey: a schedule's chain, or the manual one).
CREATE TABLE backup_chain (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    vm_id               BIGINT UNSIGNED NOT NULL,
    -- NULL for the chain of manual backups.
    schedule_id         BIGINT UNSIGNED NULL,
    state               ENUM('OPEN','CLOSED') NOT NULL DEFAULT 'OPEN',
    -- ChainEnd name (RESTORE, FINISHED, VALIDATION_FAILED, OFFERING_REMOVED) or FULL when it
    -- reached its size; NULL while open.
    end_reason          VARCHAR(32)     NULL,
    -- The disks the chain's full backup covered: JSON [{"volumeUuid":..,"virtualSizeBytes":..}],
    -- and its fingerprint, compared with vm_instance.disk_set_fingerprint.
    disk_set            JSON            NOT NULL,
    disk_set_fingerprint CHAR(64)       NOT NULL,
    length              INT UNSIGNED    NOT NULL DEFAULT 0,
    created             DATETIME(3)     NOT NULL,
    closed              DATETIME(3)     NULL,
    -- At most one open chain per (VM, key): 0 stands for the manual key. NULL once closed.
    open_key            BIGINT UNSIGNED AS (IF(state = 'OPEN', IFNULL(schedule_id, 0), NULL)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_chain_uuid (uuid),
    UNIQUE KEY uk_backup_chain_vm_open_key (vm_id, open_key),
    KEY i_backup_chain_schedule (schedule_id),
    CONSTRAINT fk_backup_chain_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id),
    CONSTRAINT fk_backup_chain_schedule FOREIGN KEY (schedule_id) REFERENCES backup_schedule (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE backup (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    vm_id               BIGINT UNSIGNED NOT NULL,
    account_id          BIGINT UNSIGNED NOT NULL,
    domain_id           BIGINT UNSIGNED NOT NULL,
    zone_id             BIGINT UNSIGNED NOT NULL,
    backup_offering_id  BIGINT UNSIGNED NOT NULL,
    -- The schedule that fired it, NULL for manual backups; retention counts per schedule.
    schedule_id         BIGINT UNSIGNED NULL,
    -- NULL for an isolated backup: full, in no chain, never a parent.
    chain_id            BIGINT UNSIGNED NULL,
    parent_id           BIGINT UNSIGNED NULL,
    -- 0 for the chain's full backup, then 1, 2, ...; NULL when isolated.
    position            INT UNSIGNED    NULL,
    type                ENUM('FULL','INCREMENTAL') NOT NULL,
    isolated            TINYINT(1)      NOT NULL DEFAULT 0,
    -- BackupStatus api names: Allocated, Queued, BackingUp, BackedUp, Error, Failed, Restoring,
    -- Removed, Expunged.
    status              VARCHAR(32)     NOT NULL,
    compression_status  VARCHAR(32)     NOT NULL DEFAULT 'Uncompressed',
    validation_status   VARCHAR(32)     NOT NULL DEFAULT 'NotValidated',
    size                BIGINT UNSIGNED NULL,
    virtual_size        BIGINT UNSIGNED NULL,
    image_store_id      BIGINT UNSIGNED NULL,
    -- The host whose agent runs (ran) the backup; the per-host limit counts on it.
    host_id             BIGINT UNSIGNED NULL,
    quiesced            TINYINT(1)      NOT NULL DEFAULT 0,
    -- The guest's filesystems were frozen this long (fsfreeze to thaw), when quiesced.
    frozen_ms           BIGINT UNSIGNED NULL,
    progress_bytes_done BIGINT UNSIGNED NULL,
    progress_bytes_total BIGINT UNSIGNED NULL,
    -- The libvirt checkpoint this backup created, and its XML for redefining it (--redefine).
    checkpoint_name     VARCHAR(255)    NULL,
    checkpoint_xml      MEDIUMTEXT      NULL,
    async_job_id        BIGINT UNSIGNED NULL,
    agent_job_id        VARCHAR(64)     NULL,
    error               VARCHAR(4096)   NULL,
    -- When the backup was taken (CloudStack's `date`); NULL until it is.
    date                DATETIME(3)     NULL,
    created             DATETIME(3)     NOT NULL,
    updated             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_uuid (uuid),
    UNIQUE KEY uk_backup_chain_position (chain_id, position),
    KEY i_backup_vm_status (vm_id, status),
    KEY i_backup_account_created (account_id, created),
    KEY i_backup_zone (zone_id),
    -- The concurrency limits count running backups cloud-wide and per host; the queue is by age.
    KEY i_backup_status_host (status, host_id),
    KEY i_backup_status_created (status, created),
    KEY i_backup_parent (parent_id),
    KEY i_backup_schedule_created (schedule_id, created),
    KEY i_backup_offering (backup_offering_id),
    KEY i_backup_compression_status (compression_status),
    KEY i_backup_validation_status (validation_status),
    KEY i_backup_async_job (async_job_id),
    CONSTRAINT fk_backup_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id),
    CONSTRAINT fk_backup_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_backup_domain FOREIGN KEY (domain_id) REFERENCES domain (id),
    CONSTRAINT fk_backup_zone FOREIGN KEY (zone_id) REFERENCES zone (id),
    CONSTRAINT fk_backup_offering FOREIGN KEY (backup_offering_id) REFERENCES backup_offering (id),
    CONSTRAINT fk_backup_schedule FOREIGN KEY (schedule_id) REFERENCES backup_schedule (id),
    CONSTRAINT fk_backup_chain FOREIGN KEY (chain_id) REFERENCES backup_chain (id),
    CONSTRAINT fk_backup_parent FOREIGN KEY (parent_id) REFERENCES backup (id),
    CONSTRAINT fk_backup_image_store FOREIGN KEY (image_store_id) REFERENCES image_store (id),
    CONSTRAINT fk_backup_host FOREIGN KEY (host_id) REFERENCES host (id),
    CONSTRAINT ck_backup_isolated_unchained CHECK (isolated = 0 OR (chain_id IS NULL AND parent_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The file of one volume in one backup. Paths are relative to the image store's root
-- (backups/<accountId>/<volumeId>/<backupUuid>.qcow2); the backing path is relative to the file.
CREATE TABLE backup_volume (
    id                      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    backup_id               BIGINT UNSIGNED NOT NULL,
    volume_id               BIGINT UNSIGNED NOT NULL,
    device                  VARCHAR(32)     NOT NULL,
    relative_path           VARCHAR(1024)   NOT NULL,
    backing_relative_path   VARCHAR(1024)   NULL,
    size                    BIGINT UNSIGNED NULL,
    virtual_size            BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_volume (backup_id, volume_id),
    KEY i_backup_volume_volume (volume_id),
    CONSTRAINT fk_backup_volume_backup FOREIGN KEY (backup_id) REFERENCES backup (id) ON DELETE CASCADE,
    CONSTRAINT fk_backup_volume_volume FOREIGN KEY (volume_id) REFERENCES volume (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE backup_schedule_firing
    ADD CONSTRAINT fk_backup_schedule_firing_backup FOREIGN KEY (backup_id) REFERENCES backup (id);
