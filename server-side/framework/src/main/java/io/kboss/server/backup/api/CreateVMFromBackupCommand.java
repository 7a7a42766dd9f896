package io.kboss.server.backup.api;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.backup.NewVmFromBackup;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * createVMFromBackup: a new VM from a backup's disks, also when the backup's VM was deleted, on a chosen
 * host and folder, with a new name, keeping or dropping the original's NICs and their addresses
 * (OpenNebula's NO_IP and NO_NIC), optionally with quick restore. Refusals answer at once, with no job;
 * the job is a view of the queued operation and answers the new VM.
 */
@Component
public class CreateVMFromBackupCommand implements AsyncCommand {
    /** What a libvirt domain name the agents accept looks like. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:-]{0,99}");
    private static final CommandSpec SPEC = CommandSpec.named("createVMFromBackup")
            .description("Creates a new VM from a backup's disks, also when the backup's VM no longer exists: the "
                    + "original's definition (CPUs, memory, devices) with a new name and uuid, its disks written anew "
                    + "from the backup's chain, or with quickrestore started at once on overlays over the backup and "
                    + "consolidated in the background. A backup taken before backups recorded their VM's definition, "
                    + "of a VM that is gone or on another host, gives a plain VM: the vCPUs and memory last "
                    + "discovered, its disks, no NICs. The new VM is listed by listVirtualMachines, owned by the "
                    + "backup's owner, and can be assigned a backup offering like any other.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("backupid").required().description("ID of the backup"))
            .param(ParamSpec.string("name").maxLength(100).description("the new VM's name: letters, digits, '.', "
                    + "'_', '+', ':' or '-', starting with a letter or digit; default: the original's name followed "
                    + "by -from- and the backup id's first 8 characters"))
            .param(ParamSpec.uuid("hostid").description("the host to create it on, in the backup's zone; root "
                    + "administrators only; default: the backup's VM's host when Up, or any Up host of the zone"))
            .param(ParamSpec.string("destinationfolder").maxLength(1024).description("absolute folder on the host for "
                    + "the new VM's disks; root administrators only; default: the folder of the original VM's first "
                    + "disk"))
            .param(ParamSpec.string("nics").allowedValues(NewVmFromBackup.NIC_POLICIES).description("KEEP (default) "
                    + "keeps the original's network interfaces with their MAC and IP addresses; NO_IP keeps the "
                    + "interfaces without their addresses (new MACs, the guest's DHCP gives new IPs); NO_NIC drops "
                    + "them. A VM made from a plain definition (a backup that recorded no definition, of a VM whose "
                    + "own is not on the target host) knows no interfaces: it needs NO_NIC, KEEP and NO_IP are "
                    + "refused"))
            .param(ParamSpec.bool("quickrestore").description("start the VM at once on overlays over the backup and "
                    + "consolidate in the background; only when the backup's offering allows quick restore"))
            .param(ParamSpec.bool("startvm").description("start the VM once its disks are written (default true); "
                    + "quick restore always starts it"))
            .responseField("id", "string", "the new VM's ID")
            .responseField("name", "string", "the new VM's name")
            .responseField("state", "string", "Running or Stopped")
            .build();

    private final BackupCommandSupport support;

    public CreateVMFromBackupCommand(BackupCommandSupport support) {
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        UUID host = call.params().uuid("hostid");
        String folder = call.params().string("destinationfolder");
        if ((host != null || folder != null) && !call.caller().isRootAdmin()) {
            throw ApiException.permissionDenied("Only root administrators may choose the host (hostid) or the folder "
                    + "(destinationfolder) of a new VM; leave them out to create it beside the original");
        }
        if (folder != null && (!folder.startsWith("/") || folder.contains("/../") || folder.endsWith("/..")
                || folder.contains("\0"))) {
            throw ApiException.invalidParameter("destinationfolder must be an absolute folder without '..', not '"
                    + folder + "'");
        }
        String name = call.params().string("name");
        if (name != null && !NAME.matcher(name).matches()) {
            throw ApiException.invalidParameter("name must be 1 to 100 letters, digits, '.', '_', '+', ':' or '-', "
                    + "starting with a letter or digit, not '" + name + "'");
        }
        String nics = call.params().string("nics");
        String backup = call.params().uuid("backupid").toString();
        NewVmFromBackup request = new NewVmFromBackup(backup, name, host == null ? null : host.toString(), folder,
                nics == null ? "KEEP" : nics.toUpperCase(Locale.ROOT), call.params().bool("quickrestore", false),
                call.params().bool("startvm", true));
        return support.inTransaction(() -> support.providerOfBackup(backup).createVmFromBackup(call.caller(),
                request));
    }
}
