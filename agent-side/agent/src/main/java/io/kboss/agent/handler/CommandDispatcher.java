package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.Protocol;
import io.kboss.agent.contract.WireJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the handler of a command by name, parses the body and turns failures into answers. */
public final class CommandDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    private final Map<String, CommandHandler<?, ?>> handlers = new LinkedHashMap<>();

    public CommandDispatcher register(CommandHandler<?, ?> handler) {
        if (handlers.putIfAbsent(handler.commandName(), handler) != null) {
            throw new IllegalArgumentException("Two handlers for " + handler.commandName());
        }
        return this;
    }

    public boolean knows(String commandName) {
        return handlers.containsKey(commandName);
    }

    /**
     * @return empty when the body is not a command of that name (the caller answers 400)
     */
    public Optional<AgentAnswer> dispatch(String commandName, String body) {
        CommandHandler<?, ?> handler = handlers.get(commandName);
        return run(handler, body);
    }

    private <C extends AgentCommand<A>, A extends AgentAnswer> Optional<AgentAnswer> run(CommandHandler<C, A> handler,
            String body) {
        C command;
        try {
            command = WireJson.fromJson(body, handler.commandType());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (command == null) {
            return Optional.empty();
        }
        if (command.protocolVersion > Protocol.VERSION) {
            return Optional.of(AgentAnswer.failure(new AgentAnswer(), ErrorCode.PROTOCOL_MISMATCH,
                    "This agent speaks protocol " + Protocol.VERSION + " but the command is version "
                            + command.protocolVersion + ": upgrade kboss-agent on this host"));
        }
        try {
            return Optional.of(handler.handle(command));
        } catch (IllegalArgumentException e) {
            return Optional.of(AgentAnswer.failure(newAnswer(handler, command), ErrorCode.BAD_REQUEST, e.getMessage()));
        } catch (Exception e) {
            LOG.warn("{} failed", handler.commandName(), e);
            return Optional.of(AgentAnswer.failure(newAnswer(handler, command), ErrorCode.FAILED,
                    handler.commandName() + " failed on this agent: " + e));
        }
    }

    /** Failures are answered with the command's own answer type so the client can always parse them. */
    private static <A extends AgentAnswer> A newAnswer(CommandHandler<?, A> handler, AgentCommand<A> command) {
        try {
            return command.answerType().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(command.answerType() + " needs a no-argument constructor", e);
        }
    }
}
