package io.kboss.agent.process;

import java.io.IOException;

/** An external program failed, timed out or could not start; the message carries its stderr. */
public class ProgramFailed extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean timedOut;

    public ProgramFailed(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
