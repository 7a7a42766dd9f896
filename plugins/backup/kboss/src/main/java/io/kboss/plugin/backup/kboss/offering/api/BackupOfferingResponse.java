package io.kboss.plugin.backup.kboss.offering.api;

import io.kboss.plugin.backup.kboss.domain.offering.BackupOffering;
import io.kboss.plugin.backup.kboss.domain.offering.KbossOfferingOptions;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingView;
import io.kboss.server.api.CommandSpec;
import java.time.Instant;

/**
 * CloudStack's BackupOfferingResponse (id, name, description, externalid, zoneid, zonename,
 * allowuserdrivenbackups, provider, created, domainid, domain) plus the kboss options. Field names
 * become the JSON keys lower-cased; null fields (a public offering's domain, compressionlibrary
 * when not compressing) are left out.
 */
final class BackupOfferingResponse {
    static final String OBJECT_NAME = "backupoffering";

    private final String id;
    private final String name;
    private final String description;
    private final String externalId;
    private final String zoneId;
    private final String zoneName;
    private final boolean allowUserDrivenBackups;
    private final String provider;
    private final Instant created;
    private final String domainId;
    private final String domain;
    private final boolean compress;
    private final String compressionLibrary;
    private final boolean validate;
    private final String validationSteps;
    private final boolean allowQuickRestore;
    private final boolean allowExtractFile;
    private final int backupChainSize;

    BackupOfferingResponse(OfferingView view) {
        BackupOffering o = view.offering();
        KbossOfferingOptions options = o.options();
        this.id = o.uuid();
        this.name = o.name();
        this.description = o.description();
        this.externalId = o.externalId();
        this.zoneId = view.zoneUuid();
        this.zoneName = view.zoneName();
        this.allowUserDrivenBackups = o.userDrivenBackups();
        this.provider = o.provider();
        this.created = o.created();
        this.domainId = view.domainUuid();
        this.domain = view.domainName();
        this.compress = options.compress();
        this.compressionLibrary = options.compress() ? options.compressionLibrary().apiName() : null;
        this.validate = options.validate();
        this.validationSteps = options.validate() ? options.validationStepsAsText() : null;
        this.allowQuickRestore = options.allowQuickRestore();
        this.allowExtractFile = options.allowExtractFile();
        this.backupChainSize = options.backupChainSize();
    }

    /** The fields as listApis reports them. */
    static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "ID of the backup offering")
                .responseField("name", "string", "name of the backup offering")
                .responseField("description", "string", "description of the backup offering")
                .responseField("externalid", "string", "provider-side ID; the offering's own ID for kboss offerings")
                .responseField("zoneid", "string", "ID of the zone the offering is for")
                .responseField("zonename", "string", "name of the zone the offering is for")
                .responseField("allowuserdrivenbackups", "boolean", "whether users may create backups and schedules")
                .responseField("provider", "string", "backup provider name (kboss)")
                .responseField("created", "date", "when the offering was created")
                .responseField("domainid", "string",
                        "ID of the domain the offering is dedicated to; absent when public")
                .responseField("domain", "string",
                        "name of the domain the offering is dedicated to; absent when public")
                .responseField("compress", "boolean", "whether backups are compressed after creation")
                .responseField("compressionlibrary", "string", "zstd or zlib; present when compress is true")
                .responseField("validate", "boolean", "whether backups are validated after creation")
                .responseField("validationsteps", "string",
                        "comma-separated validation steps (wait_for_boot, execute_command, screenshot); present when validate is true")
                .responseField("allowquickrestore", "boolean", "whether backups may be restored with quick restore")
                .responseField("allowextractfile", "boolean",
                        "whether listBackupFiles and extractBackupFile may read its backups")
                .responseField("backupchainsize", "integer", "backups per chain; 0 means the zone's backup.chain.size");
    }
}
