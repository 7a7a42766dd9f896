package io.kboss.agent.contract;

/**
 * Starts a VM of this host and answers once it runs. A VM that runs already is left as it is
 * ({@code changed} false). Refused with BUSY while an agent job works on the VM (a restore must not
 * find it running). Sent by servers since the lifecycle feed.
 */
public class StartVmCommand extends AgentCommand<VmPowerAnswer> {
    public static final String NAME = "start-vm";
    public String vmUuid;
    /**
     * For a VM libvirt no longer knows (a transient domain that stopped): the definition to start
     * it from, as a transient domain again. Its uuid must be {@code vmUuid}. Ignored when libvirt
     * knows the VM.
     */
    public String domainXml;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<VmPowerAnswer> answerType() {
        return VmPowerAnswer.class;
    }
}
