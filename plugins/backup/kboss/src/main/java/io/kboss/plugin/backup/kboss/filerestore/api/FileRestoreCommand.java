package io.kboss.plugin.backup.kboss.filerestore.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.filerestore.FileRestoreRequests;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * What listBackupFiles and extractBackupFile share: both read one backup (the {@code id} parameter) on a host
 * through a queued FILE_RESTORE operation, so both answer with an async job that is a view of that operation.
 * A subclass names its parameters and hands the call to {@link FileRestoreRequests}.
 */
abstract class FileRestoreCommand extends FixedSpecCommand implements AsyncCommand {
    protected final FileRestoreRequests requests;

    protected FileRestoreCommand(CommandSpec spec, FileRestoreRequests requests) {
        super(spec);
        this.requests = requests;
    }

    /** The spec's start: the name, what it does, and the backup it reads; for every role. */
    static CommandSpec.Builder spec(String name, String description) {
        return CommandSpec.named(name)
                .description(description)
                .roles(Role.ALL)
                .param(ParamSpec.uuid("id").required().description("ID of the backup"));
    }

    /** Checks the call and queues its operation; refusals are thrown from here, before any job exists. */
    protected abstract FileRestoreRequests.Accepted accept(ApiCall call, String backupUuid) throws ApiException;

    @Override
    public final AsyncStart start(ApiCall call) throws ApiException {
        FileRestoreRequests.Accepted a = accept(call, call.params().uuid("id").toString());
        return AsyncStart.operation(a.backup().uuid(), "Backup", a.operation().uuid());
    }
}
