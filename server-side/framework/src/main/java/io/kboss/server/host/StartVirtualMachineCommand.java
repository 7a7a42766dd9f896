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
 * {@code startVirtualMachine}: starts a VM KBOSS manages through its host's agent; async as in CloudStack,
 * the job answers the VM once it runs. A VM that runs already is answered as it is. Refused while an
 * operation (a backup, restore or delete) holds the VM.
 */
@Component
public class StartVirtualMachineCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("startVirtualMachine")
            .description("Starts a virtual machine")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("the ID of the virtual machine"))
            .responseObject("virtualmachine")
            .responseField("id", "string", "the ID of the virtual machine")
            .responseField("name", "string", "the name of the virtual machine")
            .responseField("state", "string", "the state of the virtual machine: Running once started")
            .build();

    private final VmPower power;

    public StartVirtualMachineCommand(VmPower power) {
        this.power = power;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        return power.start(call, true, false);
    }
}
