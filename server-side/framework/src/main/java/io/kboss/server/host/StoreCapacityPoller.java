package io.kboss.server.host;

import io.kboss.agent.contract.GetStoreCapacityCommand;
import io.kboss.agent.contract.StoreCapacityAnswer;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.ImageStoreRef;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Measures every live image store's capacity and free space through an Up host of its zone (the agent's
 * get-store-capacity: statfs of the folder or the mounted export), so backups go to the store with the
 * most room and listImageStores shows disksizetotal and disksizeused. Runs with each VM discovery round
 * of the {@link HostMonitor}; a store no host could measure keeps its last figures, and why (no Up host in
 * its zone, or the agent's error) is stored with the time: listImageStores then shows it
 * {@code capacitystale} with {@code capacityerror}, until a measurement succeeds. The store's used_bytes at the moment is kept with the figures: until the next round, free
 * space is estimated as the measured free less what backups wrote since.
 */
@Component
public class StoreCapacityPoller {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCapacityPoller.class);

    private final JdbcTemplate jdbc;
    private final AgentChannels agents;
    private final Clock clock;

    public StoreCapacityPoller(JdbcTemplate jdbc, AgentChannels agents, Clock clock) {
        this.jdbc = jdbc;
        this.agents = agents;
        this.clock = clock;
    }

    private record Target(ImageStoreRef store, String name, long hostId, String hostName) {
    }

    /** Measures every live store of a zone with an Up host; returns how many were measured. */
    public int refreshAll() {
        return refreshStores(null);
    }

    /** Measures the live stores of one zone (reconnectHost: the operator wants fresh figures now). */
    public int refreshZone(long zoneId) {
        return refreshStores(zoneId);
    }

    private int refreshStores(Long zoneId) {
        // One Up host per store, the lowest id: the same agent measures the store each round.
        List<Target> targets = jdbc.query("SELECT s.id, s.uuid, s.protocol, s.url, s.path, s.name, h.id, h.name"
                + " FROM image_store s JOIN host h ON h.id = (SELECT MIN(x.id) FROM host x WHERE x.zone_id = s.zone_id"
                + " AND x.removed IS NULL AND x.status = 'Up') WHERE s.removed IS NULL AND (? IS NULL OR s.zone_id = ?)"
                + " ORDER BY s.id",
                (rs, i) -> new Target(new ImageStoreRef(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)), rs.getString(6), rs.getLong(7), rs.getString(8)),
                zoneId, zoneId);
        markUnmeasurable(zoneId);
        int measured = 0;
        for (Target t : targets) {
            if (refresh(t)) {
                measured++;
            }
        }
        return measured;
    }

    /** Stores whose zone has no Up host: nothing can measure them this round. */
    private void markUnmeasurable(Long zoneId) {
        jdbc.update("UPDATE image_store s JOIN zone z ON z.id = s.zone_id SET s.capacity_error = CONCAT('no host of"
                + " zone ', z.name, ' is Up to measure it'), s.capacity_failed = ? WHERE s.removed IS NULL"
                + " AND (? IS NULL OR s.zone_id = ?) AND NOT EXISTS (SELECT 1 FROM host x WHERE x.zone_id = s.zone_id"
                + " AND x.removed IS NULL AND x.status = 'Up')", Timestamp.from(clock.instant()), zoneId, zoneId);
    }

    private void failed(Target t, String why) {
        String text = "host " + t.hostName() + " could not measure it: " + why;
        jdbc.update("UPDATE image_store SET capacity_error = ?, capacity_failed = ? WHERE id = ?",
                text.length() > 1024 ? text.substring(0, 1024) : text, Timestamp.from(clock.instant()), t.store().id());
    }

    private boolean refresh(Target t) {
        GetStoreCapacityCommand c = new GetStoreCapacityCommand();
        c.store = t.store().agentRef();
        try {
            StoreCapacityAnswer a = agents.forHost(t.hostId()).execute(c);
            if (!a.success) {
                LOG.warn("Image store {} ({}) could not be measured by host {}: {} {}", t.name(), t.store().uuid(),
                        t.hostName(), a.errorCode, a.errorText);
                failed(t, a.errorText + " (" + a.errorCode + ")");
                return false;
            }
            jdbc.update("UPDATE image_store SET capacity_bytes = ?, free_bytes = ?,"
                    + " used_bytes_at_check = COALESCE(used_bytes, 0), capacity_checked = ?, capacity_error = NULL,"
                    + " capacity_failed = NULL WHERE id = ?",
                    a.capacityBytes, a.freeBytes, Timestamp.from(clock.instant()), t.store().id());
            return true;
        } catch (AgentCallException | RuntimeException e) {
            LOG.warn("Image store {} ({}) could not be measured by host {}: {}", t.name(), t.store().uuid(),
                    t.hostName(), e.getMessage());
            failed(t, String.valueOf(e.getMessage()));
            return false;
        }
    }
}
