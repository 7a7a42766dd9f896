package io.kboss.plugin.backup.kboss.domain.offering;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.Test;

public class OfferingRulesTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final ZoneFacts KBOSS_ZONE = new ZoneFacts(1, "zone-1", "z1", "kboss", true);
    private static final ZoneFacts OTHER_PROVIDER_ZONE = new ZoneFacts(2, "zone-2", "z2", "dummy", true);
    private static final ZoneFacts DISABLED_ZONE = new ZoneFacts(3, "zone-3", "z3", "kboss", false);
    private static final DomainFacts SALES = new DomainFacts(7, "domain-7", "sales");

    private final KnownReferences references = new KnownReferences()
            .zone(KBOSS_ZONE).zone(OTHER_PROVIDER_ZONE).zone(DISABLED_ZONE).domain(SALES);
    private final OfferingRules rules = new OfferingRules(references);

    private static OfferingParameters minimal() {
        return new OfferingParameters().name("gold").description("daily backups").zoneUuid("zone-1")
                .allowUserDrivenBackups(true);
    }

    private BackupOffering create(OfferingParameters p) {
        return rules.create(p, "uuid-1", NOW);
    }

    private OfferingRuleViolation refusedCreate(OfferingParameters p) {
        return assertThrows(OfferingRuleViolation.class, () -> create(p));
    }

    private static void assertViolation(OfferingRuleViolation v, String parameter, String fragment) {
        assertEquals(parameter, v.parameter());
        assertTrue("message names the parameter: " + v.getMessage(), v.getMessage().contains(parameter));
        assertTrue("message says '" + fragment + "': " + v.getMessage(), v.getMessage().contains(fragment));
    }

    private BackupOffering stored(BackupOffering offering, long id) {
        BackupOffering withId = offering.withId(id);
        references.offerings.add(withId);
        return withId;
    }

    @Test
    public void minimalOfferingIsPublicPlainAndUsesTheZoneChainSize() {
        BackupOffering o = create(minimal());
        assertEquals("gold", o.name());
        assertEquals("daily backups", o.description());
        assertEquals(1, o.zoneId());
        assertEquals("kboss", o.provider());
        assertEquals("uuid-1", o.externalId());
        assertTrue(o.userDrivenBackups());
        assertTrue(o.isPublic());
        assertEquals(NOW, o.created());
        assertEquals(KbossOfferingOptions.plain(), o.options());
        assertFalse(o.options().overridesChainSize());
    }

    @Test
    public void nameAndDescriptionAreStoredWithoutSurroundingBlanks() {
        BackupOffering o = create(minimal().name("  gold ").description(" text "));
        assertEquals("gold", o.name());
        assertEquals("text", o.description());
    }

    @Test
    public void missingOrBlankNameIsRefused() {
        assertViolation(refusedCreate(minimal().name(null)), "name", "required");
        assertViolation(refusedCreate(minimal().name("   ")), "name", "required");
    }

    @Test
    public void nameLongerThanTheLimitIsRefusedAndAtTheLimitAccepted() {
        assertEquals(255, create(minimal().name("n".repeat(255))).name().length());
        assertViolation(refusedCreate(minimal().name("n".repeat(256))), "name", "at most 255");
    }

    @Test
    public void missingOrOverlongDescriptionIsRefused() {
        assertViolation(refusedCreate(minimal().description(null)), "description", "required");
        assertViolation(refusedCreate(minimal().description("d".repeat(1025))), "description", "at most 1024");
        assertEquals(1024, create(minimal().description("d".repeat(1024))).description().length());
    }

    @Test
    public void missingOrUnknownZoneIsRefused() {
        assertViolation(refusedCreate(minimal().zoneUuid(null)), "zoneid", "required");
        assertViolation(refusedCreate(minimal().zoneUuid("nowhere")), "zoneid", "does not name an existing zone");
    }

    @Test
    public void zoneWhoseProviderIsNotKbossIsRefused() {
        OfferingRuleViolation v = refusedCreate(minimal().zoneUuid("zone-2"));
        assertViolation(v, "zoneid", "backup.framework.provider.plugin");
        assertTrue(v.getMessage().contains("'dummy'"));
    }

    @Test
    public void zoneWithTheBackupFrameworkDisabledIsRefused() {
        assertViolation(refusedCreate(minimal().zoneUuid("zone-3")), "zoneid", "backup.framework.enabled is false");
    }

    @Test
    public void userDrivenBackupsMustBeTrueOnCreate() {
        assertViolation(refusedCreate(minimal().allowUserDrivenBackups(false)), "allowuserdrivenbackups",
                "must be true");
        assertViolation(refusedCreate(minimal().allowUserDrivenBackups(null)), "allowuserdrivenbackups",
                "must be true");
    }

    @Test
    public void offeringWithADomainIsDedicatedToIt() {
        BackupOffering o = create(minimal().domainUuid("domain-7"));
        assertFalse(o.isPublic());
        assertEquals(Long.valueOf(7), o.domainId());
        assertEquals(Long.valueOf(7), create(minimal().isPublic(false).domainUuid("domain-7")).domainId());
    }

    @Test
    public void explicitlyPublicOfferingHasNoDomain() {
        assertNull(create(minimal().isPublic(true)).domainId());
        assertNull(create(minimal().isPublic(true).domainUuid("")).domainId());
    }

    @Test
    public void notPublicWithoutDomainIsRefused() {
        assertViolation(refusedCreate(minimal().isPublic(false)), "domainid", "required when ispublic=false");
    }

    @Test
    public void publicWithDomainIsRefused() {
        assertViolation(refusedCreate(minimal().isPublic(true).domainUuid("domain-7")), "domainid",
                "only allowed when the offering is not public");
    }

    @Test
    public void unknownDomainIsRefused() {
        assertViolation(refusedCreate(minimal().domainUuid("domain-x")), "domainid",
                "does not name an existing domain");
    }

    @Test
    public void compressWithoutLibraryUsesZstd() {
        KbossOfferingOptions o = create(minimal().compress(true)).options();
        assertTrue(o.compress());
        assertEquals(CompressionLibrary.ZSTD, o.compressionLibrary());
    }

    @Test
    public void compressWithEachLibraryKeepsIt() {
        assertEquals(CompressionLibrary.ZLIB,
                create(minimal().compress(true).compressionLibrary("zlib")).options().compressionLibrary());
        assertEquals(CompressionLibrary.ZSTD,
                create(minimal().compress(true).compressionLibrary("ZSTD")).options().compressionLibrary());
    }

    @Test
    public void unknownCompressionLibraryIsRefused() {
        assertViolation(refusedCreate(minimal().compress(true).compressionLibrary("lz4")), "compressionlibrary",
                "must be one of zstd, zlib; 'lz4'");
    }

    @Test
    public void compressionLibraryWithoutCompressIsRefused() {
        assertViolation(refusedCreate(minimal().compressionLibrary("zlib")), "compressionlibrary",
                "only allowed when compress=true");
        assertViolation(refusedCreate(minimal().compress(false).compressionLibrary("zstd")), "compressionlibrary",
                "only allowed when compress=true");
    }

    @Test
    public void emptyCompressionLibraryWithCompressOffIsIgnored() {
        KbossOfferingOptions o = create(minimal().compress(false).compressionLibrary("")).options();
        assertFalse(o.compress());
        assertNull(o.compressionLibrary());
    }

    @Test
    public void validateWithoutStepsRunsTheStepsThatNeedNoVmConfiguration() {
        KbossOfferingOptions o = create(minimal().validate(true)).options();
        assertTrue(o.validate());
        assertEquals(EnumSet.of(ValidationStep.WAIT_FOR_BOOT, ValidationStep.SCREENSHOT), o.validationSteps());
        assertEquals("wait_for_boot,screenshot", o.validationStepsAsText());
    }

    @Test
    public void validationStepsAreAcceptedCommaSeparatedOrAsAList() {
        assertEquals(EnumSet.allOf(ValidationStep.class), create(minimal().validate(true)
                .validationSteps(List.of("screenshot, execute_command,wait_for_boot"))).options().validationSteps());
        assertEquals(EnumSet.of(ValidationStep.EXECUTE_COMMAND), create(minimal().validate(true)
                .validationSteps(List.of("execute_command"))).options().validationSteps());
        assertEquals(EnumSet.of(ValidationStep.SCREENSHOT, ValidationStep.WAIT_FOR_BOOT), create(minimal()
                .validate(true).validationSteps(List.of("screenshot", "wait_for_boot", ""))).options()
                .validationSteps());
    }

    @Test
    public void unknownValidationStepIsRefused() {
        assertViolation(refusedCreate(minimal().validate(true).validationSteps(List.of("wait_for_boot,ping"))),
                "validationsteps", "'ping' is not one of them");
    }

    @Test
    public void repeatedValidationStepIsRefused() {
        assertViolation(refusedCreate(minimal().validate(true).validationSteps(List.of("screenshot", "SCREENSHOT"))),
                "validationsteps", "screenshot more than once");
    }

    @Test
    public void validationStepsWithoutValidateAreRefused() {
        assertViolation(refusedCreate(minimal().validationSteps(List.of("screenshot"))), "validationsteps",
                "only allowed when validate=true");
        assertViolation(refusedCreate(minimal().validate(false).validationSteps(List.of("screenshot"))),
                "validationsteps", "only allowed when validate=true");
    }

    @Test
    public void quickRestoreAndExtractFileAreStored() {
        KbossOfferingOptions o = create(minimal().allowQuickRestore(true).allowExtractFile(true)).options();
        assertTrue(o.allowQuickRestore());
        assertTrue(o.allowExtractFile());
    }

    @Test
    public void backupChainSizeZeroAndAboveAreAccepted() {
        assertEquals(0, create(minimal().backupChainSize(0L)).options().backupChainSize());
        assertEquals(1, create(minimal().backupChainSize(1L)).options().backupChainSize());
        assertTrue(create(minimal().backupChainSize(12L)).options().overridesChainSize());
        assertEquals(Integer.MAX_VALUE,
                create(minimal().backupChainSize((long) Integer.MAX_VALUE)).options().backupChainSize());
    }

    @Test
    public void negativeOrHugeBackupChainSizeIsRefused() {
        assertViolation(refusedCreate(minimal().backupChainSize(-1L)), "backupchainsize", "from 0 to");
        assertViolation(refusedCreate(minimal().backupChainSize(Integer.MAX_VALUE + 1L)), "backupchainsize",
                "from 0 to");
    }

    @Test
    public void nameUsedInTheSameZoneIsRefusedWhateverItsCase() {
        stored(create(minimal()), 1);
        assertViolation(refusedCreate(minimal().name("GOLD")), "name", "already used");
    }

    @Test
    public void nameUsedInAnotherZoneIsAccepted() {
        references.offerings.add(new BackupOffering(9L, "u9", "gold", "d", 5, "kboss", "u9", true, null, NOW,
                KbossOfferingOptions.plain()));
        assertEquals("gold", create(minimal()).name());
    }

    @Test
    public void updateChangesOnlyWhatWasGiven() {
        BackupOffering current = stored(create(minimal().compress(true).compressionLibrary("zlib")
                .validate(true).validationSteps(List.of("execute_command")).backupChainSize(4L)), 1);
        BackupOffering updated = rules.update(current, new OfferingParameters().description("new text"));
        assertEquals("new text", updated.description());
        assertEquals(current.name(), updated.name());
        assertEquals(current.options(), updated.options());
        assertEquals(current.id(), updated.id());
        assertEquals(current.uuid(), updated.uuid());
        assertEquals(current.created(), updated.created());
    }

    @Test
    public void updateToTheSameNameOrANewOneIsAccepted() {
        BackupOffering current = stored(create(minimal()), 1);
        assertEquals("gold", rules.update(current, new OfferingParameters().name("gold")).name());
        assertEquals("silver", rules.update(current, new OfferingParameters().name("silver")).name());
    }

    @Test
    public void updateToANameUsedInTheZoneIsRefused() {
        stored(rules.create(minimal().name("silver"), "uuid-2", NOW), 2);
        BackupOffering current = stored(create(minimal()), 1);
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(current, new OfferingParameters().name("Silver"))), "name", "already used");
    }

    @Test
    public void updateRefusesBlankNameAndUserDrivenBackupsOff() {
        BackupOffering current = stored(create(minimal()), 1);
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(current, new OfferingParameters().name(" "))), "name", "required");
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(current, new OfferingParameters().allowUserDrivenBackups(false))),
                "allowuserdrivenbackups", "must be true");
    }

    @Test
    public void updateTurningCompressOnUsesTheDefaultLibraryAndOffDropsIt() {
        BackupOffering current = stored(create(minimal()), 1);
        BackupOffering on = rules.update(current, new OfferingParameters().compress(true));
        assertEquals(CompressionLibrary.ZSTD, on.options().compressionLibrary());
        BackupOffering off = rules.update(on, new OfferingParameters().compress(false));
        assertFalse(off.options().compress());
        assertNull(off.options().compressionLibrary());
    }

    @Test
    public void updateOfTheLibraryAloneKeepsCompressOn() {
        BackupOffering current = stored(create(minimal().compress(true)), 1);
        assertEquals(CompressionLibrary.ZLIB,
                rules.update(current, new OfferingParameters().compressionLibrary("zlib")).options()
                        .compressionLibrary());
    }

    @Test
    public void updateOfTheLibraryOnAnOfferingThatDoesNotCompressIsRefused() {
        BackupOffering current = stored(create(minimal()), 1);
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(current, new OfferingParameters().compressionLibrary("zlib"))),
                "compressionlibrary", "only allowed when compress=true");
    }

    @Test
    public void updateOfStepsNeedsValidateOnInTheResult() {
        BackupOffering plain = stored(create(minimal()), 1);
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(plain, new OfferingParameters().validationSteps(List.of("screenshot")))),
                "validationsteps", "only allowed when validate=true");
        BackupOffering validating = rules.update(plain, new OfferingParameters().validate(true));
        assertEquals(ValidationStep.defaults(), validating.options().validationSteps());
        BackupOffering screenshotOnly = rules.update(validating,
                new OfferingParameters().validationSteps(List.of("screenshot")));
        assertEquals(EnumSet.of(ValidationStep.SCREENSHOT), screenshotOnly.options().validationSteps());
        BackupOffering off = rules.update(screenshotOnly, new OfferingParameters().validate(false));
        assertTrue(off.options().validationSteps().isEmpty());
    }

    @Test
    public void updateRefusesNegativeChainSizeAndAcceptsZero() {
        BackupOffering current = stored(create(minimal().backupChainSize(3L)), 1);
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(current, new OfferingParameters().backupChainSize(-2L))), "backupchainsize",
                "from 0 to");
        assertEquals(0,
                rules.update(current, new OfferingParameters().backupChainSize(0L)).options().backupChainSize());
    }

    @Test
    public void updateCannotMoveAnOfferingToAnotherZoneOrDomain() {
        BackupOffering current = stored(create(minimal()), 1);
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(current, new OfferingParameters().zoneUuid("zone-1"))), "zoneid",
                "cannot be changed");
        assertViolation(assertThrows(OfferingRuleViolation.class,
                () -> rules.update(current, new OfferingParameters().domainUuid("domain-7"))), "domainid",
                "cannot be changed");
    }

    @Test
    public void optionsRefuseInconsistentCombinationsFromCode() {
        assertThrows(IllegalArgumentException.class,
                () -> new KbossOfferingOptions(true, null, false, null, false, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new KbossOfferingOptions(false, null, true, EnumSet.noneOf(ValidationStep.class), false, false,
                        0));
        assertThrows(IllegalArgumentException.class,
                () -> new KbossOfferingOptions(false, null, false, null, false, false, -1));
    }
}
