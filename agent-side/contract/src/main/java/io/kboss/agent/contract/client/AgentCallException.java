package io.kboss.agent.contract.client;

import java.io.IOException;

/**
 * The agent could not be asked: unreachable, timed out, refused our signature, or answered with
 * something that was not signed by it. The message says which and what to do.
 */
public class AgentCallException extends IOException {
    private final boolean authentication;

    public AgentCallException(String message, boolean authentication, Throwable cause) {
        super(message, cause);
        this.authentication = authentication;
    }

    /** True when the agent refused us (401): not paired with this server, or clocks too far apart. */
    public boolean isAuthenticationFailure() {
        return authentication;
    }
}
