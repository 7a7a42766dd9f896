package io.kboss.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsed file name of a schema script: {@code V<n>__<description>.sql}. */
record ScriptName(int version, String description) {
    private static final Pattern PATTERN = Pattern.compile("V([0-9]{1,9})__([A-Za-z0-9_]+)\\.sql");

    static boolean looksLikeScript(String fileName) {
        return fileName.endsWith(".sql");
    }

    static ScriptName parse(String fileName) {
        Matcher m = PATTERN.matcher(fileName);
        if (!m.matches()) {
            throw new SchemaUpgradeException(SchemaUpgradeException.Kind.INVALID_SCRIPTS,
                    "Schema script '" + fileName + "' is not named V<number>__<description>.sql "
                            + "(letters, digits and underscores, e.g. V3__backup_chains.sql); rename it.");
        }
        return new ScriptName(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '));
    }
}
