package io.kboss.plugin.backup.kboss.domain.lifecycle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.Test;

/** The domain packages of this module stay framework-free so they can be reused inside CloudStack. */
public class DomainHasNoFrameworkImportsTest {
    private static final JavaClasses MODULE = new ClassFileImporter()
            // Main classes only, however the build lays out its folders (Maven, IDE, plain javac).
            .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("/test/"))
            .importPackages("io.kboss.plugin.backup.kboss");

    @Test
    public void domainPackagesUseNoSpringJdbcHttpOrLibvirtTypes() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "java.sql..", "javax.sql..", "javax.servlet..", "jakarta.servlet..",
                        "java.net.http..", "org.eclipse.jetty..", "org.libvirt..", "com.sun.jna..", "com.google.gson..",
                        "com.zaxxer..", "com.mysql..", "org.slf4j..")
                .because("the domain is plain Java, tested in milliseconds, and frameworks live at the edges (STYLE.md)")
                .check(MODULE);
    }

    @Test
    public void theLifecycleChainScheduleRetentionAndAdmissionPackagesNeedOnlyTheJdk() {
        noClasses().that().resideInAnyPackage("io.kboss.plugin.backup.kboss.domain..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.kboss.plugin.backup.kboss.domain..")
                .check(MODULE);
    }
}
