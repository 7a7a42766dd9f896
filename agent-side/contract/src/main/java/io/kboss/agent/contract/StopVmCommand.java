package io.kboss.agent.contract;

/**
 * Stops a VM of this host. Without {@code forced} the guest is asked to shut down (ACPI) and the
 * answer comes at once, state SHUTTING_DOWN or RUNNING: follow {@code vm-events} for the STOPPED
 * event, and send a forced stop when it does not come in time. With {@code forced} the VM is
 * powered off at once (libvirt's destroy) and the answer says SHUTOFF. A VM that is off already is
 * left as it is ({@code changed} false). Refused with BUSY while an agent job works on the VM:
 * cancel the job first. Sent by servers since the lifecycle feed.
 */
public class StopVmCommand extends AgentCommand<VmPowerAnswer> {
    public static final String NAME = "stop-vm";
    public String vmUuid;
    public boolean forced;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<VmPowerAnswer> answerType() {
        return VmPowerAnswer.class;
    }
}
