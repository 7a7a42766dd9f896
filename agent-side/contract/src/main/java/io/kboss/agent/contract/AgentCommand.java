package io.kboss.agent.contract;

/**
 * A request to the agent. Subclasses hold plain fields only; the two methods are not serialized.
 *
 * @param <A> the answer the agent sends back
 */
public abstract class AgentCommand<A extends AgentAnswer> {
    public int protocolVersion = Protocol.VERSION;

    /** The last path segment this command is posted to. */
    public abstract String commandName();

    public abstract Class<A> answerType();
}
