package io.kboss.db;

import java.util.Objects;

/**
 * One versioned schema script, {@code V<version>__<description>.sql}, as found on the classpath.
 *
 * @param version positive script number; scripts apply in ascending order
 * @param description the file name's description with underscores read as spaces
 * @param scriptName the file name, used in messages
 * @param location where the script was found (classpath root), used in messages
 * @param sql the script text with line endings normalized to {@code \n}
 * @param checksum SHA-256 (hex) of {@code sql}; a change after the script was applied is refused
 */
public record Migration(int version, String description, String scriptName, String location, String sql,
        String checksum) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("schema script version must be 1 or more, was " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(scriptName, "scriptName");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(checksum, "checksum");
    }

    /** Builds a migration from its file name and raw text, computing the checksum. */
    public static Migration of(String scriptName, String location, String rawSql) {
        ScriptName name = ScriptName.parse(scriptName);
        // Normalized so that a checkout with CRLF line endings does not look like an edited script.
        String sql = rawSql.replace("\r\n", "\n").replace('\r', '\n');
        if (sql.startsWith("\uFEFF")) {
            sql = sql.substring(1);
        }
        return new Migration(name.version(), name.description(), scriptName, location, sql, Checksums.sha256(sql));
    }

    @Override
    public String toString() {
        return "V" + version + " (" + description + ")";
    }
}
