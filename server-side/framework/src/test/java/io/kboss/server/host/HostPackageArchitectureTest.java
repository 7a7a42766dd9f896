package io.kboss.server.host;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

public class HostPackageArchitectureTest {
    private static final JavaClasses HOST = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kboss.server.host");

    @Test
    public void theHostDomainKnowsNoFrameworkAndNoAgentWireClasses() {
        noClasses().that().resideInAPackage("io.kboss.server.host.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "java.net.http..", "org.libvirt..", "com.google.gson..", "io.kboss.agent..")
                .because("host health, fingerprints and urls are plain rules tested in milliseconds")
                .check(HOST);
    }

    @Test
    public void hostCodeNeverReadsTheSystemClock() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .because("the monitor is driven by the injected Clock so tests can move time")
                .check(HOST);
    }
}
