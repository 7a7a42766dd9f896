package io.kboss.server.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

public class DomainIsFrameworkFreeTest {
    private static final JavaClasses FRAMEWORK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kboss.server");

    @Test
    public void domainPackagesImportNoSpringJdbcHttpOrLibvirt() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "javax.servlet..", "org.eclipse.jetty..", "java.net.http..", "org.libvirt..",
                        "com.google.gson..",
                        "com.zaxxer..", "com.mysql..")
                .because("the domain is plain Java, testable in milliseconds (STYLE.md habit 1)")
                .check(FRAMEWORK);
    }

    @Test
    public void theCommandSpiDependsOnNoFramework() {
        noClasses().that().resideInAPackage("io.kboss.server.api")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..",
                        "javax.servlet..", "org.eclipse.jetty..")
                .because("plugins implement the SPI; it must stay thin enough to adapt to CloudStack")
                .check(FRAMEWORK);
    }

    @Test
    public void domainCodeNeverReadsTheSystemClock() {
        noClasses().that().resideInAPackage("..domain..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("time is injected (STYLE.md habit 2)")
                .check(FRAMEWORK);
    }
}
