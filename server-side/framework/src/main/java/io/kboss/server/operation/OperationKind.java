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
 * @param policy      timeout, on/off switch and retries
 */
public record OperationKind(String name, String noun, Exclusivity exclusivity, LimitGroup limits, KindPolicy policy) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    public OperationKind {
        Objects.requireNonNull(noun, "noun");
        Objects.requireNonNull(exclusivity, "exclusivity");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policy, "policy");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an operation kind's name is upper case, at most 32 characters: '"
                    + name + "'");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
