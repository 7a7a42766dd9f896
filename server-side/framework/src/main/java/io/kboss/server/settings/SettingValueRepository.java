package io.kboss.server.settings;

import io.kboss.server.settings.domain.ScopeChain.ScopedKey;
import io.kboss.server.settings.domain.SettingScope;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stored setting values in {@code configuration_value}; only values that were set have rows. */
@Repository
public class SettingValueRepository {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SettingValueRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The values stored for one name at the given places, keyed by place. */
    public Map<ScopedKey, String> find(String name, List<ScopedKey> places) {
        StringBuilder sql = new StringBuilder(
                "SELECT scope, scope_id, value FROM configuration_value WHERE name = ? AND (");
        Object[] args = new Object[1 + places.size() * 2];
        args[0] = name;
        for (int i = 0; i < places.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(scope = ? AND scope_id = ?)");
            args[1 + i * 2] = places.get(i).scope().name();
            args[2 + i * 2] = places.get(i).id();
        }
        sql.append(')');
        Map<ScopedKey, String> out = new HashMap<>();
        jdbc.query(sql.toString(), rs -> {
            out.put(new ScopedKey(SettingScope.valueOf(rs.getString(1)), rs.getLong(2)), rs.getString(3));
        }, args);
        return out;
    }

    /** Every stored value at the given places, by setting name then place: one query for a whole listing. */
    public Map<String, Map<ScopedKey, String>> findAll(List<ScopedKey> places) {
        StringBuilder sql = new StringBuilder("SELECT name, scope, scope_id, value FROM configuration_value WHERE ");
        Object[] args = new Object[places.size() * 2];
        for (int i = 0; i < places.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(scope = ? AND scope_id = ?)");
            args[i * 2] = places.get(i).scope().name();
            args[i * 2 + 1] = places.get(i).id();
        }
        Map<String, Map<ScopedKey, String>> out = new HashMap<>();
        jdbc.query(sql.toString(), rs -> {
            out.computeIfAbsent(rs.getString(1), n -> new HashMap<>())
                    .put(new ScopedKey(SettingScope.valueOf(rs.getString(2)), rs.getLong(3)), rs.getString(4));
        }, args);
        return out;
    }

    /** Every stored value of the given names, at any place, by name then place. */
    public Map<String, Map<ScopedKey, String>> findByNames(List<String> names) {
        Map<String, Map<ScopedKey, String>> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT name, scope, scope_id, value FROM configuration_value WHERE name IN ("
                + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")", rs -> {
                    out.computeIfAbsent(rs.getString(1), n -> new HashMap<>())
                            .put(new ScopedKey(SettingScope.valueOf(rs.getString(2)), rs.getLong(3)), rs.getString(4));
                }, names.toArray());
        return out;
    }

    public void put(String name, ScopedKey place, String value) {
        jdbc.update("INSERT INTO configuration_value (name, scope, scope_id, value, updated) VALUES (?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE value = VALUES(value), updated = VALUES(updated)",
                name, place.scope().name(), place.id(), value, Timestamp.from(clock.instant()));
    }

    public boolean delete(String name, ScopedKey place) {
        return jdbc.update("DELETE FROM configuration_value WHERE name = ? AND scope = ? AND scope_id = ?",
                name, place.scope().name(), place.id()) > 0;
    }
}
