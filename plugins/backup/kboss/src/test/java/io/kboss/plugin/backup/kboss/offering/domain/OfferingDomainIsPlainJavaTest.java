package io.kboss.plugin.backup.kboss.offering.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

/**
 * The offering rules stay plain Java: they are what a CloudStack adapter would reuse unchanged,
 * and they are tested in milliseconds without a database.
 */
public class OfferingDomainIsPlainJavaTest {
    private static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kboss.plugin.backup.kboss");

    @Test
    public void offeringDomainDependsOnlyOnTheJdkAndItself() {
        noClasses().that().resideInAPackage("io.kboss.plugin.backup.kboss.offering.domain..")
                .should().dependOnClassesThat()
                .resideOutsideOfPackages("java.lang..", "java.util..", "java.time..",
                        "io.kboss.plugin.backup.kboss.offering.domain..")
                .because("Spring, JDBC, HTTP, libvirt and the server framework belong at the edges (STYLE.md)")
                .check(PLUGIN);
    }

    @Test
    public void offeringDomainIsFoundAndChecked() {
        // Guards the rule above against passing vacuously after a package rename.
        noClasses().that().resideInAPackage("io.kboss.plugin.backup.kboss.offering.domain..")
                .should().haveSimpleName("NoSuchClass")
                .allowEmptyShould(false)
                .check(PLUGIN);
    }
}
