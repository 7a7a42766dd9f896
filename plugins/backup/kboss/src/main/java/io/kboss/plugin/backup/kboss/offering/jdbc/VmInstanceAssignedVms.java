package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.offering.domain.AssignedVms;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counts the live VMs whose {@code vm_instance.backup_offering_id} is the offering, CloudStack's
 * own layout for the VM ↔ offering assignment. Until a schema version creates that column (the
 * VM backup lifecycle does), no VM can be assigned, and the count is 0 — read from the catalog,
 * not assumed, so the check starts working the moment the column exists.
 */
public class VmInstanceAssignedVms implements AssignedVms {
    private final JdbcTemplate jdbc;

    public VmInstanceAssignedVms(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long countAssignedTo(long offeringId) {
        if (!assignmentColumnExists()) {
            return 0;
        }
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM vm_instance WHERE backup_offering_id = ?"
                + (removedColumnExists() ? " AND removed IS NULL" : ""), Long.class, offeringId);
        return n == null ? 0 : n;
    }

    private boolean assignmentColumnExists() {
        return columnExists("backup_offering_id");
    }

    private boolean removedColumnExists() {
        return columnExists("removed");
    }

    private boolean columnExists(String column) {
        Integer n = jdbc
                .queryForObject("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                        + " AND table_name = 'vm_instance' AND column_name = ?", Integer.class, column);
        return n != null && n > 0;
    }
}
