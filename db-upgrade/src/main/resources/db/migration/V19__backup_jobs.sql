-- Backup jobs (issue 13 item 1): a named, ordered set of VMs backed up with one policy, and its runs.
-- Written and read by io.kboss.plugin.backup.kboss.backupjob. Each VM's backup in a run is an
-- ordinary BACKUP operation; the run's per-VM state follows those operations' ends.

CREATE TABLE backup_job (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid        CHAR(36)        NOT NULL,
    name        VARCHAR(255)    NOT NULL,
    -- The owner: the account that created it (users see and run only their account's jobs).
    account_id  BIGINT UNSIGNED NOT NULL,
    domain_id   BIGINT UNSIGNED NOT NULL,
    quiesce     TINYINT(1)      NOT NULL DEFAULT 0,
    isolated    TINYINT(1)      NOT NULL DEFAULT 0,
    -- Keep the newest this many of the job's backups per VM; NULL keeps all.
    keep_last   INT             NULL,
    -- 0-99; the priority of its VMs' BACKUP operations in the queue (above 50: administrators only).
    priority    INT             NOT NULL DEFAULT 0,
    -- SEQUENTIAL (one VM at a time, in order) or PARALLEL (as the queue's limits allow).
    execution   VARCHAR(16)     NOT NULL,
    created     DATETIME(3)     NOT NULL,
    updated     DATETIME(3)     NOT NULL,
    removed     DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_job_uuid (uuid),
    KEY i_backup_job_account (account_id, removed)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The job's VMs in order. A VM deleted or taken out of its backup offering is dropped: the row stays
-- with when and why, so listBackupJobs shows it.
CREATE TABLE backup_job_vm (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    job_id      BIGINT UNSIGNED NOT NULL,
    vm_id       BIGINT UNSIGNED NOT NULL,
    position    INT             NOT NULL,
    dropped     DATETIME(3)     NULL,
    drop_reason VARCHAR(1024)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_job_vm (job_id, vm_id),
    KEY i_backup_job_vm_vm (vm_id),
    CONSTRAINT fk_backup_job_vm_job FOREIGN KEY (job_id) REFERENCES backup_job (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One run of a job (runBackupJob, later retryBackupJob on the same run). state: RUNNING, FINISHED or
-- CANCELLED. At most one RUNNING run per job (live_job is the job's id while RUNNING, NULL after).
CREATE TABLE backup_job_run (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid        CHAR(36)        NOT NULL,
    job_id      BIGINT UNSIGNED NOT NULL,
    state       VARCHAR(16)     NOT NULL,
    live_job    BIGINT UNSIGNED AS (IF(state = 'RUNNING', job_id, NULL)) STORED,
    started     DATETIME(3)     NOT NULL,
    ended       DATETIME(3)     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_job_run_uuid (uuid),
    UNIQUE KEY uk_backup_job_run_live (live_job),
    KEY i_backup_job_run_job (job_id, id),
    CONSTRAINT fk_backup_job_run_job FOREIGN KEY (job_id) REFERENCES backup_job (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each VM of a run: OUTDATED (not backed up in this run yet), ONGOING (its backup is queued or
-- running), UPDATED (backed up) or ERROR (its backup failed or could not be asked for).
CREATE TABLE backup_job_run_vm (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    run_id      BIGINT UNSIGNED NOT NULL,
    vm_id       BIGINT UNSIGNED NOT NULL,
    position    INT             NOT NULL,
    state       VARCHAR(16)     NOT NULL,
    -- The backup of the VM's current attempt in this run; NULL while OUTDATED or refused.
    backup_id   BIGINT UNSIGNED NULL,
    error       VARCHAR(4096)   NULL,
    updated     DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_job_run_vm (run_id, vm_id),
    KEY i_backup_job_run_vm_backup (backup_id),
    CONSTRAINT fk_backup_job_run_vm_run FOREIGN KEY (run_id) REFERENCES backup_job_run (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A job's backups grow a chain of their own per VM (as a schedule's do), so keep-last-N prunes only
-- them; backup.backup_job_id names the job that took a backup.
ALTER TABLE backup
    ADD COLUMN backup_job_id BIGINT UNSIGNED NULL AFTER schedule_id,
    ADD KEY i_backup_backup_job (backup_job_id, vm_id);

-- One open chain per (VM, schedule or manual) as before, and per (VM, job) for the jobs' chains.
-- (The VM's foreign key needs an index on vm_id first: a plain one takes over from the unique key.)
ALTER TABLE backup_chain
    ADD KEY i_backup_chain_vm (vm_id);
ALTER TABLE backup_chain
    DROP KEY uk_backup_chain_vm_open_key;
ALTER TABLE backup_chain
    DROP COLUMN open_key;
ALTER TABLE backup_chain
    ADD COLUMN backup_job_id BIGINT UNSIGNED NULL AFTER schedule_id,
    ADD COLUMN open_key BIGINT UNSIGNED
        AS (IF(state = 'OPEN' AND backup_job_id IS NULL, IFNULL(schedule_id, 0), NULL)) STORED,
    ADD COLUMN job_open_key BIGINT UNSIGNED AS (IF(state = 'OPEN', backup_job_id, NULL)) STORED,
    ADD UNIQUE KEY uk_backup_chain_vm_open_key (vm_id, open_key),
    ADD UNIQUE KEY uk_backup_chain_vm_job_open_key (vm_id, job_open_key);
