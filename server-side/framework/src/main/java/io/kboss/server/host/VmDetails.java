package io.kboss.server.host;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/** The VMs' details ({@code vm_instance_details}): CloudStack's VM settings, name/value pairs per VM. */
@Component
public class VmDetails {
    private final JdbcTemplate jdbc;

    public VmDetails(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The details of each VM that has any, sorted by name. */
    public Map<Long, Map<String, String>> of(Collection<Long> vmIds) {
        Map<Long, Map<String, String>> out = new HashMap<>();
        if (vmIds.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT vm_id, name, value FROM vm_instance_details WHERE vm_id IN (" + String.join(", ",
                java.util.Collections.nCopies(vmIds.size(), "?")) + ")",
                (RowCallbackHandler) rs -> out
                        .computeIfAbsent(rs.getLong(1), id -> new TreeMap<>()).put(rs.getString(2), rs.getString(3)),
                vmIds.toArray());
        return out;
    }

    public Map<String, String> of(long vmId) {
        return of(List.of(vmId)).getOrDefault(vmId, new TreeMap<>());
    }

    /** The VM's details become {@code details}, in the caller's transaction. */
    public void replace(long vmId, Map<String, String> details) {
        jdbc.update("DELETE FROM vm_instance_details WHERE vm_id = ?", vmId);
        details.forEach((name, value) -> jdbc.update("INSERT INTO vm_instance_details (vm_id, name, value) VALUES"
                + " (?, ?, ?)", vmId, name, value));
    }
}
