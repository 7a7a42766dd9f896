package io.kboss.plugin.backup.kboss.domain.offering;

/**
 * A create or update of a backup offering broke one of the offering rules. The message is meant
 * for the API caller: it names the parameter, says what is allowed and what to do.
 */
public final class OfferingRuleViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    public OfferingRuleViolation(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The API parameter the caller has to change. */
    public String parameter() {
        return parameter;
    }
}
