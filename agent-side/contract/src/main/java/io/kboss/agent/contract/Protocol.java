package io.kboss.agent.contract;

/** Constants both ends of the agent channel must agree on. */
public final class Protocol {
    /**
     * Wire version. Raised only for changes an older peer would misread (a field whose meaning
     * changes); adding fields does not raise it, because unknown fields are ignored on both ends.
     */
    public static final int VERSION = 1;

    /** Every command is {@code POST PATH_PREFIX + commandName}. */
    public static final String PATH_PREFIX = "/kboss-agent/v1/";

    public static final int DEFAULT_PORT = 8250;

    public static final String HEADER_TIMESTAMP = "X-Kboss-Timestamp";
    public static final String HEADER_NONCE = "X-Kboss-Nonce";
    public static final String HEADER_SIGNATURE = "X-Kboss-Signature";

    /** Requests whose timestamp is further than this from the agent's clock are refused. */
    public static final long MAX_CLOCK_SKEW_SECONDS = 300;

    private Protocol() {
    }
}
