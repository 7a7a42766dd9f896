package io.kboss.client;

import com.google.gson.JsonObject;
import io.kboss.client.model.BackupOffering;
import io.kboss.client.model.Success;
import io.kboss.client.request.OfferingRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Backup offerings and the VMs assigned to them: listBackupOfferings, createBackupOffering,
 * updateBackupOffering, deleteBackupOffering, assignVirtualMachineToBackupOffering,
 * removeVirtualMachineFromBackupOffering. The last two are async, as in CloudStack: {@link #assign} and
 * {@link #remove} wait for their job, {@link #startAssign} and {@link #startRemove} answer it.
 */
public final class BackupOfferings {
    /**
     * How long {@link #assign} and {@link #remove} wait for their job: it writes a few rows and talks to
     * no agent, so it ends within a second unless the server is very busy.
     */
    public static final Duration ASSIGNMENT_WAIT = Duration.ofMinutes(2);

    private static final String OBJECT = "backupoffering";
    private static final String ASSIGN = "assignVirtualMachineToBackupOffering";
    private static final String REMOVE = "removeVirtualMachineFromBackupOffering";

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

    /**
     * Puts the VM (all disks qcow2 files) under the offering, which must be of the VM's zone, and waits
     * for the assignment's job (at most {@link #ASSIGNMENT_WAIT}). The command is async as in
     * CloudStack; {@link #startAssign} answers its job without waiting.
     *
     * @throws KbossApiException the server refused at once (unknown VM or offering, another zone's
     *     offering, disks that are not qcow2 files), or the job failed
     * @throws KbossJobTimeoutException the job did not end in time; it goes on on the server
     */
    public Success assign(String vmId, String offeringId) {
        return startAssign(vmId, offeringId).await(ASSIGNMENT_WAIT);
    }

    /** assignVirtualMachineToBackupOffering's job; its result is {@code success}. */
    public PendingJob<Success> startAssign(String vmId, String offeringId) {
        return client.start(ASSIGN, ApiParams.of("virtualmachineid", vmId, "backupofferingid", offeringId),
                r -> success(ASSIGN, r));
    }

    /**
     * Takes the VM off its offering (its backups are kept, its chains closed) and waits for the job (at
     * most {@link #ASSIGNMENT_WAIT}); {@link #startRemove} answers the job without waiting.
     *
     * @throws KbossApiException the server refused at once (the VM has no offering, an operation holds
     *     it), or the job failed
     */
    public Success remove(String vmId) {
        return startRemove(vmId).await(ASSIGNMENT_WAIT);
    }

    /** removeVirtualMachineFromBackupOffering's job; its result is {@code success}. */
    public PendingJob<Success> startRemove(String vmId) {
        return client.start(REMOVE, ApiParams.of("virtualmachineid", vmId), r -> success(REMOVE, r));
    }

    private static Success success(String command, JsonObject answer) {
        return KbossClient.read(command, answer, Success.class);
    }

    private Success success(String command, ApiParams params) {
        return success(command, client.call(command, params));
    }

    private static ApiParams options(OfferingRequest r) {
        return ApiParams.of("name", r.name(), "description", r.description(), "allowuserdrivenbackups",
                r.allowUserDrivenBackups(), "domainid", r.domainId(), "compress", r.compress(), "compressionlibrary",
                r.compressionLibrary(), "validate", r.validate(), "validationsteps", r.validationSteps(),
                "allowquickrestore", r.allowQuickRestore(), "allowextractfile", r.allowExtractFile(),
                "backupchainsize", r.backupChainSize());
    }
}
