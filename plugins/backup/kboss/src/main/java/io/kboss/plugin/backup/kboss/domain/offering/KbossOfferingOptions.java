package io.kboss.plugin.backup.kboss.domain.offering;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a KBOSS offering asks of the backups made with it. Instances are always consistent: a
 * compression library exactly when compress is on, at least one validation step exactly when
 * validate is on, a chain size of 0 or more. {@link OfferingRules} turns caller input into one;
 * breaking these invariants here is a programming error, not a caller error.
 *
 * @param backupChainSize 0 means "use the zone's backup.chain.size"; any other value overrides it
 *                        (1 makes every backup a full one)
 * @param allowExtractFile whether file-level restore (listBackupFiles, extractBackupFile) may read its backups
 */
public record KbossOfferingOptions(
        boolean compress,
        CompressionLibrary compressionLibrary,
        boolean validate,
        Set<ValidationStep> validationSteps,
        boolean allowQuickRestore,
        boolean allowExtractFile,
        int backupChainSize) {

    /** Chain size meaning "no override: the zone's backup.chain.size applies". */
    public static final int ZONE_CHAIN_SIZE = 0;

    public KbossOfferingOptions {
        if (compress != (compressionLibrary != null)) {
            throw new IllegalArgumentException("a compression library must be set exactly when compress is on");
        }
        validationSteps = validationSteps == null || validationSteps.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(ValidationStep.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(validationSteps));
        if (validate == validationSteps.isEmpty()) {
            throw new IllegalArgumentException("validation steps must be set exactly when validate is on");
        }
        if (backupChainSize < 0) {
            throw new IllegalArgumentException("backup chain size must be 0 or more, was " + backupChainSize);
        }
    }

    /** No compression, no validation, no quick restore, the zone's chain size. */
    public static KbossOfferingOptions plain() {
        return new KbossOfferingOptions(false, null, false, null, false, false, ZONE_CHAIN_SIZE);
    }

    /** The steps as the API writes them: "wait_for_boot,screenshot", in a fixed order. */
    public String validationStepsAsText() {
        return validationSteps.stream().map(ValidationStep::apiName).collect(Collectors.joining(","));
    }

    /** Whether this offering overrides the zone's backup.chain.size. */
    public boolean overridesChainSize() {
        return backupChainSize != ZONE_CHAIN_SIZE;
    }
}
