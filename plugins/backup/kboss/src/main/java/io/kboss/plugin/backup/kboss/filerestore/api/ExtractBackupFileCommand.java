package io.kboss.plugin.backup.kboss.filerestore.api;

import io.kboss.plugin.backup.kboss.filerestore.FileRestoreRequests;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;

/**
 * extractBackupFile: copies one file, or one folder as a tar archive, out of a backup (read-only with libguestfs
 * on a host, the VM untouched) onto its image store; the job answers a download link that works for
 * backup.file.restore.url.expiry seconds, for whoever holds it.
 */
public class ExtractBackupFileCommand extends FileRestoreCommand {
    private static final CommandSpec SPEC = FileRestoreCommand
            .spec("extractBackupFile",
                    "Copies a file, or a folder as a tar archive, out of a backup without restoring it, and "
                            + "answers a download link. Only for backups whose offering allows file extraction "
                            + "(allowextractfile); at most backup.file.restore.max.size bytes.")
            .param(ParamSpec.string("filesystem").required().maxLength(128).description("the filesystem, as "
                    + "listBackupFiles names it"))
            .param(ParamSpec.string("path").required().maxLength(4096).description("the file or folder, absolute "
                    + "inside the filesystem"))
            .param(ParamSpec.longValue("maxsize").min(1).description("the largest copy accepted, in bytes; at most "
                    + "and by default backup.file.restore.max.size"))
            .responseObject("backupfileextract")
            .responseField("id", "string", "ID of the extraction")
            .responseField("backupid", "string", "ID of the backup")
            .responseField("filesystem", "string", "the filesystem")
            .responseField("path", "string", "the file or folder copied")
            .responseField("name", "string", "the name to save it as")
            .responseField("format", "string", "file (the file's bytes) or tar (a folder)")
            .responseField("size", "long", "bytes of the copy")
            .responseField("url", "string", "where to download it, on this server (GET, no login: the link is the "
                    + "secret)")
            .responseField("expires", "date", "when the link stops working and the copy is deleted")
            .build();

    public ExtractBackupFileCommand(FileRestoreRequests requests) {
        super(SPEC, requests);
    }

    @Override
    protected FileRestoreRequests.Accepted accept(ApiCall call, String backupUuid) throws ApiException {
        return requests.extract(call.caller(), backupUuid, call.params().string("filesystem"), call.params().string(
                "path"), call.params().longValue("maxsize"));
    }
}
