package io.kboss.cloudstack.api;

import com.cloud.dc.DataCenter;
import io.kboss.client.ListPage;
import io.kboss.client.model.ServiceJob;
import io.kboss.cloudstack.KbossOperations;
import java.util.List;
import javax.inject.Inject;
import org.apache.cloudstack.acl.RoleType;
import org.apache.cloudstack.api.APICommand;
import org.apache.cloudstack.api.ApiConstants;
import org.apache.cloudstack.api.BaseListCmd;
import org.apache.cloudstack.api.Parameter;
import org.apache.cloudstack.api.response.BackupResponse;
import org.apache.cloudstack.api.response.HostResponse;
import org.apache.cloudstack.api.response.ListResponse;
import org.apache.cloudstack.api.response.ZoneResponse;
import org.apache.cloudstack.backup.Backup;

/** listBackupServiceJobs: the compression and validation jobs of the zone's kboss-server. Administrators only. */
@APICommand(name = "listBackupServiceJobs", description = "Lists kboss's backup compression and validation jobs.", responseObject = BackupServiceJobResponse.class, since = "4.22.0", requestHasSensitiveInfo = false, responseHasSensitiveInfo = false, authorized = {
        RoleType.Admin})
public class ListBackupServiceJobsCmd extends BaseListCmd {
    @Inject
    private KbossOperations operations;

    @Parameter(name = ApiConstants.BACKUP_ID, type = CommandType.UUID, entityType = BackupResponse.class, description = "only the jobs of this backup")
    private Long backupId;

    @Parameter(name = ApiConstants.HOST_ID, type = CommandType.UUID, entityType = HostResponse.class, description = "only the jobs running on this host")
    private Long hostId;

    @Parameter(name = ApiConstants.ZONE_ID, type = CommandType.UUID, entityType = ZoneResponse.class, description = "only the jobs of this zone; needed when neither backupid nor hostid is given")
    private Long zoneId;

    @Parameter(name = ApiConstants.TYPE, type = CommandType.STRING, description = "only jobs of this kind")
    private String type;

    @Parameter(name = "executing", type = CommandType.BOOLEAN, description = "only running jobs")
    private Boolean executing;

    @Parameter(name = "scheduled", type = CommandType.BOOLEAN, description = "only jobs waiting to run")
    private Boolean scheduled;

    @Override
    public void execute() {
        ListPage<ServiceJob> page = operations.listServiceJobs(zoneId, backupId, hostId, type, executing, scheduled);
        long zone = zone();
        String zoneUuid = zoneUuid(zone);
        List<BackupServiceJobResponse> jobs = page.items().stream().map(j -> new BackupServiceJobResponse(j,
                operations.cloudStackBackupUuid(zone, j.backupId()).orElse(null),
                operations.cloudStackHostUuid(zone, j.hostId()).orElse(null), zoneUuid)).toList();
        ListResponse<BackupServiceJobResponse> response = new ListResponse<>();
        response.setResponses(jobs, page.count());
        response.setResponseName(getCommandName());
        setResponseObject(response);
    }

    private long zone() {
        if (zoneId != null) {
            return zoneId;
        }
        if (backupId != null) {
            return _entityMgr.findById(Backup.class, backupId).getZoneId();
        }
        return _entityMgr.findById(com.cloud.host.Host.class, hostId).getDataCenterId();
    }

    private String zoneUuid(long zone) {
        DataCenter dc = _entityMgr.findById(DataCenter.class, zone);
        return dc == null ? null : dc.getUuid();
    }
}
