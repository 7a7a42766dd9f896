package io.kboss.plugin.backup.kboss.servicejob;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.ZoneRef;
import io.kboss.server.operation.ListedOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationSearch;
import io.kboss.server.operation.OperationState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * listBackupServiceJobs: the compression and validation jobs, newest first, from the operation
 * queue, where they live as operations. Root admins only: the jobs of every account with {@code listall=true},
 * else those on the VMs of the root admin's own account (CloudStack's listall rule).
 * {@code executing} and {@code scheduled} narrow to running or waiting jobs (both true: either; false
 * leaves those out).
 */
public class ListBackupServiceJobsCommand extends FixedSpecCommand implements SyncCommand {
    private static final CommandSpec SPEC = ServiceJobResponse.describeFields(CommandSpec.named("listBackupServiceJobs")
            .description("Lists backup compression and validation jobs (queued, running and ended), newest "
                    + "first.")
            .roles(Role.ROOT_ONLY)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the job with this ID"))
            .param(ParamSpec.uuid("backupid").description("only the jobs of this backup"))
            .param(ParamSpec.uuid("hostid").description("only the jobs of this host"))
            .param(ParamSpec.uuid("zoneid").description("only the jobs of this zone"))
            .param(ParamSpec.string("type").allowedValues(ServiceJobType.apiNames())
                    .description("only jobs of this type"))
            .param(ParamSpec.bool("executing").description("true: only running jobs; false: no running jobs"))
            .param(ListAll.param("jobs"))
            .param(ParamSpec.bool("scheduled")
                    .description("true: only jobs waiting to run (a first time or for a retry); "
                            + "false: none of them")))
            .build();

    /** The state of a queued job whose last attempt failed and that runs again at its scheduleddate. */
    public static final String WAITING_FOR_RETRY = "WaitingForRetry";

    private final OperationQueue queue;
    private final BackupRepository backups;
    private final Directory directory;

    public ListBackupServiceJobsCommand(OperationQueue queue, BackupRepository backups, Directory directory) {
        super(SPEC);
        this.queue = queue;
        this.backups = backups;
        this.directory = directory;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID id = call.params().uuid("id");
        UUID backup = call.params().uuid("backupid");
        UUID host = call.params().uuid("hostid");
        UUID zone = call.params().uuid("zoneid");
        String type = call.params().string("type");
        Long backupId = backup == null
                ? null
                : backups.byUuid(backup.toString()).orElseThrow(
                        () -> ApiException.invalidParameter("backupid " + backup + " does not name a backup")).id();
        Long hostId = host == null
                ? null
                : directory.host(host.toString()).orElseThrow(
                        () -> ApiException.invalidParameter("hostid " + host + " does not name a host")).longValue();
        Long zoneId = zone == null
                ? null
                : directory.zone(zone.toString()).map(ZoneRef::id).orElseThrow(
                        () -> ApiException.invalidParameter("zoneid " + zone + " does not name a zone"));
        List<String> kinds = type == null
                ? ServiceJobType.kindNames()
                : List.of(ServiceJobType.fromApiName(type).orElseThrow().kind().name());
        Set<OperationState> states = states(call.params().bool("executing"), call.params().bool("scheduled"));
        if (states.isEmpty()) {
            return new ListResponse<>(ServiceJobResponse.OBJECT_NAME, 0, List.of());
        }
        // Without listall=true the root admin's list shows the jobs on his own account's VMs, as CloudStack's lists.
        Long own = ListAll.ownAccountOnly(call.caller(), call.params(), id != null);
        OperationQueue.OperationPage page = queue.search(new OperationSearch(kinds, id == null ? null : id.toString(),
                backupId, hostId, zoneId, own, states.size() == OperationState.values().length ? Set.of() : states,
                call.paging().offset(), call.paging().pageSize()));
        return new ListResponse<>(ServiceJobResponse.OBJECT_NAME, page.total(), responses(page.items()));
    }

    /** One job as this command lists it (the answer of compressBackup and validateBackup). */
    ServiceJobResponse one(String uuid) {
        List<ServiceJobResponse> found = responses(queue.search(new OperationSearch(ServiceJobType.kindNames(), uuid,
                null, null, null, null, Set.of(), 0, 1)).items());
        if (found.isEmpty()) {
            throw new IllegalStateException("service job " + uuid + " is not listed");
        }
        return found.get(0);
    }

    /** The states the two flags leave: executing = RUNNING, scheduled = QUEUED; true asks for them, false drops them. */
    static Set<OperationState> states(Boolean executing, Boolean scheduled) {
        Set<OperationState> out = EnumSet.allOf(OperationState.class);
        if (Boolean.TRUE.equals(executing) || Boolean.TRUE.equals(scheduled)) {
            out.clear();
            if (Boolean.TRUE.equals(executing)) {
                out.add(OperationState.RUNNING);
            }
            if (Boolean.TRUE.equals(scheduled)) {
                out.add(OperationState.QUEUED);
            }
        }
        if (Boolean.FALSE.equals(executing)) {
            out.remove(OperationState.RUNNING);
        }
        if (Boolean.FALSE.equals(scheduled)) {
            out.remove(OperationState.QUEUED);
        }
        return out;
    }

    /**
     * The page's rows as answers in a fixed number of queries whatever the page size: one for the backups'
     * uuids, one for the hosts', one for the zones (the operations came with their progress).
     */
    private List<ServiceJobResponse> responses(List<ListedOperation> items) {
        Set<Long> hosts = new HashSet<>();
        Set<Long> zones = new HashSet<>();
        Set<Long> backupIds = new HashSet<>();
        for (ListedOperation l : items) {
            if (l.operation().hostId() != null) {
                hosts.add(l.operation().hostId());
            }
            if (l.operation().backupId() != null) {
                backupIds.add(l.operation().backupId());
            }
            zones.add(l.operation().zoneId());
        }
        Map<Long, String> hostUuids = directory.hostUuids(hosts);
        Map<Long, ZoneRef> zoneRefs = directory.zones(zones);
        Map<Long, String> backupUuids = backups.uuids(backupIds);
        List<ServiceJobResponse> out = new ArrayList<>();
        for (ListedOperation l : items) {
            Operation o = l.operation();
            ZoneRef z = zoneRefs.get(o.zoneId());
            ListedOperation.Progress p = o.state() == OperationState.RUNNING ? l.progress() : null;
            out.add(new ServiceJobResponse(o.uuid(), o.backupId() == null ? null : backupUuids.get(o.backupId()),
                    o.hostId() == null ? null : hostUuids.get(o.hostId()), z == null ? null : z.uuid(),
                    ServiceJobType.ofKind(o.kind()).map(ServiceJobType::apiName).orElse(o.kind()), state(o),
                    o.state() == OperationState.RUNNING, o.state() == OperationState.QUEUED, o.attempts(),
                    o.state() == OperationState.QUEUED ? l.nextAttempt() : null, o.started(), l.ended(), o.error(),
                    p == null ? null : p.percent(), p == null ? null : p.done(), p == null ? null : p.total(),
                    p == null ? null : p.phase()));
        }
        return out;
    }

    /**
     * The operation's state as the API names it; a queued job that already had an attempt waits for its
     * retry ({@code scheduleddate} says when), which {@link #WAITING_FOR_RETRY} says apart from a first wait.
     */
    static String state(Operation o) {
        if (o.state() == OperationState.QUEUED && o.attempts() > 0) {
            return WAITING_FOR_RETRY;
        }
        return state(o.state());
    }

    private static String state(OperationState s) {
        String n = s.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
