package io.kboss.plugin.backup.kboss.domain.lifecycle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import org.junit.Test;

/** The domain packages of this module stay framework-free so they can be reused inside CloudStack. */
public class DomainHasNoFrameworkImportsTest {
    private static final JavaClasses MODULE = importMainClasses();

    private static JavaClasses importMainClasses() {
        // Import the module's own class folder rather than scanning every jar on the classpath for the
        // package (seconds); dependencies are judged by package name only, so they need not be loaded.
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter().importPath(Paths.get(BackupStatus.class.getProtectionDomain()
                    .getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the module's classes from " + BackupStatus.class, e);
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    public void domainPackagesUseNoSpringJdbcHttpOrLibvirtTypes() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "java.sql..", "javax.sql..", "javax.servlet..", "jakarta.servlet..",
                        "java.net.http..", "org.eclipse.jetty..", "org.libvirt..", "com.sun.jna..", "com.google.gson..",
                        "com.zaxxer..", "com.mysql..", "org.slf4j..")
                .because(
                        "the domain is plain Java, tested in milliseconds, and frameworks live at the edges (STYLE.md)")
                .check(MODULE);
    }

    @Test
    public void theLifecycleChainScheduleRetentionAndAdmissionPackagesNeedOnlyTheJdk() {
        noClasses().that().resideInAnyPackage("io.kboss.plugin.backup.kboss.domain..")
                .should().dependOnClassesThat()
                .resideOutsideOfPackages("java..", "io.kboss.plugin.backup.kboss.domain..")
                .check(MODULE);
    }
}
