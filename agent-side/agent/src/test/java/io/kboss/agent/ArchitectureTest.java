package io.kboss.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

public class ArchitectureTest {
    /** The module's own classes only: scanning every jar on the class path took over 20 s. */
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(java.nio.file.Path.of("target", "classes"));

    @Test
    public void domainPackagesHaveNoSpringJdbcHttpOrLibvirtImports() {
        noClasses().that().resideInAPackage("..domain..").should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..", "javax.servlet..",
                        "org.eclipse.jetty..", "java.net.http..", "org.libvirt..", "com.sun.jna..")
                .check(AGENT);
    }

    @Test
    public void logicDoesNotReadTheClockDirectly() {
        noClasses().that().resideInAnyPackage("..domain..", "..job..", "..http..", "..pairing..").should()
                .callMethod(System.class, "currentTimeMillis").orShould()
                .callMethod(java.time.Instant.class, "now").check(AGENT);
    }
}
