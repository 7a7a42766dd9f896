package io.kboss.server.operation;

import java.util.Objects;

/**
 * An operation to queue. Build it with {@link #of} and the setters that apply:
 *
 * <pre>
 * queue.enqueue(NewOperation.of(BackupOperations.BACKUP, Origin.API).on(vmId, hostId, zoneId).backup(backupId));
 * </pre>
 */
public final class NewOperation {
    private final OperationKind kind;
    private final String origin;
    private Long vmId;
    private Long hostId;
    private Long zoneId;
    private Long backupId;
    private int priority;
    private Payload payload = Payload.EMPTY;
    private String uuid;

    private NewOperation(OperationKind kind, String origin) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    public static NewOperation of(OperationKind kind, String origin) {
        return new NewOperation(kind, origin);
    }

    /** The VM it works on (null when none), the host whose agent does the work, and the zone. */
    public NewOperation on(Long vmId, Long hostId, long zoneId) {
        this.vmId = vmId;
        this.hostId = hostId;
        this.zoneId = zoneId;
        return this;
    }

    public NewOperation backup(long backupId) {
        this.backupId = backupId;
        return this;
    }

    /** Higher is claimed first; 0 by default. */
    public NewOperation priority(int priority) {
        this.priority = priority;
        return this;
    }

    public NewOperation payload(Payload payload) {
        this.payload = Objects.requireNonNull(payload, "payload");
        return this;
    }

    /** The operation's uuid (and agent request id), when the caller must know it before queueing. */
    public NewOperation uuid(String uuid) {
        this.uuid = uuid;
        return this;
    }

    public OperationKind kind() {
        return kind;
    }

    public String origin() {
        return origin;
    }

    public Long vmId() {
        return vmId;
    }

    public Long hostId() {
        return hostId;
    }

    public long zoneId() {
        if (zoneId == null) {
            throw new IllegalStateException("a " + kind.noun() + " operation needs a zone: call on(vm, host, zone)");
        }
        return zoneId;
    }

    public Long backupId() {
        return backupId;
    }

    public int priority() {
        return priority;
    }

    public Payload payload() {
        return payload;
    }

    public String uuid() {
        return uuid;
    }
}
