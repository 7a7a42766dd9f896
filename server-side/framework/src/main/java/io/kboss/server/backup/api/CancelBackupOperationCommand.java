package io.kboss.server.backup.api;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.VmInventory;
import io.kboss.server.backup.VmRef;
import io.kboss.server.jobs.AsyncJob;
import io.kboss.server.jobs.AsyncJobRepository;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.operation.OperationQueue.CancelOutcome;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * cancelBackupOperation: cancels a queued or running backup, restore, volume restore, new VM from a
 * backup, compression or validation, named by what a user holds: the async job id its command answered
 * ({@code jobid}), the VM it works on ({@code virtualmachineid}: the one backup, restore or delete that
 * holds the VM), or the operation's id ({@code id}: a service job's id in listBackupServiceJobs). The
 * VM's owner (or an administrator over it) may cancel; work of no VM (compression, validation) only a
 * root administrator, or whoever started the job.
 *
 * <p>Queued work is dropped at once; running work is stopped on the agent by the management server that
 * follows it, at its next poll, and ends once the agent confirms: this call answers at once, the
 * operation's job then fails with "... cancelled by ACCOUNT". The queue does the work
 * ({@link OperationQueue#cancel}); this command finds the operation and checks the caller.
 */
@Component
public class CancelBackupOperationCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("cancelBackupOperation")
            .description("Cancels a queued or running backup, restore, volume restore, new VM from a backup, "
                    + "compression or validation. Queued work is dropped; running work is stopped on the agent, which "
                    + "removes what it had written, and its job then fails saying who cancelled it. The VM keeps "
                    + "running. Name the work by exactly one of jobid, virtualmachineid and id.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("jobid").description("the async job id the backup or restore command answered"))
            .param(ParamSpec.uuid("virtualmachineid").description("the VM whose backup, restore or volume restore "
                    + "to cancel (the one operation that holds it)"))
            .param(ParamSpec.uuid("id").description("the operation's id: a service job's id in "
                    + "listBackupServiceJobs"))
            .responseField("success", "boolean", "true when the work was dropped or its cancel was asked for")
            .responseField("displaytext", "string", "what was cancelled, and whether it still has to stop")
            .build();

    private final OperationQueue queue;
    private final AsyncJobRepository jobs;
    private final VmInventory vms;
    private final BackupCommandSupport support;

    public CancelBackupOperationCommand(OperationQueue queue, AsyncJobRepository jobs, VmInventory vms,
            BackupCommandSupport support) {
        this.queue = queue;
        this.jobs = jobs;
        this.vms = vms;
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID jobId = call.params().uuid("jobid");
        UUID vmId = call.params().uuid("virtualmachineid");
        UUID id = call.params().uuid("id");
        int named = (jobId == null ? 0 : 1) + (vmId == null ? 0 : 1) + (id == null ? 0 : 1);
        // Unknown parameters are ignored, as CloudStack ignores them; so a misspelt one (backupservicejobid)
        // arrives here as none given, and the answer must list the parameters that name the work.
        if (named == 0) {
            throw ApiException.invalidParameter("Either jobid, virtualmachineid or id must be specified to name the"
                    + " work to cancel: jobid is the async job id the backup or restore command answered,"
                    + " virtualmachineid the VM it works on, id a service job's id in listBackupServiceJobs");
        }
        if (named > 1) {
            throw ApiException.invalidParameter("Name the work to cancel by exactly one of jobid (the async job id), "
                    + "virtualmachineid (the VM it works on) and id (the operation's id); " + named + " were given");
        }
        Caller caller = call.caller();
        return support.inTransaction(() -> {
            Operation op;
            AsyncJob job = null;
            if (jobId != null) {
                job = jobs.findByUuid(jobId.toString()).orElseThrow(() -> ApiException.invalidParameter(
                        "No async job with id " + jobId + " exists (jobid)"));
                if (!caller.mayAccess(job.accountId(), job.domainPath())) {
                    throw ApiException.permissionDenied("Job " + jobId + " belongs to another account; you may "
                            + "cancel only your own account's work");
                }
                op = queue.ofJob(jobId.toString()).orElseThrow(() -> ApiException.invalidParameter("Job " + jobId
                        + " (" + jobs.findByUuid(jobId.toString()).map(AsyncJob::command).orElse("?") + ") is not "
                        + "backup work on the queue; only backups, restores, volume restores, new VMs from backups, "
                        + "compression and validation can be cancelled"));
            } else if (vmId != null) {
                VmRef vm = vms.byUuid(vmId.toString()).orElseThrow(() -> ApiException.invalidParameter("No VM with "
                        + "id " + vmId + " exists (virtualmachineid); list them with listVirtualMachines"));
                requireOwner(caller, vm);
                op = queue.liveOnVm(vm.id()).orElseThrow(() -> ApiException.invalidParameter("VM " + vm.label()
                        + " has no queued or running backup, restore or delete (virtualmachineid); nothing to "
                        + "cancel"));
            } else {
                op = queue.find(id.toString()).orElseThrow(() -> ApiException.invalidParameter("No backup "
                        + "operation with id " + id + " exists (id); service jobs are listed by "
                        + "listBackupServiceJobs"));
            }
            if (job == null) {
                requireAccess(caller, op, job);
            }
            CancelOutcome outcome = queue.cancel(op, caller.accountName());
            String what = "The " + queue.noun(op) + " " + op.uuid() + describeVm(op);
            return new SuccessResponse(true, switch (outcome) {
                case DROPPED -> what + " was queued: it was dropped and will not run";
                case REQUESTED -> what + " is running: the agent is told to stop it; its job fails with 'cancelled "
                        + "by " + caller.accountName() + "' once the agent has stopped and cleaned up";
                case ALREADY_REQUESTED -> what + " is already being cancelled; its job ends once the agent has "
                        + "stopped it";
            });
        });
    }

    /** The VM's owner or an administrator over it; work of no VM: root administrators, or the job's owner. */
    private void requireAccess(Caller caller, Operation op, AsyncJob job) throws ApiException {
        if (op.vmId() != null) {
            requireOwner(caller, vms.byId(op.vmId()));
        } else if (!caller.isRootAdmin() && (job == null || !caller.mayAccess(job.accountId(), job.domainPath()))) {
            throw ApiException.permissionDenied("Only root administrators may cancel the " + queue.noun(op) + " "
                    + op.uuid() + ": it is service work of no VM of yours");
        }
    }

    private static void requireOwner(Caller caller, VmRef vm) throws ApiException {
        if (!caller.mayAccess(vm.accountId(), vm.domainPath())) {
            throw ApiException.permissionDenied("VM " + vm.uuid() + " belongs to another account; you may cancel "
                    + "only your own account's work");
        }
    }

    private String describeVm(Operation op) {
        return Optional.ofNullable(op.vmId()).map(v -> " of VM " + vms.byId(v).label()).orElse("");
    }
}
