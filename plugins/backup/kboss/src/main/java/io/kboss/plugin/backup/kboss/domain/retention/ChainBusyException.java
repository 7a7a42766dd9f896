package io.kboss.plugin.backup.kboss.domain.retention;

import java.util.function.Function;
import java.util.function.LongFunction;

/** A chain cannot be pruned now because one of its backups is being written or read. */
public class ChainBusyException extends DeleteRefusedException {
    private static final long serialVersionUID = 1L;

    public ChainBusyException(Function<LongFunction<String>, String> reason) {
        super(reason);
    }
}
