package io.kboss.plugin.backup.kboss.offering.jdbc;

import io.kboss.plugin.backup.kboss.domain.offering.CompressionLibrary;
import io.kboss.plugin.backup.kboss.domain.offering.KbossOfferingOptions;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import io.kboss.plugin.backup.kboss.domain.offering.ValidationStep;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The kboss options as rows of backup_offering_details. Every option is written, also when it has
 * its default, so a row set read back never depends on defaults that may change later. Detail
 * names are the API parameter names: one spelling for one thing.
 */
final class OfferingDetails {

    private OfferingDetails() {
    }

    static Map<String, String> of(KbossOfferingOptions o) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(OfferingParameter.COMPRESS, Boolean.toString(o.compress()));
        if (o.compress()) {
            d.put(OfferingParameter.COMPRESSION_LIBRARY, o.compressionLibrary().apiName());
        }
        d.put(OfferingParameter.VALIDATE, Boolean.toString(o.validate()));
        if (o.validate()) {
            d.put(OfferingParameter.VALIDATION_STEPS, o.validationStepsAsText());
        }
        d.put(OfferingParameter.ALLOW_QUICK_RESTORE, Boolean.toString(o.allowQuickRestore()));
        d.put(OfferingParameter.ALLOW_EXTRACT_FILE, Boolean.toString(o.allowExtractFile()));
        d.put(OfferingParameter.BACKUP_CHAIN_SIZE, Integer.toString(o.backupChainSize()));
        return d;
    }

    /**
     * @throws IllegalStateException when stored details are not what {@link #of} writes: the row
     *     was changed by hand or by a newer version, and guessing would misconfigure backups
     */
    static KbossOfferingOptions parse(String offeringUuid, Map<String, String> d) {
        try {
            boolean compress = Boolean.parseBoolean(d.get(OfferingParameter.COMPRESS));
            CompressionLibrary library = compress
                    ? CompressionLibrary.fromApiName(
                            d.get(OfferingParameter.COMPRESSION_LIBRARY))
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "unknown compression library '" + d.get(OfferingParameter.COMPRESSION_LIBRARY)
                                            + "'"))
                    : null;
            boolean validate = Boolean.parseBoolean(d.get(OfferingParameter.VALIDATE));
            Set<ValidationStep> steps = EnumSet.noneOf(ValidationStep.class);
            if (validate) {
                for (String name : d.getOrDefault(OfferingParameter.VALIDATION_STEPS, "").split(",")) {
                    steps.add(ValidationStep.fromApiName(name).orElseThrow(
                            () -> new IllegalArgumentException("unknown validation step '" + name + "'")));
                }
            }
            return new KbossOfferingOptions(compress, library, validate, steps,
                    Boolean.parseBoolean(d.get(OfferingParameter.ALLOW_QUICK_RESTORE)),
                    Boolean.parseBoolean(d.get(OfferingParameter.ALLOW_EXTRACT_FILE)),
                    Integer.parseInt(d.getOrDefault(OfferingParameter.BACKUP_CHAIN_SIZE, "0")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Backup offering " + offeringUuid + " has unreadable details " + d
                    + " in backup_offering_details: " + e.getMessage()
                    + ". Fix the rows with updateBackupOffering or by hand.", e);
        }
    }
}
