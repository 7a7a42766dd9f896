package io.kboss.cloudstack.api;

import com.cloud.serializer.Param;
import com.google.gson.annotations.SerializedName;
import io.kboss.client.model.ServiceJob;
import java.time.Instant;
import java.util.Date;
import org.apache.cloudstack.api.ApiConstants;
import org.apache.cloudstack.api.BaseResponse;

/**
 * A kboss compression or validation job, with CloudStack's ids for its backup, host and zone and the rest as
 * kboss-server's listBackupServiceJobs answers it: its state and flags, its attempts and dates, and while it
 * runs how far its attempt got. Fields kboss-server leaves out (a waiting job's progress, or all of them from
 * a server older than the progress fields) stay null, so CloudStack leaves them out too.
 */
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
    @Param(description = "the kind of job: Compression or Validation")
    private String type;

    @SerializedName(ApiConstants.STATE)
    @Param(description = "the job's state: Queued, Running, " + ServiceJob.WAITING_FOR_RETRY + " (a failed attempt"
            + " runs again at scheduleddate), Succeeded, Failed or Cancelled")
    private String state;

    @SerializedName("executing")
    @Param(description = "whether the job runs now")
    private Boolean executing;

    @SerializedName("scheduled")
    @Param(description = "whether the job waits to run (its first attempt or a retry)")
    private Boolean scheduled;

    @SerializedName("attempts")
    @Param(description = "attempts made so far")
    private Integer attempts;

    @SerializedName("scheduleddate")
    @Param(description = "when a waiting job may start at the earliest (after a failed attempt, the end of its"
            + " retry interval)")
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

    @SerializedName("progress")
    @Param(description = "how far the running attempt got, in percent; absent while the job waits or after it"
            + " ended")
    private Integer progress;

    @SerializedName("progressdone")
    @Param(description = "units the running attempt did: bytes of a compression (its copy, then its check),"
            + " steps of a validation")
    private Long progressDone;

    @SerializedName("progresstotal")
    @Param(description = "units the running attempt does in all")
    private Long progressTotal;

    @SerializedName("phase")
    @Param(description = "what the running attempt does now, as the kboss agent says it")
    private String phase;

    /** {@code job} as kboss-server answered it, with CloudStack's uuids of its backup, host and zone. */
    public BackupServiceJobResponse(ServiceJob job, String backupId, String hostId, String zoneId) {
        super("backupservicejob");
        this.id = job.id();
        this.backupId = backupId;
        this.hostId = hostId;
        this.zoneId = zoneId;
        this.type = job.type();
        this.state = job.state();
        this.executing = job.executing();
        this.scheduled = job.scheduled();
        this.attempts = job.attempts();
        this.scheduledDate = date(job.scheduledDate());
        this.startDate = date(job.startDate());
        this.removed = date(job.removed());
        this.error = job.error();
        this.progress = job.progress();
        this.progressDone = job.progressDone();
        this.progressTotal = job.progressTotal();
        this.phase = job.phase();
    }

    private static Date date(Instant at) {
        return at == null ? null : Date.from(at);
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

    public String getZoneId() {
        return zoneId;
    }

    public String getType() {
        return type;
    }

    public String getState() {
        return state;
    }

    public Boolean getExecuting() {
        return executing;
    }

    public Boolean getScheduled() {
        return scheduled;
    }

    public Date getScheduledDate() {
        return scheduledDate;
    }

    public Integer getProgress() {
        return progress;
    }

    public Long getProgressDone() {
        return progressDone;
    }

    public Long getProgressTotal() {
        return progressTotal;
    }

    public String getPhase() {
        return phase;
    }
}
