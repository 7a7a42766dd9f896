package io.kboss.server.app;

import io.kboss.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** An in-process server on an ephemeral port over its own throwaway database. */
final class TestServers implements AutoCloseable {
    static final String ADMIN_PASSWORD = "admin-password-for-tests";

    final TestDatabase db;
    final Path work;
    KbossServer server;

    private TestServers(TestDatabase db, Path work) {
        this.db = db;
        this.work = work;
    }

    static TestServers start(String purpose) throws Exception {
        return start(purpose, b -> b);
    }

    static TestServers start(String purpose, UnaryOperator<KbossServerConfig.Builder> tweak) throws Exception {
        TestServers t = new TestServers(TestDatabase.create(purpose), Files.createTempDirectory("kboss-" + purpose));
        t.server = KbossServer.start(tweak.apply(t.config()).build(), Clock.systemUTC());
        return t;
    }

    KbossServerConfig.Builder config() {
        return KbossServerConfig.builder().jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD)
                .http("127.0.0.1", 0).workFolder(work).adminPassword(ADMIN_PASSWORD);
    }

    /** Stops the server and starts a new one on the same database (a restart). */
    void restart(UnaryOperator<KbossServerConfig.Builder> tweak) throws Exception {
        server.close();
        server = KbossServer.start(tweak.apply(config()).build(), Clock.systemUTC());
    }

    ApiClient client() {
        return new ApiClient(server.baseUrl());
    }

    ApiClient admin() throws Exception {
        return client().login("admin", ADMIN_PASSWORD);
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            db.close();
        }
    }
}
