package io.kboss.server.backup.schedule.domain;

/** A schedule, interval type or time zone the caller gave that cannot be used; says what is allowed. */
public class InvalidScheduleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidScheduleException(String message) {
        super(message);
    }
}
