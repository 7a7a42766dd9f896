package io.kboss.plugin.backup.kboss.domain.retention;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A deletion the planner refuses: the backup's state does not allow it, or its chain is busy. The
 * reason names backups through a function, so the API can name them by uuid while the domain knows
 * only their ids ({@link #getMessage()} names them by id, for logs and tests).
 */
public class DeleteRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Function<LongFunction<String>, String> reason;

    public DeleteRefusedException(Function<LongFunction<String>, String> reason) {
        super(Objects.requireNonNull(reason, "reason").apply(Long::toString));
        this.reason = reason;
    }

    /** The reason, naming each backup as {@code name} gives it. */
    public String describe(LongFunction<String> name) {
        return reason.apply(name);
    }
}
