package io.kboss.plugin.backup.kboss.domain.backup;

/**
 * The layout of backup files on a secondary store, relative to the store's root so the store can
 * be mounted anywhere: {@code backups/<accountId>/<volumeId>/<backupUuid>.qcow2}. The ids are the
 * database ids of the VM's owner and of the volume; they never change, unlike names.
 */
public final class BackupPaths {

    private BackupPaths() {
    }

    public static String volumeFile(long accountId, long volumeId, String backupUuid) {
        if (backupUuid == null || backupUuid.isBlank() || backupUuid.contains("/")) {
            throw new IllegalArgumentException("a backup uuid without '/' is needed for its file name, was '"
                    + backupUuid + "'");
        }
        return "backups/" + accountId + "/" + volumeId + "/" + backupUuid + ".qcow2";
    }

    /** Where a validation's screenshot goes: beside the backup's file, {@code <file without .qcow2>.validation.png}. */
    public static String validationScreenshot(String volumeFile) {
        return volumeFile.replaceFirst("\\.qcow2$", "") + ".validation.png";
    }
}
