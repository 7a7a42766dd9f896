package io.kboss.server.operation.engine;

import io.kboss.server.operation.domain.Names;
import org.springframework.jdbc.core.JdbcTemplate;

/** Names of hosts, zones and VMs as users know them, for the reasons an operation waits. */
final class DatabaseNames implements Names {
    private final JdbcTemplate jdbc;

    DatabaseNames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String host(long hostId) {
        return name("SELECT name FROM host WHERE id = ?", hostId, "(no host)");
    }

    @Override
    public String zone(long zoneId) {
        return name("SELECT name FROM zone WHERE id = ?", zoneId, "(no zone)");
    }

    @Override
    public String vm(long vmId) {
        return name("SELECT CONCAT(name, ' (', uuid, ')') FROM vm_instance WHERE id = ?", vmId, "(no VM)");
    }

    private String name(String sql, long id, String none) {
        return jdbc.queryForList(sql, String.class, id).stream().findFirst().orElse(none);
    }
}
