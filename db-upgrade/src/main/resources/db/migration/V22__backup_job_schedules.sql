-- Schedules of backup jobs (issue 13 item 1): a job fires runs by CloudStack's interval types, as a
-- VM's backup schedule does. Written and read by io.kboss.plugin.backup.kboss.backupjob.

-- The job's schedule: all three set, or none (no schedule). next_fire is the next firing the
-- management servers' scheduler rounds look for; NULL without a schedule or once the job is deleted.
ALTER TABLE backup_job
    ADD COLUMN interval_type VARCHAR(16)  NULL AFTER execution,
    ADD COLUMN schedule      VARCHAR(16)  NULL AFTER interval_type,
    ADD COLUMN timezone      VARCHAR(64)  NULL AFTER schedule,
    ADD COLUMN next_fire     DATETIME(3)  NULL AFTER timezone,
    ADD KEY i_backup_job_next_fire (next_fire);

-- One row per firing of a job's schedule, claimed by exactly one management server: the unique key
-- (job_id, scheduled_time) makes the others' inserts fail as duplicates. A firing either started a run
-- (run_id) or was skipped, with why (a run of the job was still in progress, no VMs were left...).
CREATE TABLE backup_job_firing (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    job_id         BIGINT UNSIGNED NOT NULL,
    scheduled_time DATETIME(3)     NOT NULL,
    mshost_id      BIGINT UNSIGNED NOT NULL,
    claimed        DATETIME(3)     NOT NULL,
    run_id         BIGINT UNSIGNED NULL,
    skipped        VARCHAR(4096)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_job_firing (job_id, scheduled_time),
    CONSTRAINT fk_backup_job_firing_job FOREIGN KEY (job_id) REFERENCES backup_job (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
