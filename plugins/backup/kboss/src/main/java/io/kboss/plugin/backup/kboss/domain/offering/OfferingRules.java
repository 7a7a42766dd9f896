package io.kboss.plugin.backup.kboss.domain.offering;

import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ALLOW_USER_DRIVEN_BACKUPS;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.BACKUP_CHAIN_SIZE;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.COMPRESSION_LIBRARY;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.DESCRIPTION;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.DOMAIN_ID;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.IS_PUBLIC;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.NAME;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.VALIDATION_STEPS;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ZONE_ID;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one place that decides whether a backup offering may be created or changed as asked.
 *
 * <p>Rules, checked in this order, the first broken one is reported:
 * <ul>
 * <li>name: required on create, not blank, at most {@value #MAX_NAME_LENGTH} characters, unique
 *     among the zone's live offerings (case-insensitively, as the database compares);</li>
 * <li>description: required on create (as CloudStack's importBackupOffering), at most
 *     {@value #MAX_DESCRIPTION_LENGTH} characters;</li>
 * <li>zoneid: an existing zone whose backup.framework.provider.plugin is kboss and whose
 *     backup.framework.enabled is true;</li>
 * <li>allowuserdrivenbackups: must be true — KBOSS creates every backup through the API;</li>
 * <li>public or dedicated: CloudStack has no ispublic on backup offerings, an offering without
 *     domainid is public. We also accept ispublic for forms that show the toggle: ispublic=false
 *     requires domainid, ispublic=true forbids it. domainid must name an existing domain;</li>
 * <li>compressionlibrary only with compress=true, one of zstd, zlib; compress=true without a
 *     library means zstd ({@link CompressionLibrary#DEFAULT});</li>
 * <li>validationsteps only with validate=true: steps from wait_for_boot, execute_command,
 *     screenshot, comma-separated or as a list, no duplicates; validate=true without steps means
 *     the steps that need no per-VM configuration ({@link ValidationStep#defaults()});</li>
 * <li>backupchainsize: 0 or more; 0 means the zone's backup.chain.size applies.</li>
 * </ul>
 * An update applies the given parameters to the stored offering and checks the result by the same
 * rules; turning compress or validate off drops the library or the steps with it.
 */
public final class OfferingRules {
    public static final String PROVIDER = "kboss";
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_DESCRIPTION_LENGTH = 1024;

    private final OfferingReferences references;

    public OfferingRules(OfferingReferences references) {
        this.references = Objects.requireNonNull(references, "references");
    }

    /**
     * The offering a createBackupOffering with these parameters makes.
     *
     * @throws OfferingRuleViolation naming the first parameter that breaks a rule
     */
    public BackupOffering create(OfferingParameters p, String uuid, Instant created) {
        String name = checkedName(p.name());
        String description = checkedDescription(p.description());
        ZoneFacts zone = kbossZone(p.zoneUuid());
        checkUserDrivenBackups(p.allowUserDrivenBackups(), true);
        Long domainId = dedicatedDomain(p.isPublic(), p.domainUuid());
        KbossOfferingOptions options = options(p, KbossOfferingOptions.plain());
        checkNameFree(zone.id(), zone.name(), name, null);
        return new BackupOffering(null, uuid, name, description, zone.id(), PROVIDER, uuid, true,
                domainId, created, options);
    }

    /**
     * The offering after an updateBackupOffering with these parameters; the zone and the domain of
     * an offering are fixed once it exists.
     *
     * @throws OfferingRuleViolation naming the first parameter that breaks a rule
     */
    public BackupOffering update(BackupOffering current, OfferingParameters p) {
        refuseChange(ZONE_ID, p.zoneUuid());
        refuseChange(DOMAIN_ID, p.domainUuid());
        refuseChange(IS_PUBLIC, p.isPublic());
        String name = p.name() == null ? current.name() : checkedName(p.name());
        String description = p.description() == null ? current.description() : checkedDescription(p.description());
        checkUserDrivenBackups(p.allowUserDrivenBackups(), false);
        KbossOfferingOptions options = options(p, current.options());
        if (!name.equals(current.name())) {
            checkNameFree(current.zoneId(), null, name, current.id());
        }
        return new BackupOffering(current.id(), current.uuid(), name, description, current.zoneId(),
                current.provider(), current.externalId(), current.userDrivenBackups(), current.domainId(),
                current.created(), options);
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new OfferingRuleViolation(NAME, "name is required and must not be blank: pass a name of 1 to "
                    + MAX_NAME_LENGTH + " characters.");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new OfferingRuleViolation(NAME, "name is " + trimmed.length() + " characters long; at most "
                    + MAX_NAME_LENGTH + " are allowed.");
        }
        return trimmed;
    }

    private static String checkedDescription(String description) {
        if (description == null || description.isBlank()) {
            throw new OfferingRuleViolation(DESCRIPTION, "description is required and must not be blank: pass a "
                    + "description of 1 to " + MAX_DESCRIPTION_LENGTH + " characters.");
        }
        String trimmed = description.strip();
        if (trimmed.length() > MAX_DESCRIPTION_LENGTH) {
            throw new OfferingRuleViolation(DESCRIPTION, "description is " + trimmed.length()
                    + " characters long; at most " + MAX_DESCRIPTION_LENGTH + " are allowed.");
        }
        return trimmed;
    }

    private ZoneFacts kbossZone(String zoneUuid) {
        if (zoneUuid == null || zoneUuid.isBlank()) {
            throw new OfferingRuleViolation(ZONE_ID, "zoneid is required: pass the id of the zone the offering "
                    + "is for (listZones shows them).");
        }
        ZoneFacts zone = references.zone(zoneUuid).orElseThrow(() -> new OfferingRuleViolation(ZONE_ID,
                "zoneid " + zoneUuid + " does not name an existing zone: pass an id that listZones shows."));
        if (!PROVIDER.equals(zone.backupProvider())) {
            throw new OfferingRuleViolation(ZONE_ID, "zone " + zone.name() + " uses backup provider '"
                    + zone.backupProvider() + "', not '" + PROVIDER + "': set backup.framework.provider.plugin to "
                    + PROVIDER + " for this zone (updateConfiguration with zoneid) first.");
        }
        if (!zone.backupFrameworkEnabled()) {
            throw new OfferingRuleViolation(ZONE_ID, "backup.framework.enabled is false for zone " + zone.name()
                    + ": set it to true for this zone (updateConfiguration with zoneid) before creating backup "
                    + "offerings.");
        }
        return zone;
    }

    private static void checkUserDrivenBackups(Boolean allowed, boolean required) {
        if (allowed == null && !required) {
            return;
        }
        if (!Boolean.TRUE.equals(allowed)) {
            throw new OfferingRuleViolation(ALLOW_USER_DRIVEN_BACKUPS, "allowuserdrivenbackups must be true for "
                    + "kboss offerings: without it no backup can be created. Pass allowuserdrivenbackups=true.");
        }
    }

    private Long dedicatedDomain(Boolean isPublic, String domainUuid) {
        boolean domainGiven = domainUuid != null && !domainUuid.isBlank();
        if (Boolean.TRUE.equals(isPublic) && domainGiven) {
            throw new OfferingRuleViolation(DOMAIN_ID, "domainid is only allowed when the offering is not public: "
                    + "leave domainid out, or pass ispublic=false to dedicate the offering to that domain.");
        }
        if (Boolean.FALSE.equals(isPublic) && !domainGiven) {
            throw new OfferingRuleViolation(DOMAIN_ID, "domainid is required when ispublic=false: pass the id of "
                    + "the domain the offering is dedicated to, or ispublic=true.");
        }
        if (!domainGiven) {
            return null;
        }
        return references.domain(domainUuid).map(DomainFacts::id).orElseThrow(() -> new OfferingRuleViolation(
                DOMAIN_ID, "domainid " + domainUuid + " does not name an existing domain: pass an id that "
                        + "listDomains shows, or leave domainid out for a public offering."));
    }

    private static KbossOfferingOptions options(OfferingParameters p, KbossOfferingOptions base) {
        boolean compress = p.compress() == null ? base.compress() : p.compress();
        boolean validate = p.validate() == null ? base.validate() : p.validate();
        return new KbossOfferingOptions(
                compress,
                compressionLibrary(compress, p.compressionLibrary(), base.compressionLibrary()),
                validate,
                validationSteps(validate, p.validationSteps(), base.validationSteps()),
                p.allowQuickRestore() == null ? base.allowQuickRestore() : p.allowQuickRestore(),
                p.allowExtractFile() == null ? base.allowExtractFile() : p.allowExtractFile(),
                backupChainSize(p.backupChainSize(), base.backupChainSize()));
    }

    // A blank library is treated as not given: forms send the hidden field empty when compress is off.
    private static CompressionLibrary compressionLibrary(boolean compress, String asked, CompressionLibrary current) {
        if (asked == null || asked.isBlank()) {
            if (!compress) {
                return null;
            }
            return current != null ? current : CompressionLibrary.DEFAULT;
        }
        if (!compress) {
            throw new OfferingRuleViolation(COMPRESSION_LIBRARY, "compressionlibrary is only allowed when "
                    + "compress=true: pass compress=true, or leave compressionlibrary out.");
        }
        return CompressionLibrary.fromApiName(asked).orElseThrow(() -> new OfferingRuleViolation(
                COMPRESSION_LIBRARY, "compressionlibrary must be one of " + CompressionLibrary.allowedNames()
                        + "; '" + asked.strip() + "' is not."));
    }

    private static Set<ValidationStep> validationSteps(boolean validate, List<String> asked,
            Set<ValidationStep> current) {
        Set<ValidationStep> steps = parseSteps(asked);
        if (steps.isEmpty()) {
            if (!validate) {
                return steps;
            }
            return current.isEmpty() ? ValidationStep.defaults() : current;
        }
        if (!validate) {
            throw new OfferingRuleViolation(VALIDATION_STEPS, "validationsteps is only allowed when validate=true: "
                    + "pass validate=true, or leave validationsteps out.");
        }
        return steps;
    }

    // Empty entries (a trailing comma, an empty form field) are skipped; unknown and repeated
    // steps are refused because they point at a caller's mistake.
    private static Set<ValidationStep> parseSteps(List<String> asked) {
        Set<ValidationStep> steps = EnumSet.noneOf(ValidationStep.class);
        if (asked == null) {
            return steps;
        }
        for (String element : asked) {
            if (element == null) {
                continue;
            }
            for (String token : element.split(",")) {
                if (token.isBlank()) {
                    continue;
                }
                ValidationStep step = ValidationStep.fromApiName(token).orElseThrow(() -> new OfferingRuleViolation(
                        VALIDATION_STEPS, "validationsteps may contain only " + ValidationStep.allowedNames()
                                + "; '" + token.strip() + "' is not one of them."));
                if (!steps.add(step)) {
                    throw new OfferingRuleViolation(VALIDATION_STEPS, "validationsteps names " + step.apiName()
                            + " more than once: list each step once.");
                }
            }
        }
        return steps;
    }

    private static int backupChainSize(Long asked, int current) {
        if (asked == null) {
            return current;
        }
        if (asked < 0 || asked > Integer.MAX_VALUE) {
            throw new OfferingRuleViolation(BACKUP_CHAIN_SIZE, "backupchainsize must be a whole number from 0 to "
                    + Integer.MAX_VALUE + " (0 = use the zone's backup.chain.size); " + asked + " is not.");
        }
        return asked.intValue();
    }

    private void checkNameFree(long zoneId, String zoneName, String name, Long exceptOfferingId) {
        if (references.nameTaken(zoneId, name, exceptOfferingId)) {
            String where = zoneName == null ? "this zone" : "zone " + zoneName;
            throw new OfferingRuleViolation(NAME, "name '" + name + "' is already used by another backup offering in "
                    + where + ": choose a different name.");
        }
    }

    private static void refuseChange(String parameter, Object given) {
        if (given != null) {
            throw new OfferingRuleViolation(parameter, parameter + " cannot be changed on an existing offering: "
                    + "create a new offering instead.");
        }
    }
}
