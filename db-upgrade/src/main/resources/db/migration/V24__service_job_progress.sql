-- V24: what listBackupServiceJobs shows of running compressions and validations, and cancelled
-- compressions.
--
-- A running operation's progress as its handler last reported it from the agent job: units done of
-- units in all (bytes for a compression, steps for a validation) and what it does now ("compressing
-- vda.qcow2", "running the validation command"). Written when the handler reports a change, cleared
-- when an attempt ends, so a job waiting for its retry shows none.
ALTER TABLE operation
    ADD COLUMN progress_done  BIGINT       NULL,
    ADD COLUMN progress_total BIGINT       NULL,
    ADD COLUMN progress_phase VARCHAR(255) NULL;

-- When an operator cancelled the backup's compression (cancelBackupOperation): the backup stays
-- Uncompressed with the reason, nothing queues it again by itself, and its validation no longer waits
-- for it. Cleared when a compression of it is queued again.
ALTER TABLE backup
    ADD COLUMN compression_cancelled DATETIME(3) NULL;
