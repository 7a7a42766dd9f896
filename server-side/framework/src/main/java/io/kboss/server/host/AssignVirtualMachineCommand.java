package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.auth.AccountRepository.AccountRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code assignVirtualMachine}: gives a VM (and its volumes) to an account. Refused while the VM has a
 * backup offering: its backups and chains belong to the old account, and a chain must not span two.
 */
@Component
public class AssignVirtualMachineCommand implements SyncCommand {
    private static final Logger LOG = LoggerFactory.getLogger(AssignVirtualMachineCommand.class);
    private static final CommandSpec SPEC = CommandSpec.named("assignVirtualMachine")
            .description("Changes the account owning a virtual machine and its volumes")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("virtualmachineid").required().description("id of the VM to be moved"))
            .param(ParamSpec.string("account").required().maxLength(255).description("account name of the new owner"))
            .param(ParamSpec.uuid("domainid").required().description("domain id of the new owner"))
            .responseObject("virtualmachine")
            .responseField("id", "string", "the ID of the virtual machine")
            .responseField("account", "string", "the new owner")
            .build();

    private final VmRepository vms;
    private final AccountRepository accounts;
    private final TransactionTemplate tx;

    public AssignVirtualMachineCommand(VmRepository vms, AccountRepository accounts, TransactionTemplate tx) {
        this.vms = vms;
        this.accounts = accounts;
        this.tx = tx;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String vmUuid = call.params().uuid("virtualmachineid").toString();
        var vm = vms.findLive(vmUuid).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find virtual machine by virtualmachineid " + vmUuid + "; listVirtualMachines shows them"));
        String domainUuid = call.params().uuid("domainid").toString();
        var domain = accounts.findDomainByUuid(domainUuid).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find domain by domainid " + domainUuid + "; listDomains shows the domains"));
        String name = call.params().string("account");
        AccountRow account = accounts.findAccountByName(domain.id(), name)
                .orElseThrow(() -> ApiException.invalidParameter(
                        "No account " + name + " in domain " + domain.name() + "; listAccounts shows the accounts"));
        if (vm.backupOfferingId() != null) {
            throw ApiException.invalidParameter("VM " + vm.name() + " is assigned to backup offering "
                    + vm.backupOfferingName() + "; removeVirtualMachineFromBackupOffering first, so its backups stay "
                    + "with account " + vm.accountName());
        }
        boolean moved = Boolean.TRUE.equals(tx.execute(s -> vms.assign(vm.id(), account.id(), domain.id())));
        if (!moved) {
            throw ApiException.inUse("VM " + vm.name() + " is busy with a backup, restore or delete (or was just "
                    + "removed); try again when it is done");
        }
        LOG.info("VM {} ({}) given from account {} to account {}", vm.name(), vm.uuid(), vm.accountName(),
                account.name());
        var now = vms.findLive(vmUuid).orElseThrow();
        return new ObjectResponse("virtualmachine", HostResponses.VmResponse.of(now, true));
    }
}
