package io.kboss.server.backup.api;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Paging;
import io.kboss.server.backup.BackupPage;
import io.kboss.server.backup.BackupProvider;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.backup.BackupQuery;
import io.kboss.server.backup.BackupView;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmAccess;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the generic backup commands share: the VM or backup a call names, checked against the caller,
 * and the provider that serves it. A command's work runs in one transaction, which the provider's own
 * work joins.
 */
@Component
public class BackupCommandSupport {
    private final VmInventory vms;
    private final BackupProviderRegistry providers;
    private final TransactionTemplate tx;

    public BackupCommandSupport(VmInventory vms, BackupProviderRegistry providers, TransactionTemplate tx) {
        this.vms = vms;
        this.providers = providers;
        this.tx = tx;
    }

    public <T> T inTransaction(Transactions.Work<T> work) throws ApiException {
        return Transactions.run(tx, work);
    }

    /** The live VM the call names, its row locked until the transaction ends. */
    public VmRef lockVm(Caller caller, String vmUuid) throws ApiException {
        return VmAccess.require(vms.lockLive(vmUuid), vmUuid, caller);
    }

    /** The live VM the call names. */
    public VmRef vm(Caller caller, String vmUuid) throws ApiException {
        return VmAccess.require(vms.findLive(vmUuid), vmUuid, caller);
    }

    /** The provider of the VM's zone; 431 when the zone has the framework disabled or no such provider. */
    public BackupProvider providerOf(VmRef vm) throws ApiException {
        return providers.providerOfVm(vm);
    }

    /** The provider holding the backup; 431 when none does. */
    public BackupProvider providerOfBackup(String backupUuid) throws ApiException {
        return providers.providerOfBackup(backupUuid);
    }

    /**
     * listBackups over every installed provider, in name order, as one list: each provider is asked for
     * its share of the page (and its total), so paging runs across them as if they were one.
     *
     * @param vmUuid only the backups of this VM (also a removed one); an unknown VM has none, and another
     *               account's VM is refused (432), as CloudStack's listBackups checks access to the VM it names
     * @param filter listBackups' other filters
     */
    public BackupPage list(Caller caller, String backupUuid, String vmUuid, Paging paging, BackupQuery.Filter filter)
            throws ApiException {
        VmRef vm = null;
        if (vmUuid != null) {
            Optional<VmRef> found = vms.byUuid(vmUuid);
            if (found.isEmpty()) {
                return BackupPage.EMPTY;
            }
            vm = found.get();
            if (!caller.mayAccess(vm.accountId(), vm.domainPath())) {
                throw ApiException.permissionDenied("Parameter virtualmachineid: VM " + vmUuid + " belongs to "
                        + "another account; you may list only the backups of VMs you may act on");
            }
        }
        long skip = paging.offset();
        int wanted = paging.pageSize();
        long total = 0;
        List<BackupView> page = new ArrayList<>();
        for (BackupProvider p : providers.all()) {
            BackupPage part = p.listBackups(caller, new BackupQuery(backupUuid, vm, paging.likePattern(), skip,
                    wanted - page.size(), filter));
            page.addAll(part.backups());
            total += part.total();
            skip = Math.max(0, skip - part.total());
        }
        return new BackupPage(total, page);
    }
}
