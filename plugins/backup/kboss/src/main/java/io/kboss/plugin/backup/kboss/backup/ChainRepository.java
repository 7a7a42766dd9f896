package io.kboss.plugin.backup.kboss.backup;

import io.kboss.server.backup.DiskRef;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainDisk;
import io.kboss.plugin.backup.kboss.domain.chain.ChainEnd;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.chain.VmChains;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Reads a VM's chains into the chain domain ({@link VmChains}) and writes what the chain policy
 * decided. Callers hold the VM's row lock, so a VM's chains change one transaction at a time.
 */
public class ChainRepository {
    private static final Gson GSON = new Gson();

    private final JdbcTemplate jdbc;

    public ChainRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A chain row: its database id and the domain's view of it. */
    public record StoredChain(long id, BackupChain chain) {
    }

    private record ChainRow(long id, ChainKey key, String state, String endReason, String diskSet) {
    }

    /** The newest chain of each key of the VM, with the chain rows' ids. */
    public Map<ChainKey, StoredChain> latest(long vmId) {
        List<ChainRow> rows = jdbc
                .query("SELECT c.id, c.schedule_id, c.state, c.end_reason, c.disk_set, c.backup_job_id"
                        + " FROM backup_chain c WHERE c.vm_id = ? AND c.id = (SELECT MAX(c2.id) FROM backup_chain c2"
                        + " WHERE c2.vm_id = c.vm_id AND c2.schedule_id <=> c.schedule_id"
                        + " AND c2.backup_job_id <=> c.backup_job_id)", (rs, i) -> {
                            long schedule = rs.getLong(2);
                            Long scheduleId = rs.wasNull() ? null : schedule;
                            long job = rs.getLong(6);
                            Long jobId = rs.wasNull() ? null : job;
                            return new ChainRow(rs.getLong(1), ChainKey.of(scheduleId, jobId), rs.getString(3),
                                    rs.getString(4), rs.getString(5));
                        }, vmId);
        Map<ChainKey, StoredChain> out = new HashMap<>();
        for (ChainRow r : rows) {
            ChainKey key = r.key();
            List<ChainLink> links = jdbc.query(
                    "SELECT id, status, checkpoint_name, created FROM backup WHERE chain_id = ?"
                            + " ORDER BY position",
                    (rs, i) -> new ChainLink(rs.getLong(1),
                            BackupStatus.fromApiName(rs.getString(2)), rs.getString(3),
                            rs.getTimestamp(4).toInstant()),
                    r.id());
            if (links.isEmpty()) {
                continue; // a chain row is written with its full backup; an empty one cannot grow
            }
            Optional<ChainEnd> end = "CLOSED".equals(r.state())
                    ? Optional.of(chainEnd(r.endReason()))
                    : Optional.empty();
            out.put(key, new StoredChain(r.id(), new BackupChain(key, links, diskSet(r.diskSet()), end)));
        }
        return out;
    }

    public static VmChains asDomain(Map<ChainKey, StoredChain> stored) {
        return new VmChains(stored.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().chain())));
    }

    /** Starts a new chain for the key; the key's previous open chain is closed first (one open chain per key). */
    public long start(long vmId, ChainKey key, DiskSet disks, String closeReason, Instant now) {
        jdbc.update("UPDATE backup_chain SET state = 'CLOSED', end_reason = ?, closed = ? WHERE vm_id = ?"
                + " AND schedule_id <=> ? AND backup_job_id <=> ? AND state = 'OPEN'", closeReason,
                Timestamp.from(now), vmId, key.scheduleId(), key.jobId());
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO backup_chain (uuid, vm_id, schedule_id, backup_job_id, state,"
                    + " disk_set, disk_set_fingerprint, length, created) VALUES (?, ?, ?, ?, 'OPEN', ?, ?, 1, ?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, UUID.randomUUID().toString());
            ps.setLong(2, vmId);
            ps.setObject(3, key.scheduleId());
            ps.setObject(4, key.jobId());
            ps.setString(5, diskSetJson(disks));
            ps.setString(6, fingerprint(disks));
            ps.setTimestamp(7, Timestamp.from(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public void grow(long chainId) {
        jdbc.update("UPDATE backup_chain SET length = length + 1 WHERE id = ?", chainId);
    }

    /** Closes every open chain of the VM (finishBackupChain, removal from the offering, a restore). */
    public int closeAll(long vmId, ChainEnd reason, Instant now) {
        return jdbc.update("UPDATE backup_chain SET state = 'CLOSED', end_reason = ?, closed = ? WHERE vm_id = ?"
                + " AND state = 'OPEN'", reason.name(), Timestamp.from(now), vmId);
    }

    /** Closes one chain, e.g. when the agent had to take a full where an increment was planned. */
    public void close(long chainId, String reason, Instant now) {
        jdbc.update("UPDATE backup_chain SET state = 'CLOSED', end_reason = ?, closed = ? WHERE id = ?"
                + " AND state = 'OPEN'", reason, Timestamp.from(now), chainId);
    }

    public static DiskSet diskSetOf(List<DiskRef> volumes) {
        return new DiskSet(volumes.stream().map(v -> new ChainDisk(v.uuid(), v.virtualSize()))
                .collect(Collectors.toSet()));
    }

    private static ChainEnd chainEnd(String reason) {
        // Chains closed because a new full replaced them (reached their size, disks changed, ...)
        // carry a FullReason name; they are never the newest chain of their key, so any ChainEnd
        // would do: FINISHED says "closed, start over".
        return Arrays.stream(ChainEnd.values()).filter(e -> e.name().equals(reason)).findFirst()
                .orElse(ChainEnd.FINISHED);
    }

    private static String diskSetJson(DiskSet disks) {
        JsonArray a = new JsonArray();
        disks.disks().stream().sorted(Comparator.comparing(ChainDisk::volumeUuid)).forEach(d -> {
            JsonObject o = new JsonObject();
            o.addProperty("volumeUuid", d.volumeUuid());
            o.addProperty("virtualSizeBytes", d.virtualSizeBytes());
            a.add(o);
        });
        return GSON.toJson(a);
    }

    private static DiskSet diskSet(String json) {
        JsonArray a = GSON.fromJson(json, JsonArray.class);
        java.util.Set<ChainDisk> disks = new java.util.HashSet<>();
        for (JsonElement e : a) {
            JsonObject o = e.getAsJsonObject();
            disks.add(new ChainDisk(o.get("volumeUuid").getAsString(), o.get("virtualSizeBytes").getAsLong()));
        }
        return new DiskSet(disks);
    }

    /** SHA-256 of the sorted "uuid:size" lines, the same value discovery writes to vm_instance.disk_set_fingerprint. */
    static String fingerprint(DiskSet disks) {
        String text = disks.disks().stream().map(d -> d.volumeUuid() + ":" + d.virtualSizeBytes() + "\n").sorted()
                .collect(Collectors.joining());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
