package io.kboss.plugin.backup.kboss.domain.lifecycle;

/** An event that the current state does not accept; the message names both and what is accepted. */
public class IllegalTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String state;
    private final String event;

    public IllegalTransitionException(String subject, Object state, Object event, Object accepted) {
        super(subject + " in state " + state + " cannot take event '" + event + "'; in " + state
                + " it accepts only " + accepted);
        this.state = String.valueOf(state);
        this.event = String.valueOf(event);
    }

    public String state() {
        return state;
    }

    public String event() {
        return event;
    }
}
