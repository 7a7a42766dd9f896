package io.kboss.db;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

public class ArchitectureTest {
    private static final JavaClasses UPGRADER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kboss.db");

    /** The server, the CLI and a future CloudStack adapter all load it: no framework may come along. */
    @Test
    public void theUpgraderNeedsOnlyTheJdkAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.sql..", "org.slf4j..", "io.kboss.db..")
                .check(UPGRADER);
    }

    /** Time is injected so tests can pin applied_at; only the command line's main picks the clock. */
    @Test
    public void onlyTheCommandLineEntryReadsTheSystemClock() {
        noClasses().that().doNotHaveFullyQualifiedName(SchemaUpgradeCli.class.getName())
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .check(UPGRADER);
    }
}
