package io.kboss.client.request;

/**
 * The filters of listBackupServiceJobs (issues 9 and 10): one job ({@code id}), a backup's jobs, a
 * host's (which implies executing ones), a zone's, one {@code type}, only executing or only
 * scheduled ones. Null filters are not sent.
 */
public record ServiceJobQuery(String id, String backupId, String hostId, String zoneId, String type,
        Boolean executing, Boolean scheduled) {

    public static ServiceJobQuery all() {
        return new ServiceJobQuery(null, null, null, null, null, null, null);
    }

    public ServiceJobQuery ofBackup(String backup) {
        return new ServiceJobQuery(id, backup, hostId, zoneId, type, executing, scheduled);
    }

    public ServiceJobQuery onHost(String host) {
        return new ServiceJobQuery(id, backupId, host, zoneId, type, executing, scheduled);
    }

    public ServiceJobQuery inZone(String zone) {
        return new ServiceJobQuery(id, backupId, hostId, zone, type, executing, scheduled);
    }

    public ServiceJobQuery ofType(String jobType) {
        return new ServiceJobQuery(id, backupId, hostId, zoneId, jobType, executing, scheduled);
    }

    public ServiceJobQuery executing(boolean only) {
        return new ServiceJobQuery(id, backupId, hostId, zoneId, type, only, scheduled);
    }

    public ServiceJobQuery scheduled(boolean only) {
        return new ServiceJobQuery(id, backupId, hostId, zoneId, type, executing, only);
    }
}
