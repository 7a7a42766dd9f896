-- Resource limits as CloudStack keeps them (its resource_limit table): one row per owner (an
-- account or a domain) and resource type where an administrator set a limit with
-- updateResourceLimit; without a row the max.account.* / max.domain.* setting applies.
-- `max` is in the API's unit: a count, or GiB for backup_storage (as CloudStack's API gives it),
-- MiB for memory; -1 means unlimited. Usage is not stored: it is counted from the backup and
-- vm_instance rows under the owner's row lock (io.kboss.server.limits.ResourceLimits).
-- Written and read by io.kboss.server.limits.

CREATE TABLE resource_limit (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    owner_type  ENUM('Account','Domain') NOT NULL,
    -- account.id or domain.id, as owner_type says.
    owner_id    BIGINT UNSIGNED NOT NULL,
    -- CloudStack's resource type name: backup, backup_storage, user_vm, cpu, memory.
    type        VARCHAR(32)     NOT NULL,
    max         BIGINT          NOT NULL,
    updated     DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_resource_limit_owner_type (owner_type, owner_id, type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A VM's size as the host's discovery reports it (libvirt's vCPUs and current memory), counted by the
-- cpu and memory limits while it runs; NULL until discovery has reported it.
ALTER TABLE vm_instance
    ADD COLUMN cpus         INT UNSIGNED    NULL AFTER power_state_updated,
    ADD COLUMN memory_bytes BIGINT UNSIGNED NULL AFTER cpus;
