package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.ErrorCode;

/**
 * Answers a command whose disk-engine operation this build does not have yet: an explicit
 * UNSUPPORTED failure, never a pretended success. Nothing is changed on the host.
 */
public final class Unsupported {
    private Unsupported() {
    }

    public static <C extends AgentCommand<A>, A extends AgentAnswer> CommandHandler<C, A> handler(String name,
            Class<C> type) {
        return Handlers.of(name, type, command -> {
            A answer = command.answerType().getDeclaredConstructor().newInstance();
            return AgentAnswer.failure(answer, ErrorCode.UNSUPPORTED, "'" + name
                    + "' is unsupported by this agent build: upgrade kboss-agent on this host. Nothing was changed.");
        });
    }
}
