package io.kboss.plugin.backup.kboss.domain.backup;

/** Whether a backup holds whole disks or only what changed since its parent. */
public enum BackupType {
    FULL("Full"), INCREMENTAL("Incremental");

    private final String apiName;

    BackupType(String apiName) {
        this.apiName = apiName;
    }

    /** The spelling listBackups shows. */
    public String apiName() {
        return apiName;
    }
}
