package io.kboss.server.event;

import java.util.Objects;

/**
 * An event to record.
 *
 * @param type         e.g. {@link EventTypes#BACKUP_CREATE}
 * @param state        the step it reports
 * @param level        INFO, or ERROR when it reports a failure
 * @param description  one sentence for people; at most 1024 characters are kept
 * @param accountId    the account whose resource it is about (who may list it); its domain goes with it
 * @param userId       the user who asked; null for the system (schedules, retention, sweeps)
 * @param resourceType what it is about as the API names it (Backup, VirtualMachine, ...); may be null
 * @param resourceUuid its uuid; may be null
 */
public record NewEvent(String type, EventState state, EventLevel level, String description, long accountId,
        Long userId, String resourceType, String resourceUuid) {

    public NewEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(description, "description");
    }

    /** An INFO event of a change made at once (state Created) by {@code userId} to {@code accountId}'s resource. */
    public static NewEvent created(String type, String description, long accountId, Long userId) {
        return new NewEvent(type, EventState.Created, EventLevel.INFO, description, accountId, userId, null, null);
    }

    /** The same event about a resource. */
    public NewEvent about(String resourceType, String resourceUuid) {
        return new NewEvent(type, state, level, description, accountId, userId, resourceType, resourceUuid);
    }

    /** The same event in another state and level. */
    public NewEvent in(EventState newState, EventLevel newLevel) {
        return new NewEvent(type, newState, newLevel, description, accountId, userId, resourceType, resourceUuid);
    }
}
