package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import org.springframework.stereotype.Component;

/**
 * {@code stopVirtualMachine}: stops a VM KBOSS manages through its host's agent; async as in CloudStack.
 * With {@code forced=true} the VM is powered off at once and the job answers it Stopped; without, the
 * guest is asked to shut down and the job waits, as CloudStack's does, until the guest is off (seen through
 * the lifecycle feed), then answers it Stopped; a guest still on after {@code vm.stop.wait} seconds fails
 * the job with a sentence naming forced=true. A VM that is off already is answered as it is. Refused
 * while an operation (a backup, restore or delete) holds the VM.
 */
@Component
public class StopVirtualMachineCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("stopVirtualMachine")
            .description("Stops a virtual machine: asks its guest to shut down, or powers it off with forced=true")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("the ID of the virtual machine"))
            .param(ParamSpec.bool("forced").description("true powers the VM off at once (the guest cannot save "
                    + "anything); false (default) asks the guest to shut down"))
            .responseObject("virtualmachine")
            .responseField("id", "string", "the ID of the virtual machine")
            .responseField("name", "string", "the name of the virtual machine")
            .responseField("state", "string", "the state of the virtual machine: Stopped")
            .build();

    private final VmPower power;

    public StopVirtualMachineCommand(VmPower power) {
        this.power = power;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        return power.start(call, false, call.params().bool("forced", false));
    }
}
