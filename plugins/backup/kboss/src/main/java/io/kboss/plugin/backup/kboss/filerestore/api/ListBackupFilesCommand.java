package io.kboss.plugin.backup.kboss.filerestore.api;

import io.kboss.plugin.backup.kboss.filerestore.FileRestoreRequests;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * listBackupFiles: a backup's filesystems, or one directory's entries, read from the backup's files with
 * libguestfs on a host (read-only, the VM untouched). Async because the host boots libguestfs's appliance,
 * which takes tens of seconds without KVM: the job is a view of the queued FILE_RESTORE operation and answers
 * the listing.
 */
public class ListBackupFilesCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listBackupFiles")
            .description("Lists the filesystems of a backup (without filesystem), or the entries of one directory of "
                    + "one of them, without restoring it. Only for backups whose offering allows file extraction "
                    + "(allowextractfile).")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("ID of the backup"))
            .param(ParamSpec.string("filesystem").maxLength(128).description("a filesystem the listing without it "
                    + "names, such as /dev/sda1"))
            .param(ParamSpec.string("path").maxLength(4096).description("the directory to list, absolute inside the "
                    + "filesystem; / when left out"))
            .responseObject("backupfiles")
            .responseField("backupid", "string", "ID of the backup")
            .responseField("filesystem", "string", "the filesystem listed")
            .responseField("path", "string", "the directory listed")
            .responseField("filesystems", "list", "without filesystem: name, type, label and size (bytes) of each")
            .responseField("entries", "list", "with filesystem: name, type (file, directory, symlink, other), size "
                    + "(bytes) and modified of each entry")
            .responseField("truncated", "boolean", "true when the directory holds more entries than answered")
            .build();

    private final FileRestoreRequests requests;

    public ListBackupFilesCommand(FileRestoreRequests requests) {
        this.requests = requests;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        FileRestoreRequests.Accepted a = requests.list(call.caller(), call.params().uuid("id").toString(),
                call.params().string("filesystem"), call.params().string("path"));
        return AsyncStart.operation(a.backup().uuid(), "Backup", a.operation().uuid());
    }
}
