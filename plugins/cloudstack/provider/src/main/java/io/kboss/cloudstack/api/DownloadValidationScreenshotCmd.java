package io.kboss.cloudstack.api;

import io.kboss.client.model.ValidationScreenshot;
import io.kboss.cloudstack.KbossOperations;
import javax.inject.Inject;
import org.apache.cloudstack.acl.RoleType;
import org.apache.cloudstack.api.APICommand;
import org.apache.cloudstack.api.ApiConstants;
import org.apache.cloudstack.api.BaseAsyncCmd;
import org.apache.cloudstack.api.Parameter;
import org.apache.cloudstack.api.response.BackupResponse;
import org.apache.cloudstack.api.response.ExtractResponse;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.context.CallContext;

/** downloadValidationScreenshot: where to fetch the screenshot kboss's validation took of a backup (a PNG). */
@APICommand(name = "downloadValidationScreenshot", description = "Gives the address of the screenshot (PNG) the "
        + "last kboss validation of the backup took.", responseObject = ExtractResponse.class, since = "4.22.0", requestHasSensitiveInfo = false, responseHasSensitiveInfo = false, authorized = {
                RoleType.Admin, RoleType.ResourceAdmin, RoleType.DomainAdmin, RoleType.User})
public class DownloadValidationScreenshotCmd extends BaseAsyncCmd {
    /** An event of its own: CloudStack 4.22 has none for it. */
    static final String EVENT = "BACKUP.VALIDATION.SCREENSHOT";

    @Inject
    private KbossOperations operations;

    @Parameter(name = ApiConstants.BACKUP_ID, type = CommandType.UUID, entityType = BackupResponse.class, required = true, description = "ID of the backup")
    private Long backupId;

    @Override
    public void execute() {
        ValidationScreenshot shot = operations.validationScreenshot(CallContext.current().getCallingAccount(),
                backupId);
        ExtractResponse response = new ExtractResponse();
        Backup backup = _entityMgr.findById(Backup.class, backupId);
        response.setId(backup.getUuid());
        response.setUrl(shot.url());
        response.setState(shot.state());
        response.setResponseName(getCommandName());
        response.setObjectName("screenshot");
        setResponseObject(response);
    }

    @Override
    public long getEntityOwnerId() {
        return Owners.ofBackup(_entityMgr.findById(Backup.class, backupId));
    }

    @Override
    public String getEventType() {
        return EVENT;
    }

    @Override
    public String getEventDescription() {
        return "Fetching the validation screenshot of backup " + backupId;
    }
}
