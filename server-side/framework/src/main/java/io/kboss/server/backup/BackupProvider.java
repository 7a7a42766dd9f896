package io.kboss.server.backup;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.Caller;

/**
 * A backup provider, shaped like CloudStack's {@code org.apache.cloudstack.backup.BackupProvider}: a
 * Spring bean the {@link BackupProviderRegistry} finds by {@link #name()}. A zone uses the provider
 * named by its {@code backup.framework.provider.plugin} setting.
 *
 * <p>The framework owns the generic API commands (createBackup, listBackups, deleteBackup,
 * restoreBackup, restoreVolumeFromBackupAndAttachToVM, assign/removeVirtualMachine...BackupOffering and
 * the four schedule commands), the schedules and their scheduler, and the operation queue with its
 * limits. A command finds the VM or backup it names, checks the caller may see it, asks the registry
 * which provider the zone uses, and calls it here; the provider stores its backups (it owns their
 * tables), queues its long work on the {@link io.kboss.server.operation.OperationQueue} and answers.
 * Every call runs inside the command's transaction, with the VM's row locked where it says so.
 *
 * <p>What CloudStack's interface has and this one leaves out, and why: offerings
 * ({@code listBackupOfferings}, {@code isValidProviderOffering}) are the provider's own commands
 * (createBackupOffering & co.), as the offering's fields are the provider's; {@code syncBackups},
 * {@code getBackupMetrics} and the storage stats feed CloudStack's usage server, which KBOSS does not
 * have (a KBOSS backup's size is measured by the agent when it ends, so there is nothing to sync, and
 * listBackups answers it). A provider that does not support an operation keeps the default, which
 * refuses the call with 431 naming the provider.
 */
public interface BackupProvider {

    /** The provider's name as settings and the API spell it, e.g. {@code kboss}. */
    String name();

    String description();

    /** Whether one of this provider's backups (in any state) has this uuid. */
    default boolean hasBackup(String backupUuid) {
        return false;
    }

    /**
     * assignVirtualMachineToBackupOffering: CloudStack's {@code assignVMToBackupOffering}. Async as in
     * CloudStack: what can be decided at once (no such offering, another zone's, a VM that cannot be
     * backed up) is thrown from here, before any job exists; the answered work assigns the VM, checking
     * again under the rows' locks, and answers {@link io.kboss.server.api.SuccessResponse}.
     *
     * @param vm the VM the caller may act on, its row not locked yet
     */
    default AsyncStart assignVm(Caller caller, VmRef vm, String offeringUuid) throws ApiException {
        throw unsupported("assignVirtualMachineToBackupOffering");
    }

    /**
     * removeVirtualMachineFromBackupOffering: CloudStack's {@code removeVMFromBackupOffering}. Async like
     * {@link #assignVm}: refusals decided at once are thrown from here, the work takes the VM out.
     */
    default AsyncStart removeVm(Caller caller, VmRef vm) throws ApiException {
        throw unsupported("removeVirtualMachineFromBackupOffering");
    }

    /**
     * createBackup and a schedule's firing: CloudStack's {@code takeBackup}. Stores the backup and queues
     * its operation; the VM's row is locked by the caller's transaction.
     */
    default BackupQueued takeBackup(TakeBackup request) throws ApiException {
        throw unsupported("createBackup");
    }

    /**
     * listBackups: the backups the caller may see, oldest first, Removed and Expunged ones left out.
     * The default has none, so a provider without backups adds nothing to the list.
     */
    default BackupPage listBackups(Caller caller, BackupQuery query) throws ApiException {
        return BackupPage.EMPTY;
    }

    /** restoreBackup: CloudStack's {@code restoreVMFromBackup}. The job is a view of the queued operation. */
    default AsyncStart restoreBackup(Caller caller, RestoreBackup request) throws ApiException {
        throw unsupported("restoreBackup");
    }

    /** restoreVolumeFromBackupAndAttachToVM: CloudStack's {@code restoreBackedUpVolume}. */
    default AsyncStart restoreVolume(Caller caller, RestoreVolume request) throws ApiException {
        throw unsupported("restoreVolumeFromBackupAndAttachToVM");
    }

    /**
     * createVMFromBackup: CloudStack's {@code createVMFromBackup} (its provider's {@code restoreBackupToVM}):
     * a new VM from the backup's disks. The job is a view of the queued operation.
     */
    default AsyncStart createVmFromBackup(Caller caller, NewVmFromBackup request) throws ApiException {
        throw unsupported("createVMFromBackup");
    }

    /** deleteBackup: CloudStack's {@code deleteBackup}. */
    default AsyncStart deleteBackup(Caller caller, String backupUuid, boolean forced) throws ApiException {
        throw unsupported("deleteBackup");
    }

    private ApiException unsupported(String command) {
        return ApiException.invalidParameter("Backup provider " + name() + " does not support " + command);
    }
}
