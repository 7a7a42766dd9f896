package io.kboss.client;

import io.kboss.client.model.UserKeys;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real kboss-server in this JVM on an ephemeral port, over a throwaway schema of the test
 * MariaDB, with the admin's API keys registered for signed clients.
 */
final class InProcessServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "client-tests-admin";

    final TestDatabase db;
    final KbossServer server;
    final UserKeys adminKeys;

    private InProcessServer(TestDatabase db, KbossServer server, UserKeys adminKeys) {
        this.db = db;
        this.server = server;
        this.adminKeys = adminKeys;
    }

    static InProcessServer start(String purpose) throws Exception {
        TestDatabase db = TestDatabase.create(purpose);
        KbossServer server = null;
        try {
            Path work = Files.createTempDirectory("kboss-client-" + purpose);
            server = KbossServer.start(KbossServerConfig.builder().jdbc(db.jdbcUrl(), TestDatabase.USER,
                    TestDatabase.PASSWORD).http("127.0.0.1", 0).workFolder(work).adminPassword(ADMIN_PASSWORD)
                    .build());
            KbossClient session = KbossClient.builder(server.baseUrl()).login("admin", ADMIN_PASSWORD, "/").build();
            UserKeys keys = session.users().registerKeys(session.sessionUserId().orElseThrow());
            return new InProcessServer(db, server, keys);
        } catch (Exception | AssertionError e) {
            if (server != null) {
                server.close();
            }
            db.close();
            throw e;
        }
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** A client signing as the admin. */
    KbossClient admin() {
        return KbossClient.builder(baseUrl()).apiKey(adminKeys.apiKey(), adminKeys.secretKey()).build();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            db.close();
        }
    }
}
