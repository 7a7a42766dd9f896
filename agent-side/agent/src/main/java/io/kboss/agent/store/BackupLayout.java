package io.kboss.agent.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one place that knows where backups live on a store:
 * {@code <store>/backups/<accountId>/<volumeId>/<backupUuid>.qcow2}, screenshots beside them.
 * Paths on the wire are relative to the store root; {@link #resolve} is the only way from such a
 * path to a file, and it refuses anything that would leave the store (a command is authenticated,
 * but a bug on the server must still not make the agent write outside its stores).
 */
public final class BackupLayout {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private BackupLayout() {
    }

    public static String backupFile(String accountId, String volumeId, String backupUuid) {
        return "backups/" + segment(accountId, "account id") + "/" + segment(volumeId, "volume id") + "/"
                + segment(backupUuid, "backup uuid") + ".qcow2";
    }

    public static String screenshotFile(String accountId, String volumeId, String backupUuid) {
        return "backups/" + segment(accountId, "account id") + "/" + segment(volumeId, "volume id") + "/"
                + segment(backupUuid, "backup uuid") + ".png";
    }

    /** @throws IllegalArgumentException when the path is absolute or leaves the store */
    public static Path resolve(Path storeRoot, String relativePath) {
        if (relativePath == null || relativePath.isBlank()) {
            throw new IllegalArgumentException("A backup path is missing");
        }
        Path rel = Path.of(relativePath);
        Path resolved = storeRoot.resolve(rel).normalize();
        if (rel.isAbsolute() || !resolved.startsWith(storeRoot.normalize())) {
            throw new IllegalArgumentException("Backup path '" + relativePath
                    + "' is not inside the store; paths on the wire are relative to the store root");
        }
        return resolved;
    }

    private static String segment(String value, String what) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException("The " + what + " '" + value
                    + "' cannot be a folder name (letters, digits, '.', '_', '-'; 128 at most)");
        }
        return value;
    }
}
