package io.kboss.plugin.backup.kboss.backup.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.backup.ChainFinisher;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import java.util.List;

/** finishBackupChain: closes the VM's chains now, so its next backup is full; normalizes a VM in BackupError. */
public class FinishBackupChainCommand extends FixedSpecCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("finishBackupChain")
            .description("Ends the VM's backup chains now (the next backup is full), removing its checkpoints on "
                    + "the host; a VM in BackupError is normalized.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("virtualmachineid").required().description("ID of the VM"))
            .responseField("success", "boolean", "true when the chains were finished")
            .responseField("displaytext", "string", "the checkpoints removed on the host")
            .build();

    private final ChainFinisher finisher;

    public FinishBackupChainCommand(ChainFinisher finisher) {
        super(SPEC);
        this.finisher = finisher;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        List<String> removed = finisher.finish(call.caller(), call.params().uuid("virtualmachineid").toString());
        return new SuccessResponse(true, removed.isEmpty()
                ? "no checkpoints to remove"
                : "removed checkpoints " + String.join(", ", removed));
    }
}
