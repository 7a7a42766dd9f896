package io.kboss.client;

import io.kboss.client.model.BackupOffering;
import io.kboss.client.model.Success;
import io.kboss.client.request.OfferingRequest;
import java.util.List;
import java.util.Optional;

/**
 * Backup offerings and the VMs assigned to them: listBackupOfferings, createBackupOffering,
 * updateBackupOffering, deleteBackupOffering, assignVirtualMachineToBackupOffering,
 * removeVirtualMachineFromBackupOffering.
 */
public final class BackupOfferings {
    private static final String OBJECT = "backupoffering";

    private final KbossClient client;

    BackupOfferings(KbossClient client) {
        this.client = client;
    }

    /** @param zoneId null for every zone */
    public List<BackupOffering> list(String zoneId) {
        return client.all("listBackupOfferings", ApiParams.of("zoneid", zoneId), OBJECT, BackupOffering.class,
                Paging.PAGE_SIZE);
    }

    public Optional<BackupOffering> get(String id) {
        return client.page("listBackupOfferings", ApiParams.of("id", id), OBJECT, BackupOffering.class).items()
                .stream().findFirst();
    }

    public Optional<BackupOffering> byName(String zoneId, String name) {
        return client.page("listBackupOfferings", ApiParams.of("zoneid", zoneId, "name", name), OBJECT,
                BackupOffering.class).items().stream().filter(o -> name.equals(o.name())).findFirst();
    }

    public BackupOffering create(OfferingRequest r) {
        return client.object("createBackupOffering", options(r).with("zoneid", r.zoneId()), OBJECT,
                BackupOffering.class);
    }

    public BackupOffering update(String id, OfferingRequest changes) {
        return client.object("updateBackupOffering", options(changes).with("id", id), OBJECT, BackupOffering.class);
    }

    /** Deletes an offering no VM is assigned to. */
    public Success delete(String id) {
        return success("deleteBackupOffering", ApiParams.of("id", id));
    }

    /** Puts the VM (all disks qcow2 files) under the offering, which must be of the VM's zone. */
    public Success assign(String vmId, String offeringId) {
        return success("assignVirtualMachineToBackupOffering", ApiParams.of("virtualmachineid", vmId,
                "backupofferingid", offeringId));
    }

    /** Takes the VM off its offering: its backups are kept, its chains closed. */
    public Success remove(String vmId) {
        return success("removeVirtualMachineFromBackupOffering", ApiParams.of("virtualmachineid", vmId));
    }

    private Success success(String command, ApiParams params) {
        return KbossClient.read(command, client.call(command, params), Success.class);
    }

    private static ApiParams options(OfferingRequest r) {
        return ApiParams.of("name", r.name(), "description", r.description(), "allowuserdrivenbackups",
                r.allowUserDrivenBackups(), "domainid", r.domainId(), "compress", r.compress(), "compressionlibrary",
                r.compressionLibrary(), "validate", r.validate(), "validationsteps", r.validationSteps(),
                "allowquickrestore", r.allowQuickRestore(), "allowextractfile", r.allowExtractFile(),
                "backupchainsize", r.backupChainSize());
    }
}
