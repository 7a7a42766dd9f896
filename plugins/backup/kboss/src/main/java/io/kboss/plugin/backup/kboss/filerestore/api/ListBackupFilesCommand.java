package io.kboss.plugin.backup.kboss.filerestore.api;

import io.kboss.plugin.backup.kboss.filerestore.FileRestoreRequests;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;

/**
 * listBackupFiles: a backup's filesystems, or one directory's entries, read from the backup's files with
 * libguestfs on a host (read-only, the VM untouched). Async because the host boots libguestfs's appliance,
 * which takes tens of seconds without KVM: the job is a view of the queued FILE_RESTORE operation and answers
 * the listing.
 */
public class ListBackupFilesCommand extends FileRestoreCommand {
    private static final CommandSpec SPEC = FileRestoreCommand.spec("listBackupFiles",
            "Lists the filesystems of a backup (without filesystem), or the entries of one directory of "
                    + "one of them, without restoring it. Only for backups whose offering allows file extraction "
                    + "(allowextractfile).")
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

    public ListBackupFilesCommand(FileRestoreRequests requests) {
        super(SPEC, requests);
    }

    @Override
    protected FileRestoreRequests.Accepted accept(ApiCall call, String backupUuid) throws ApiException {
        return requests.list(call.caller(), backupUuid, call.params().string("filesystem"), call.params().string(
                "path"));
    }
}
