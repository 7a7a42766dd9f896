package io.kboss.plugin.backup.kboss.offering.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.Test;

/**
 * The offering rules stay plain Java: they are what a CloudStack adapter would reuse unchanged,
 * and they are tested in milliseconds without a database.
 */
public class OfferingDomainIsPlainJavaTest {
    private static final JavaClasses PLUGIN = offeringDomainClasses();

    // Reads only the compiled offering.domain folder: scanning the whole classpath for a package
    // costs seconds, and the rules judge dependencies by their package names, which need no loading.
    private static JavaClasses offeringDomainClasses() {
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolving = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            Path classes = Paths.get(OfferingRules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().importPath(
                    classes.resolve(OfferingRules.class.getPackageName().replace('.', '/')));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The compiled offering domain classes cannot be located", e);
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolving);
        }
    }

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
