-- V8: one queue for every unit of long-running backup work (io.kboss.server.operation).
--
-- A row is one operation: a backup, a restore, a volume restore, a delete (deleteBackup, retention,
-- the sweep of Removed backups), and later compression and validation. It is QUEUED until a
-- management server claims it under the limits of its kind's group (state RUNNING, picked_by, a
-- heartbeat), then ends SUCCEEDED, FAILED or CANCELLED and stays as history. Its uuid is the agent
-- request id of its work, so any server can find the agent's job of an operation whose server died.
-- The API async job of an operation points at it (async_job.operation_id) and gets its real result
-- in the transaction that ends it.
--
-- V6 backup_restore, V7 backup_delete, the V4 admission lock row and vm_instance.busy_* are folded
-- into this table: their live rows are migrated below, then they are dropped.
CREATE TABLE operation (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid            CHAR(36)        NOT NULL,
    -- BACKUP, RESTORE, VOLUME_RESTORE, DELETE; plugins add kinds (OperationKind).
    kind            VARCHAR(32)     NOT NULL,
    -- Who asked: API, SCHEDULE, RETENTION, SWEEP (MIGRATED for rows V8 carried over).
    origin          VARCHAR(32)     NOT NULL,
    -- The limits it is admitted under (LimitGroup); its lock row is in operation_limit_group.
    limit_group     VARCHAR(32)     NOT NULL,
    -- What one live operation of the kind holds alone: VM, BACKUP or NONE.
    exclusive_scope VARCHAR(8)      NOT NULL,
    vm_id           BIGINT UNSIGNED NULL,
    host_id         BIGINT UNSIGNED NULL,
    zone_id         BIGINT UNSIGNED NOT NULL,
    -- The backup it works on (taken, restored from, deleted), by the provider's row id; NULL when it
    -- has none. No foreign key: backups are the provider's tables, which the framework does not name.
    backup_id       BIGINT UNSIGNED NULL,
    state           VARCHAR(16)     NOT NULL,
    -- Higher is claimed first, then older.
    priority        INT             NOT NULL DEFAULT 0,
    attempts        INT UNSIGNED    NOT NULL DEFAULT 0,
    -- Not claimed before this time (a retry waits its interval).
    next_attempt    DATETIME(3)     NOT NULL,
    -- mshost.id of the server running it, and when that server last said it still does.
    picked_by       BIGINT UNSIGNED NULL,
    heartbeat       DATETIME(3)     NULL,
    -- Bumped by every claim, adoption and end: the conditional UPDATEs compare it.
    version         BIGINT UNSIGNED NOT NULL DEFAULT 0,
    agent_job_id    VARCHAR(64)     NULL,
    -- Kind-specific fields (quick restore, the volume and file of a volume restore, ...).
    payload         JSON            NULL,
    -- The async job result it ended with (jobresult), kept as history.
    result          JSON            NULL,
    enqueued        DATETIME(3)     NOT NULL,
    started         DATETIME(3)     NULL,
    ended           DATETIME(3)     NULL,
    error           VARCHAR(4096)   NULL,
    -- One live (QUEUED or RUNNING) VM-exclusive operation per VM: a second insert is a duplicate key,
    -- which the API answers as "the VM is busy". NULL otherwise (NULLs never collide).
    vm_lock         BIGINT UNSIGNED AS (IF(state IN ('QUEUED', 'RUNNING') AND exclusive_scope = 'VM', vm_id,
                                           NULL)) STORED,
    -- The same per backup, for kinds that hold one backup rather than its VM.
    backup_lock     BIGINT UNSIGNED AS (IF(state IN ('QUEUED', 'RUNNING') AND exclusive_scope = 'BACKUP',
                                           backup_id, NULL)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY uk_operation_uuid (uuid),
    UNIQUE KEY uk_operation_vm_lock (vm_lock),
    UNIQUE KEY uk_operation_backup_lock (backup_lock),
    -- The claim reads a group's queue in claim order and stops at the first admissible rows.
    KEY i_operation_queue (state, limit_group, priority DESC, enqueued, id),
    -- What runs, counted per host and zone under the group's lock.
    KEY i_operation_running (state, limit_group, host_id, zone_id),
    KEY i_operation_expiry (state, kind, zone_id, next_attempt),
    KEY i_operation_picked (picked_by, state),
    KEY i_operation_heartbeat (state, heartbeat),
    KEY i_operation_backup (backup_id, state),
    KEY i_operation_vm (vm_id, enqueued),
    CONSTRAINT fk_operation_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id),
    CONSTRAINT fk_operation_host FOREIGN KEY (host_id) REFERENCES host (id),
    CONSTRAINT fk_operation_zone FOREIGN KEY (zone_id) REFERENCES zone (id),
    CONSTRAINT ck_operation_state CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    CONSTRAINT ck_operation_exclusive CHECK (exclusive_scope IN ('VM', 'BACKUP', 'NONE'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per limit group, locked FOR UPDATE by the transaction that claims the group's operations,
-- for the milliseconds of the claim only: it counts what runs, lets admission decide and marks the
-- admitted rows RUNNING, so two servers claiming at once never exceed a limit together. The
-- framework inserts the row of every group it knows at start-up.
CREATE TABLE operation_limit_group (
    name            VARCHAR(32)     NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO operation_limit_group (name) VALUES ('backup');

-- The async job that shows an operation to its API caller.
ALTER TABLE async_job
    ADD COLUMN operation_id BIGINT UNSIGNED NULL,
    ADD KEY i_async_job_operation (operation_id),
    ADD CONSTRAINT fk_async_job_operation FOREIGN KEY (operation_id) REFERENCES operation (id);

-- Live work carried over. Its uuid is the request id the agent already knows it by: a backup's own
-- uuid (TakeBackupCommand used it), a restore's or delete's request_id. RUNNING rows have no
-- server and no heartbeat: the first server to start adopts them and follows their agent jobs.
INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id, backup_id, state,
                       attempts, next_attempt, version, agent_job_id, enqueued, started)
SELECT b.uuid, 'BACKUP', IF(b.schedule_id IS NULL, 'API', 'SCHEDULE'), 'backup', 'VM', b.vm_id, b.host_id,
       b.zone_id, b.id, IF(b.status = 'Queued', 'QUEUED', 'RUNNING'), IF(b.status = 'Queued', 0, 1), b.created, 0,
       b.agent_job_id, b.created, IF(b.status = 'Queued', NULL, b.updated)
FROM backup b WHERE b.status IN ('Queued', 'BackingUp');

INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id, backup_id, state,
                       attempts, next_attempt, version, payload, enqueued, started)
SELECT r.request_id, IF(r.volume_id IS NULL, 'RESTORE', 'VOLUME_RESTORE'), 'API', 'backup', 'VM', r.vm_id,
       r.host_id, b.zone_id, r.backup_id, IF(r.state = 'Queued', 'QUEUED', 'RUNNING'),
       IF(r.state = 'Queued', 0, 1), r.created, 0,
       IF(r.volume_id IS NULL, JSON_OBJECT('quick', r.quick = 1),
          JSON_OBJECT('volumeId', r.volume_id, 'destinationPath', r.destination_path,
                      'newVolumeUuid', r.new_volume_uuid)),
       r.created, r.started
FROM backup_restore r JOIN backup b ON b.id = r.backup_id;

INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id, state,
                       attempts, next_attempt, version, enqueued, started)
SELECT d.request_id, 'DELETE', 'MIGRATED', 'backup', 'VM', d.vm_id, d.host_id, v.zone_id,
       IF(d.state = 'Queued', 'QUEUED', 'RUNNING'), IF(d.state = 'Queued', 0, 1), d.created, 0, d.created, d.started
FROM backup_delete d JOIN vm_instance v ON v.id = d.vm_id;

-- Pending API jobs of carried-over backups and restores become views of their operations, so they
-- answer the real outcome instead of being failed for an expired lease.
UPDATE async_job j JOIN operation o ON o.kind = 'BACKUP' AND o.uuid = j.instance_uuid
SET j.operation_id = o.id
WHERE j.status = 0 AND j.command = 'createBackup';

UPDATE async_job j JOIN backup b ON b.uuid = j.instance_uuid
    JOIN operation o ON o.backup_id = b.id AND o.kind IN ('RESTORE', 'VOLUME_RESTORE')
        AND o.state IN ('QUEUED', 'RUNNING')
SET j.operation_id = o.id
WHERE j.status = 0 AND j.command IN ('restoreBackup', 'restoreVolumeFromBackupAndAttachToVM')
    AND j.created >= o.enqueued;

DROP TABLE backup_restore;
DROP TABLE backup_delete;
DROP TABLE backup_admission_lock;

ALTER TABLE vm_instance
    DROP KEY i_vm_instance_busy_job,
    DROP COLUMN busy_operation,
    DROP COLUMN busy_job_id,
    DROP COLUMN busy_since;
