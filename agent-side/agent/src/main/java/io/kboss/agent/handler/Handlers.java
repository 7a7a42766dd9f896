package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;

/** Builds handlers from a name, a type and a function, for the many one-line commands. */
public final class Handlers {
    private Handlers() {
    }

    @FunctionalInterface
    public interface Body<C, A> {
        A handle(C command) throws Exception;
    }

    public static <C extends AgentCommand<A>, A extends AgentAnswer> CommandHandler<C, A> of(String name,
            Class<C> type, Body<C, A> body) {
        return new CommandHandler<>() {
            @Override
            public String commandName() {
                return name;
            }

            @Override
            public Class<C> commandType() {
                return type;
            }

            @Override
            public A handle(C command) throws Exception {
                return body.handle(command);
            }
        };
    }
}
