package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;

/** Serves one command. Expected failures are answers with {@code success=false}, not exceptions. */
public interface CommandHandler<C extends AgentCommand<A>, A extends AgentAnswer> {
    String commandName();

    Class<C> commandType();

    A handle(C command) throws Exception;
}
