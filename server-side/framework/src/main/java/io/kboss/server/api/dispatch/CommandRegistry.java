package io.kboss.server.api.dispatch;

import io.kboss.server.api.ApiCommand;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.SyncCommand;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every command of the running server, by name. Built from all {@link ApiCommand} beans in the
 * Spring context, so a plugin adds commands by contributing beans. Lookup ignores letter case, as
 * CloudStack's does; two commands with one name stop the server at start-up.
 */
public final class CommandRegistry {
    private final Map<String, ApiCommand> byName = new TreeMap<>();

    public CommandRegistry(List<ApiCommand> commands) {
        for (ApiCommand c : commands) {
            if (!(c instanceof SyncCommand) && !(c instanceof AsyncCommand)) {
                throw new IllegalStateException(c.getClass().getName()
                        + " implements ApiCommand directly; implement SyncCommand or AsyncCommand");
            }
            String key = c.spec().name().toLowerCase(Locale.ROOT);
            ApiCommand previous = byName.putIfAbsent(key, c);
            if (previous != null) {
                throw new IllegalStateException("Two beans declare command " + c.spec().name() + ": "
                        + previous.getClass().getName() + " and " + c.getClass().getName());
            }
        }
    }

    /** The command, or null when no command has that name. */
    public ApiCommand find(String name) {
        return name == null ? null : byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** All commands, ordered by name. */
    public Collection<ApiCommand> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public static boolean isAsync(ApiCommand c) {
        return c instanceof AsyncCommand;
    }
}
