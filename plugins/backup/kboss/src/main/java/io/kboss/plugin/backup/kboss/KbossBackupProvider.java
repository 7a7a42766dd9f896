package io.kboss.plugin.backup.kboss;

import io.kboss.plugin.backup.kboss.backup.BackupListing;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.BackupRequestService;
import io.kboss.plugin.backup.kboss.backup.VmAssignmentService;
import io.kboss.plugin.backup.kboss.delete.BackupDeleter;
import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.restore.NewVmRequests;
import io.kboss.plugin.backup.kboss.restore.RestoreRequests;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.Caller;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.backup.BackupPage;
import io.kboss.server.backup.BackupProvider;
import io.kboss.server.backup.BackupQuery;
import io.kboss.server.backup.BackupQueued;
import io.kboss.server.backup.NewVmFromBackup;
import io.kboss.server.backup.RestoreBackup;
import io.kboss.server.backup.RestoreVolume;
import io.kboss.server.backup.TakeBackup;
import io.kboss.server.backup.VmRef;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The kboss provider as the framework sees it: the framework's generic commands call it for the zones
 * that use it, and it hands each call to the service that does the work. Its offerings are managed by
 * the plugin's own commands (createBackupOffering, ...), which check that the zone uses this provider.
 */
public class KbossBackupProvider implements BackupProvider {
    public static final String NAME = "kboss";

    /** The services each call goes to. */
    public record Services(BackupRequestService backups, BackupListing listing, VmAssignmentService assignments,
            RestoreRequests restores, NewVmRequests newVms, BackupDeleter deleter, BackupRepository rows) {
    }

    private final Services services;

    public KbossBackupProvider(Services services) {
        this.services = services;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "KVM Backup on Secondary Storage: incremental backups of KVM VMs to secondary storage, "
                + "with compression, validation and quick restore";
    }

    @Override
    public boolean hasBackup(String backupUuid) {
        return services.rows().byUuid(backupUuid).isPresent();
    }

    /** Checks in the request; the job (a few rows, no agent) assigns on the job runner, checking again. */
    @Override
    public AsyncStart assignVm(Caller caller, VmRef vm, String offeringUuid) throws ApiException {
        services.assignments().checkAssign(caller, vm.uuid(), offeringUuid);
        return new AsyncStart(vm.uuid(), "VirtualMachine", progress -> {
            services.assignments().assign(caller, vm.uuid(), offeringUuid);
            return SuccessResponse.ok();
        });
    }

    /** Checks in the request; the job takes the VM out of its offering and closes its chains. */
    @Override
    public AsyncStart removeVm(Caller caller, VmRef vm) throws ApiException {
        services.assignments().checkRemove(caller, vm.uuid());
        return new AsyncStart(vm.uuid(), "VirtualMachine", progress -> {
            services.assignments().remove(caller, vm.uuid());
            return SuccessResponse.ok();
        });
    }

    @Override
    public BackupQueued takeBackup(TakeBackup request) throws ApiException {
        return services.backups().request(request);
    }

    @Override
    public BackupPage listBackups(Caller caller, BackupQuery query) {
        return services.listing().list(caller, query);
    }

    @Override
    public AsyncStart restoreBackup(Caller caller, RestoreBackup request) throws ApiException {
        RestoreRequests.Accepted r = services.restores().restore(caller, request);
        return AsyncStart.operation(r.backup().uuid(), "Backup", r.operation().uuid());
    }

    @Override
    public AsyncStart restoreVolume(Caller caller, RestoreVolume request) throws ApiException {
        RestoreRequests.Accepted r = services.restores().restoreVolume(caller, request);
        return AsyncStart.operation(r.backup().uuid(), "Backup", r.operation().uuid());
    }

    @Override
    public AsyncStart createVmFromBackup(Caller caller, NewVmFromBackup request) throws ApiException {
        NewVmRequests.Accepted r = services.newVms().request(caller, request);
        return AsyncStart.operation(r.backup().uuid(), "Backup", r.operation().uuid());
    }

    @Override
    public AsyncStart deleteBackup(Caller caller, String backupUuid, boolean forced) throws ApiException {
        BackupDeleter.Accepted d = services.deleter().request(caller, backupUuid, forced);
        if (d.operation() != null) {
            return AsyncStart.operation(d.backup().uuid(), "Backup", d.operation().uuid());
        }
        // A request that never ran was dropped at once: nothing is queued, the job only answers.
        List<DeletionOutcome> outcomes = d.doneNow();
        String done = outcomes.stream().map(o -> o.describe(services.deleter()::uuidOf))
                .collect(Collectors.joining("; "));
        return new AsyncStart(d.backup().uuid(), "Backup", progress -> new SuccessResponse(true, done));
    }
}
