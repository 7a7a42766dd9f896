package io.kboss.cloudstack.api;

import com.cloud.serializer.Param;
import com.google.gson.annotations.SerializedName;
import java.util.Date;
import org.apache.cloudstack.api.ApiConstants;
import org.apache.cloudstack.api.BaseResponse;

/** A kboss compression or validation job, with CloudStack's ids for its backup, host and zone. */
public class BackupServiceJobResponse extends BaseResponse {
    @SerializedName(ApiConstants.ID)
    @Param(description = "ID of the job in kboss-server")
    private String id;

    @SerializedName(ApiConstants.BACKUP_ID)
    @Param(description = "ID of the backup")
    private String backupId;

    @SerializedName(ApiConstants.HOST_ID)
    @Param(description = "ID of the host running the job")
    private String hostId;

    @SerializedName(ApiConstants.ZONE_ID)
    @Param(description = "ID of the zone")
    private String zoneId;

    @SerializedName(ApiConstants.TYPE)
    @Param(description = "the kind of job: compression or validation")
    private String type;

    @SerializedName(ApiConstants.STATE)
    @Param(description = "the job's state")
    private String state;

    @SerializedName("attempts")
    @Param(description = "attempts made so far")
    private Integer attempts;

    @SerializedName("scheduleddate")
    @Param(description = "when the job is (next) scheduled")
    private Date scheduledDate;

    @SerializedName(ApiConstants.START_DATE)
    @Param(description = "when the job started")
    private Date startDate;

    @SerializedName(ApiConstants.REMOVED)
    @Param(description = "when the job ended")
    private Date removed;

    @SerializedName("error")
    @Param(description = "the last attempt's error")
    private String error;

    public BackupServiceJobResponse(String id, String backupId, String hostId, String zoneId, String type,
            String state, Integer attempts, Date scheduledDate, Date startDate, Date removed, String error) {
        super("backupservicejob");
        this.id = id;
        this.backupId = backupId;
        this.hostId = hostId;
        this.zoneId = zoneId;
        this.type = type;
        this.state = state;
        this.attempts = attempts;
        this.scheduledDate = scheduledDate;
        this.startDate = startDate;
        this.removed = removed;
        this.error = error;
    }

    public String getId() {
        return id;
    }

    public String getBackupId() {
        return backupId;
    }

    public String getHostId() {
        return hostId;
    }

    public String getType() {
        return type;
    }
}
