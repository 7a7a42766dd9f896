package io.kboss.plugin.backup.kboss;

import io.kboss.server.api.ApiCommand;
import io.kboss.server.api.CommandSpec;

/**
 * The plugin's API commands are each described by one spec that never changes (what listApis answers and
 * the dispatcher checks parameters against). A command class extends this with its spec, implements
 * {@link io.kboss.server.api.SyncCommand} or {@link io.kboss.server.api.AsyncCommand}, and keeps only its
 * own parameters and work.
 */
public abstract class FixedSpecCommand implements ApiCommand {
    private final CommandSpec spec;

    protected FixedSpecCommand(CommandSpec spec) {
        this.spec = spec;
    }

    @Override
    public final CommandSpec spec() {
        return spec;
    }
}
