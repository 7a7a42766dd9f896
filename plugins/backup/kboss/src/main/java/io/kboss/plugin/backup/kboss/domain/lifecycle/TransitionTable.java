package io.kboss.plugin.backup.kboss.domain.lifecycle;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One status machine as a table: which event moves which status to which. A status is changed only through
 * {@link #next}, and an event the table does not list for the current status throws, so a late or repeated
 * agent answer cannot move anything backwards. The backup's status, its compression status and its
 * validation status are each one such table ({@link BackupTransitions} and its siblings); a status with no
 * rows accepts nothing, which is what makes it terminal.
 *
 * <p>Filled once, in the owning class's static initializer, and only read afterwards.
 *
 * @param <S> the statuses
 * @param <E> the events that move them
 */
public final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {
    private final String subject;
    private final Function<S, String> spelling;
    private final Class<E> eventType;
    private final Map<S, Map<E, S>> moves;

    /**
     * @param subject what changes status, as a refusal names it ("backup", "backup compression")
     * @param statusType the statuses' enum
     * @param eventType the events' enum
     * @param spelling how a refusal spells a status (the API's spelling)
     */
    public TransitionTable(String subject, Class<S> statusType, Class<E> eventType, Function<S, String> spelling) {
        this.subject = subject;
        this.spelling = spelling;
        this.eventType = eventType;
        this.moves = new EnumMap<>(statusType);
    }

    /** Adds the move from {@code from} to {@code to} on {@code event}. */
    public TransitionTable<S, E> allow(S from, E event, S to) {
        moves.computeIfAbsent(from, s -> new EnumMap<>(eventType)).put(event, to);
        return this;
    }

    /**
     * The status that follows {@code event} in {@code current}.
     *
     * @throws IllegalTransitionException if the table has no such move; it names both and what is accepted
     */
    public S next(S current, E event) {
        S to = moves.getOrDefault(current, Map.of()).get(event);
        if (to == null) {
            throw new IllegalTransitionException(subject, spelling.apply(current), event, accepted(current));
        }
        return to;
    }

    /** The events {@code current} accepts; empty for a terminal status. */
    public Set<E> accepted(S current) {
        return Collections.unmodifiableSet(moves.getOrDefault(current, Map.of()).keySet());
    }
}
