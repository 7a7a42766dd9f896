package io.kboss.server.operation;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of long-running work. The framework defines the backup kinds
 * ({@link io.kboss.server.backup.BackupOperations}); a plugin adds one by declaring an
 * {@link OperationHandler} bean whose {@link OperationHandler#kind()} is a new kind: nothing else is
 * registered anywhere.
 *
 * @param name        as stored in {@code operation.kind}: upper case, at most 32 characters
 * @param noun        what users call one, in messages ("backup", "volume restore")
 * @param exclusivity what one live operation of the kind holds alone
 * @param limits      the limits it is admitted under, with the other kinds of its group
 * @param ownLimits   the limits its own operations count against, besides its group's
 * @param policy      timeout, on/off switch and retries
 * @param eventType   the type of the events its operations emit when queued, started and ended
 *     ({@code io.kboss.server.event.EventTypes}, e.g. BACKUP.CREATE); {@code KBOSS.<NAME>} (underscores
 *     as dots) when not given
 */
public record OperationKind(String name, String noun, Exclusivity exclusivity, LimitGroup limits, KindLimits ownLimits,
        KindPolicy policy, String eventType) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    public OperationKind {
        Objects.requireNonNull(noun, "noun");
        Objects.requireNonNull(exclusivity, "exclusivity");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(ownLimits, "ownLimits");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(eventType, "eventType");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an operation kind's name is upper case, at most 32 characters: '"
                    + name + "'");
        }
    }

    /** A kind with no limits of its own (only its group's). */
    public OperationKind(String name, String noun, Exclusivity exclusivity, LimitGroup limits, KindPolicy policy,
            String eventType) {
        this(name, noun, exclusivity, limits, KindLimits.NONE, policy, eventType);
    }

    /** A kind with no limits of its own whose events are of type {@code KBOSS.<NAME>}. */
    public OperationKind(String name, String noun, Exclusivity exclusivity, LimitGroup limits, KindPolicy policy) {
        this(name, noun, exclusivity, limits, KindLimits.NONE, policy,
                "KBOSS." + (name == null ? "" : name.replace('_', '.')));
    }

    @Override
    public String toString() {
        return name;
    }
}
