package io.kboss.agent.contract;

/** Host registration and capacity: what the server records about this hypervisor. */
public class GetHostInfoCommand extends AgentCommand<HostInfoAnswer> {
    public static final String NAME = "get-host-info";

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<HostInfoAnswer> answerType() {
        return HostInfoAnswer.class;
    }
}
