package io.kboss.plugin.backup.kboss.offering.api;

import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ALLOW_EXTRACT_FILE;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ALLOW_QUICK_RESTORE;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ALLOW_USER_DRIVEN_BACKUPS;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.BACKUP_CHAIN_SIZE;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.COMPRESS;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.COMPRESSION_LIBRARY;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.DESCRIPTION;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.NAME;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.VALIDATE;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.VALIDATION_STEPS;

import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameters;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingRules;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ParamType;
import io.kboss.server.api.Params;
import java.util.List;

/**
 * The parameters create and update share, declared once. The declarations check types and
 * lengths; the combinations (compressionlibrary only with compress, ...) are OfferingRules' job.
 */
final class OfferingCommandParams {

    private OfferingCommandParams() {
    }

    static ParamSpec name() {
        return ParamSpec.string(NAME).maxLength(OfferingRules.MAX_NAME_LENGTH)
                .description("the name of the backup offering, unique in its zone");
    }

    static ParamSpec description() {
        return ParamSpec.string(DESCRIPTION).maxLength(OfferingRules.MAX_DESCRIPTION_LENGTH)
                .description("the description of the backup offering");
    }

    static ParamSpec allowUserDrivenBackups() {
        return ParamSpec.bool(ALLOW_USER_DRIVEN_BACKUPS)
                .description("whether users may create ad-hoc backups and backup schedules; must be true for kboss");
    }

    /** The kboss options, all optional on create and on update. */
    static CommandSpec.Builder options(CommandSpec.Builder b) {
        return b.param(
                ParamSpec.bool(COMPRESS).description("whether backups are compressed after creation (default false)"))
                .param(ParamSpec.string(COMPRESSION_LIBRARY).maxLength(16)
                        .description("zstd or zlib; only with compress=true, which uses zstd when none is given"))
                .param(ParamSpec.bool(VALIDATE)
                        .description("whether backups are validated after creation (default false)"))
                .param(ParamSpec.list(VALIDATION_STEPS, ParamType.STRING).maxLength(32)
                        .description("comma-separated steps from wait_for_boot, execute_command, screenshot; only with "
                                + "validate=true, which uses wait_for_boot,screenshot when none are given"))
                .param(ParamSpec.bool(ALLOW_QUICK_RESTORE)
                        .description("whether backups may be restored with quick restore (default false)"))
                .param(ParamSpec.bool(ALLOW_EXTRACT_FILE)
                        .description(
                                "whether listBackupFiles and extractBackupFile may read its backups (default false)"))
                .param(ParamSpec.longValue(BACKUP_CHAIN_SIZE)
                        .description("backups per chain, overriding the zone's backup.chain.size; 0 or more, "
                                + "0 (the default) uses the zone's setting"));
    }

    /** Name, description, allowuserdrivenbackups and the options, as given (null when absent). */
    static OfferingParameters common(Params p) {
        List<String> steps = p.has(VALIDATION_STEPS) ? p.list(VALIDATION_STEPS) : null;
        return new OfferingParameters()
                .name(p.string(NAME))
                .description(p.string(DESCRIPTION))
                .allowUserDrivenBackups(p.bool(ALLOW_USER_DRIVEN_BACKUPS))
                .compress(p.bool(COMPRESS))
                .compressionLibrary(p.string(COMPRESSION_LIBRARY))
                .validate(p.bool(VALIDATE))
                .validationSteps(steps)
                .allowQuickRestore(p.bool(ALLOW_QUICK_RESTORE))
                .allowExtractFile(p.bool(ALLOW_EXTRACT_FILE))
                .backupChainSize(p.longValue(BACKUP_CHAIN_SIZE));
    }
}
