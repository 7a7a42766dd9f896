package io.kboss.plugin.backup.kboss.usage;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.HistoryWindow;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.api.TimeWindow;
import io.kboss.server.backup.BackupOperations;
import io.kboss.server.backup.VmAccess;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * listBackupUsageHistory: a VM's backups taken in a window, newest first, with when each was taken, how
 * long it took (its backup operation's start to end) and its size; deleted backups stay in the history.
 * Users see their own VMs, domain admins their domain's, root admins all. The window defaults to the last
 * 90 days and may span at most 366.
 */
public class ListBackupUsageHistoryCommand extends FixedSpecCommand implements SyncCommand {
    private static final HistoryWindow WINDOW = HistoryWindow.lastDays(90);
    public static final String OBJECT_NAME = "backupusage";

    private static final CommandSpec SPEC = CommandSpec.named("listBackupUsageHistory")
            .description("Lists a VM's backups over time, newest first: when each was taken, how long it took "
                    + "and its size (deleted backups included)")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("virtualmachineid").required().description("the ID of the VM"))
            .param(WINDOW.startdate("backups taken"))
            .param(WINDOW.enddate("backups taken"))
            .responseObject(OBJECT_NAME)
            .responseField("id", "string", "the ID of the backup")
            .responseField("virtualmachineid", "string", "the ID of the VM")
            .responseField("type", "string", "FULL or INCREMENTAL")
            .responseField("status", "string", "the backup's status now (BackedUp, Removed, Expunged, ...)")
            .responseField("date", "date", "when the backup was taken")
            .responseField("size", "long", "bytes the backup holds on its store")
            .responseField("virtualsize", "long", "the size of the VM's disks it holds")
            .responseField("startdate", "date", "when its backup operation started (absent when not recorded)")
            .responseField("enddate", "date", "when its backup operation ended (absent when not recorded)")
            .responseField("duration", "double", "seconds the backup took, from startdate to enddate (absent when "
                    + "not recorded)")
            .responseField("removed", "date", "when the backup was deleted, if it was")
            .build();

    private final BackupUsageRepository history;
    private final VmInventory vms;
    private final OperationQueue queue;
    private final Clock clock;

    public ListBackupUsageHistoryCommand(BackupUsageRepository history, VmInventory vms, OperationQueue queue,
            Clock clock) {
        super(SPEC);
        this.history = history;
        this.vms = vms;
        this.queue = queue;
        this.clock = clock;
    }

    /** One backup as the history shows it: uuids only. */
    record UsageResponse(String id, String virtualmachineid, String type, String status, Instant date, Long size,
            Long virtualsize, Instant startdate, Instant enddate, Double duration, Instant removed) {
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String vmUuid = call.params().uuid("virtualmachineid").toString();
        VmRef vm = VmAccess.require(vms.byUuid(vmUuid), vmUuid, call.caller());
        TimeWindow w = WINDOW.of(call, clock);
        List<BackupUsageRepository.TakenBackup> page = history.takenOfVm(vm.id(), w.start(), w.end(),
                call.paging().offset(), call.paging().pageSize());
        Map<Long, OperationQueue.WorkTimes> times = queue.succeededOnBackups(
                page.stream().map(BackupUsageRepository.TakenBackup::id).toList(), BackupOperations.BACKUP);
        List<UsageResponse> out = new ArrayList<>();
        for (BackupUsageRepository.TakenBackup b : page) {
            OperationQueue.WorkTimes t = times.get(b.id());
            out.add(new UsageResponse(b.uuid(), vm.uuid(), b.type(), b.status(), b.date(), b.size(), b.virtualSize(),
                    t == null ? null : t.started(), t == null ? null : t.ended(),
                    t == null ? null : Duration.between(t.started(), t.ended()).toMillis() / 1000.0, b.removed()));
        }
        return new ListResponse<>(OBJECT_NAME, history.countTakenOfVm(vm.id(), w.start(), w.end()), out);
    }
}
