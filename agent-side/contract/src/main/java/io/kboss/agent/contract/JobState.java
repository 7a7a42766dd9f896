package io.kboss.agent.contract;

/** QUEUED → RUNNING → one of the three final states; QUEUED may also go straight to CANCELLED. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
