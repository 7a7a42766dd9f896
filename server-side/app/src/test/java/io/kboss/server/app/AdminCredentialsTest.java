package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.Test;

public class AdminCredentialsTest {

    @Test
    public void generatedAdminPasswordIsSavedOnceReadableByOwnerOnlyAndShownOnceOnTheConsole() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        TestServers servers = null;
        try {
            servers = TestServers.start("admin_generated", b -> b.adminPassword(null));
            Path file = servers.work.resolve("admin-credentials");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String content = Files.readString(file);
            String password = content.lines().filter(l -> l.startsWith("password=")).findFirst().orElseThrow()
                    .substring("password=".length());
            assertTrue(password.length() >= 20);
            assertTrue(console.toString(StandardCharsets.UTF_8).contains(password));
            assertEquals(200, servers.client().login("admin", password).call("listZones").status());

            console.reset();
            servers.restart(b -> b.adminPassword(null));
            assertFalse(console.toString(StandardCharsets.UTF_8).contains(password));
            assertEquals(content, Files.readString(file));
        } finally {
            System.setOut(original);
            if (servers != null) {
                servers.close();
            }
        }
    }

    @Test
    public void configuredAdminPasswordIsUsedAndNoFileIsWritten() throws Exception {
        try (TestServers servers = TestServers.start("admin_given")) {
            assertFalse(Files.exists(servers.work.resolve("admin-credentials")));
            assertEquals(200, servers.admin().call("listZones").status());
        }
    }

    @Test
    public void configurationFileIsOverriddenByEnvironment() throws Exception {
        Path file = Files.createTempFile("kboss-server", ".properties");
        Files.writeString(file, "kboss.jdbc.url=jdbc:mysql://db/kboss\nkboss.jdbc.user=kboss\nkboss.jdbc.password=pw\n"
                + "kboss.http.port=8080\nkboss.work=/var/lib/kboss\n");
        KbossServerConfig c = KbossServerConfig.load(file, Map.of("KBOSS_HTTP_PORT", "9090",
                "KBOSS_ADMIN_PASSWORD", "from-env"));
        assertEquals("jdbc:mysql://db/kboss", c.jdbcUrl());
        assertEquals(9090, c.port());
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals("from-env", c.adminPassword());
        assertFalse(c.toString().contains("from-env"));
        assertFalse(c.toString().contains("pw,"));
    }
}
