package io.kboss.agent.disk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.Test;

/**
 * The disk engine's domain (requests, results, chain rules) stays free of frameworks and libvirt,
 * and no disk code reads the time by itself (frozen windows and durations come from the Clock).
 */
public class DiskDomainArchitectureTest {
    /** Only this module's compiled disk classes: scanning the class path is slow for nothing. */
    private static final JavaClasses DISK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes", "io", "kboss", "agent", "disk"));

    @Test
    public void theDiskDomainImportsNoSpringJdbcHttpLibvirtOrJson() {
        noClasses().that().resideInAPackage("io.kboss.agent.disk.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "javax.servlet..", "org.eclipse.jetty..", "java.net.http..", "org.libvirt..", "com.sun.jna..",
                        "com.google.gson..")
                .check(DISK);
    }

    @Test
    public void diskCodeTakesTheTimeFromTheInjectedClock() {
        noClasses().that().resideInAPackage("io.kboss.agent.disk..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .check(DISK);
    }
}
