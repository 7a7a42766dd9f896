package io.kboss.server.backup;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.client.AgentCallException;

/**
 * The signed channel to one host's agent, as providers use it. The boundary where tests put a fake
 * agent: everything on this side is the real server.
 */
@FunctionalInterface
public interface AgentChannel {

    /**
     * Sends one command and returns the agent's answer, whose {@code success} says whether the command
     * itself worked.
     *
     * @throws AgentCallException when the agent could not be asked (unreachable, a bad signature, a
     *     timeout); its message names the agent and what to do
     */
    <A extends AgentAnswer> A execute(AgentCommand<A> command) throws AgentCallException;
}
