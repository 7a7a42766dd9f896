-- V13: cancelling queued and running operations (cancelBackupOperation), and restoring a backup as a
-- new VM (createVMFromBackup).
--
-- A queued operation is cancelled at once (state CANCELLED, never claimed). A running one may run on
-- another management server: the cancel is a request written on its row, which the server that follows
-- the agent job reads at its next poll; it then sends cancel-job to the agent and ends the operation
-- CANCELLED once the agent job has ended. Who asked (the account's name) goes into the job's error.
ALTER TABLE operation
    ADD COLUMN cancel_requested_by VARCHAR(255) NULL,
    ADD COLUMN cancel_requested    DATETIME(3)  NULL;

-- The VM's libvirt definition when the backup was taken (the agent's BackupResult.domainXml), so a
-- backup can be restored as a new VM with the original's CPUs, memory, devices and NICs even when the
-- original VM's domain no longer exists. NULL for backups taken before V13 (or by agents that do not
-- report it): a new VM is then built from the original still defined on the host, or from a plain
-- definition.
ALTER TABLE backup
    ADD COLUMN domain_xml MEDIUMTEXT NULL;
