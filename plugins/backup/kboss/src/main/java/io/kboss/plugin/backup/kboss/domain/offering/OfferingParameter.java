package io.kboss.plugin.backup.kboss.domain.offering;

/**
 * The API names of the offering's parameters. Rule messages name them so the caller knows which
 * one to change; the commands declare the same names, so there is one spelling for each.
 */
public final class OfferingParameter {
    public static final String ID = "id";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String ZONE_ID = "zoneid";
    public static final String ALLOW_USER_DRIVEN_BACKUPS = "allowuserdrivenbackups";
    public static final String IS_PUBLIC = "ispublic";
    public static final String DOMAIN_ID = "domainid";
    public static final String COMPRESS = "compress";
    public static final String COMPRESSION_LIBRARY = "compressionlibrary";
    public static final String VALIDATE = "validate";
    public static final String VALIDATION_STEPS = "validationsteps";
    public static final String ALLOW_QUICK_RESTORE = "allowquickrestore";
    public static final String ALLOW_EXTRACT_FILE = "allowextractfile";
    public static final String BACKUP_CHAIN_SIZE = "backupchainsize";

    private OfferingParameter() {
    }
}
