package io.kboss.agent.disk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

/** The disk engine's domain (requests, results, chain rules) stays free of frameworks and libvirt. */
public class DiskDomainArchitectureTest {

  @Test
  public void theDiskDomainImportsNoSpringJdbcHttpOrLibvirt() {
    noClasses().that().resideInAPackage("io.kboss.agent.disk.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
            "javax.servlet..", "org.eclipse.jetty..", "java.net.http..", "org.libvirt..", "com.sun.jna..",
            "com.google.gson..")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kboss.agent.disk"));
  }
}
