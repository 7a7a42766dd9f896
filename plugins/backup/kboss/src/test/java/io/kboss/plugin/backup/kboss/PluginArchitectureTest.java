package io.kboss.plugin.backup.kboss;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.Assert.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.ArchConfiguration;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The plugin's boundaries, checked on every build: it reaches the framework only through the SPI
 * packages (so the framework may change anything else, and a CloudStack host can provide the same
 * SPI), its SQL names only the tables it owns (the framework's tables are read and written through
 * the framework's ports), and its domain is plain Java.
 */
public class PluginArchitectureTest {
    /**
     * The framework's SPI: the API command model, the provider SPI with its ports, the operation queue,
     * and settings. Documented in docs/ARCHITECTURE.md. The schedule domain is allowed too: it is pure
     * domain code (CloudStack's interval types, time zones and the firing calendar, plain Java taking time
     * as an argument, with no state, database or Spring), which backup jobs' schedules reuse so that a job
     * fires by exactly the rules a VM's schedule fires by; its firings are claimed by the plugin's own code.
     */
    static final String[] SPI = {"io.kboss.server.api", "io.kboss.server.backup", "io.kboss.server.operation",
            "io.kboss.server.settings", "io.kboss.server.settings.domain", "io.kboss.server.backup.schedule.domain",
            "io.kboss.server.event"};

    /** The tables the framework owns; the provider's are backup, backup_volume, backup_chain, backup_offering*. */
    static final List<String> FRAMEWORK_TABLES = List.of("vm_instance", "volume", "host", "zone", "image_store",
            "async_job", "mshost", "operation", "operation_limit_group", "backup_schedule", "backup_schedule_firing",
            "account", "domain", "user", "session", "configuration_value", "event", "alert", "webhook",
            "webhook_delivery", "webhook_delivery_attempt");

    private static final JavaClasses MODULE = importMainClasses();

    private static JavaClasses importMainClasses() {
        // Import the module's own class folder rather than scanning every jar on the classpath for the
        // package (seconds); dependencies are judged by package name only, so they need not be loaded.
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(Paths.get(KbossBackupProvider.class.getProtectionDomain().getCodeSource().getLocation()
                            .toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the module's classes from " + KbossBackupProvider.class, e);
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    public void thePluginUsesOnlyTheFrameworksSpiPackages() {
        noClasses().that().resideInAPackage("io.kboss.plugin..").should().dependOnClassesThat(
                resideInAPackage("io.kboss.server..").and(not(resideInAnyPackage(SPI))))
                .because("the framework's other packages are its own to change (docs/ARCHITECTURE.md)")
                .check(MODULE);
    }

    @Test
    public void theDomainNeedsOnlyTheJdk() {
        noClasses().that().resideInAnyPackage("io.kboss.plugin.backup.kboss.domain..")
                .should().dependOnClassesThat()
                .resideOutsideOfPackages("java..", "io.kboss.plugin.backup.kboss.domain..")
                .because("the domain is plain Java, tested in milliseconds, and frameworks live at the edges "
                        + "(STYLE.md)")
                .check(MODULE);
    }

    @Test
    public void theDomainIsFoundAndChecked() {
        // Guards the rule above against passing vacuously after a package rename.
        noClasses().that().resideInAPackage("io.kboss.plugin.backup.kboss.domain..").should()
                .haveSimpleName("NoSuchClass").allowEmptyShould(false).check(MODULE);
    }

    @Test
    public void thePluginsSqlNamesNoFrameworkTable() throws IOException {
        Pattern sql = Pattern.compile("\\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\\s+`?(" + String.join("|",
                FRAMEWORK_TABLES) + ")`?\\b");
        List<String> found = new ArrayList<>();
        Path sources = Paths.get("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = sql.matcher(stringLiterals(lines.get(i)));
                    if (m.find()) {
                        found.add(sources.relativize(f) + ":" + (i + 1) + " names " + m.group(1));
                    }
                }
            }
        }
        assertTrue("the plugin reads and writes framework tables only through the framework's ports "
                + "(VmInventory, ImageStores, Directory, OperationQueue, BackupSchedules): " + found,
                found.isEmpty());
    }

    /**
     * The string literals of a line of Java, joined, so comments and identifiers do not count. SQL is
     * written in upper case in this code base, prose in lower case.
     */
    private static String stringLiterals(String line) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(line);
        while (m.find()) {
            out.append(m.group(1)).append(' ');
        }
        return out.toString();
    }
}
