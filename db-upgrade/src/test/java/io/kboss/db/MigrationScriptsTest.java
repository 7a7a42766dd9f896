package io.kboss.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MigrationScriptsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void scriptsAreFoundInDirectoriesAndJarsAndOrderedByNumberNotByName() throws Exception {
        Path dir = tmp.newFolder("classes").toPath();
        Files.createDirectories(dir.resolve("db/migration"));
        Files.writeString(dir.resolve("db/migration/V10__tenth.sql"), "SELECT 10;");
        Files.writeString(dir.resolve("db/migration/V2__second_one.sql"), "SELECT 2;");
        Files.writeString(dir.resolve("db/migration/README.txt"), "not a script");
        Path jar = tmp.getRoot().toPath().resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Class loaders find a folder in a jar by its directory entry, which jar tools write.
            out.putNextEntry(new JarEntry("db/"));
            out.putNextEntry(new JarEntry("db/migration/"));
            put(out, "db/migration/V3__from_a_jar.sql", "SELECT 3;");
            put(out, "db/migration/nested/V4__ignored.sql", "SELECT 4;");
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL(), jar.toUri().toURL()}, null)) {
            MigrationScripts scripts = MigrationScripts.fromClasspath("db/migration", loader);

            assertEquals(List.of(2, 3, 10), scripts.all().stream().map(Migration::version).toList());
            assertEquals("second one", scripts.all().get(0).description());
            assertEquals("SELECT 3;", scripts.all().get(1).sql());
            assertEquals(10, scripts.latestVersion());
        }
    }

    @Test
    public void aMisnamedScriptIsRefusedWithItsName() {
        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class,
                () -> Migration.of("V3_missing_underscore.sql", "here", "SELECT 1;"));

        assertEquals(SchemaUpgradeException.Kind.INVALID_SCRIPTS, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("V3_missing_underscore.sql"));
    }

    @Test
    public void twoDifferentScriptsWithOneVersionAreRefusedNamingBoth() {
        SchemaUpgradeException e = assertThrows(SchemaUpgradeException.class, () -> MigrationScripts.of(List.of(
                Migration.of("V2__offerings.sql", "server", "SELECT 1;"),
                Migration.of("V2__hosts.sql", "agent", "SELECT 2;"))));

        assertTrue(e.getMessage(), e.getMessage().contains("V2__offerings.sql in server"));
        assertTrue(e.getMessage(), e.getMessage().contains("V2__hosts.sql in agent"));
    }

    @Test
    public void lineEndingsDoNotChangeTheChecksumButContentDoes() {
        Migration unix = Migration.of("V1__a.sql", "x", "SELECT 1;\nSELECT 2;\n");
        Migration windows = Migration.of("V1__a.sql", "x", "SELECT 1;\r\nSELECT 2;\r\n");
        Migration edited = Migration.of("V1__a.sql", "x", "SELECT 1;\nSELECT 3;\n");

        assertEquals(unix.checksum(), windows.checksum());
        assertNotEquals(unix.checksum(), edited.checksum());
    }

    @Test
    public void theDefaultScriptsStartAtVersionOneWithTheCoreSchema() {
        MigrationScripts scripts = MigrationScripts.fromClasspath();

        assertEquals(1, scripts.all().get(0).version());
        assertEquals("V1__core.sql", scripts.all().get(0).scriptName());
    }

    private static void put(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        OutputStream body = out;
        body.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
