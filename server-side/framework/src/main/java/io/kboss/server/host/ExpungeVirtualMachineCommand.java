package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.EventTypes;
import io.kboss.server.event.NewEvent;
import io.kboss.server.host.VmRepository.Vm;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code expungeVirtualMachine}: forgets a VM whose host no longer defines it. Discovery removes a VM when
 * its persistent domain is undefined, but keeps a VM whose transient domain ended (CloudStack's VMs end so
 * at every stop), since it may start again; only the VM's manager knows when it never will. CloudStack's
 * kboss provider calls this when CloudStack expunges the VM. The VM and its volumes are removed as discovery
 * removes them: its backups stay, listed with {@code isbackupvmexpunged} true, restorable as volumes of
 * another VM or as a new VM, and deleted only by deleteBackup, as CloudStack keeps the backups of an
 * expunged VM.
 *
 * <p>Async, as CloudStack's command is. Refused up front (nothing changes): a VM its host still defines
 * (destroy or undefine the domain there and discovery acts), and a VM an operation holds. The job forgets
 * the VM in one conditional UPDATE, which fails the job with the same sentences if a start or an operation
 * came in between.
 */
@Component
public class ExpungeVirtualMachineCommand implements AsyncCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ExpungeVirtualMachineCommand.class);
    private static final CommandSpec SPEC = CommandSpec.named("expungeVirtualMachine")
            .description("Forgets a virtual machine its host no longer defines (a stopped VM whose libvirt domain was"
                    + " transient); its backups are kept")
            .roles(Role.ADMINS)
            .param(ParamSpec.uuid("id").required().description("the ID of the virtual machine"))
            .responseField("success", "boolean", "true when the VM was forgotten")
            .responseField("displaytext", "string", "what became of the VM and its backups")
            .build();

    private final VmRepository vms;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ExpungeVirtualMachineCommand(VmRepository vms, EventLog events, TransactionTemplate tx, Clock clock) {
        this.vms = vms;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        String uuid = call.params().uuid("id").toString();
        Vm vm = vms.findLive(uuid).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find virtual machine by id " + uuid + "; listVirtualMachines shows them"));
        if (!call.caller().mayAccess(vm.accountId(), vm.ownerDomainPath())) {
            throw ApiException.permissionDenied("VM " + uuid + " belongs to an account outside your domain; you may"
                    + " expunge only VMs of your domain's accounts");
        }
        refuseIfKept(vm);
        Long userId = call.caller().userId();
        return new AsyncStart(vm.uuid(), "VirtualMachine", progress -> {
            boolean forgotten = Boolean.TRUE.equals(tx.execute(s -> {
                if (!vms.expungeUndefined(vm.id(), clock.instant())) {
                    return false;
                }
                events.record(NewEvent.created(EventTypes.VM_EXPUNGE, "VM " + vm.name() + " expunged; its backups"
                        + " are kept", vm.accountId(), userId).about("VirtualMachine", vm.uuid()));
                return true;
            }));
            if (!forgotten) {
                // Changed since the call was accepted: say what changed, in the words of the refusals.
                Vm now = vms.findLive(uuid).orElseThrow(() -> ApiException.invalidParameter("VM " + vm.name()
                        + " was removed meanwhile"));
                refuseIfKept(now);
                throw ApiException.inUse("VM " + vm.name() + " changed while it was being expunged; try again");
            }
            LOG.info("VM {} ({}) expunged: its host no longer defined it; its backups are kept", vm.name(),
                    vm.uuid());
            return new SuccessResponse(true, "VM " + vm.name() + " expunged; its backups are kept (listBackups shows"
                    + " them with isbackupvmexpunged true)");
        });
    }

    /** Why the VM must stay: its host still defines it, or an operation holds it. */
    private void refuseIfKept(Vm vm) throws ApiException {
        if (vm.domainDefined()) {
            throw ApiException.invalidParameter("VM " + vm.name() + " is still defined on its host"
                    + (vm.hostName() == null ? "" : " " + vm.hostName()) + "; only a VM its host no longer defines (a"
                    + " stopped VM whose domain was transient) is expunged: destroy or undefine the domain there,"
                    + " and discovery removes it or keeps it stopped for expungeVirtualMachine");
        }
        var busy = vms.busyWith(vm.id());
        if (busy.isPresent()) {
            throw ApiException.inUse("VM " + vm.name() + " is busy (" + busy.get() + "); expunge it when that has"
                    + " finished, or cancel it first");
        }
    }
}
