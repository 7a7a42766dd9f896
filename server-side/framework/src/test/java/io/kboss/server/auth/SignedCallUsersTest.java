package io.kboss.server.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.Role;
import io.kboss.server.auth.domain.PasswordHash;
import io.kboss.test.support.SettableClock;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The API-key lookups of signed calls on real MariaDB: how long a user row is reused, and when not. */
public class SignedCallUsersTest {
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static AccountRepository accounts;
    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private SignedCallUsers users;
    private long userId;
    private String apiKey;

    @BeforeClass
    public static void migrate() throws Exception {
        db = TestDatabase.create("signed_call_users");
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD));
        accounts = new AccountRepository(jdbc, Clock.systemUTC());
    }

    @AfterClass
    public static void drop() throws Exception {
        db.close();
    }

    @Before
    public void userWithKeys() {
        String tag = Long.toString(System.nanoTime());
        AccountRepository.DomainRow domain = accounts.insertDomain("d" + tag, null, "/d" + tag + "/");
        AccountRepository.AccountRow account = accounts.insertAccount("a" + tag, domain, Role.USER);
        userId = accounts.insertUser(account.id(), "u" + tag,
                PasswordHash.create("pw".toCharArray(), new SecureRandom()));
        apiKey = "key-" + tag;
        accounts.setKeys(userId, apiKey, "secret-" + tag);
        users = new SignedCallUsers(accounts, clock);
    }

    @Test
    public void aDisabledUserIsSeenByAServerThatDidNotDisableItWithinTheTtl() {
        assertTrue(users.findByApiKey(apiKey).orElseThrow().isEnabled());
        jdbc.update("UPDATE `user` SET state = 'DISABLED' WHERE id = ?", userId);
        clock.advance(SignedCallUsers.TTL.minusMillis(1));
        assertTrue("within the TTL the row read before is reused",
                users.findByApiKey(apiKey).orElseThrow().isEnabled());
        clock.advance(Duration.ofMillis(1));
        assertFalse(users.findByApiKey(apiKey).orElseThrow().isEnabled());
    }

    @Test
    public void forgettingTheUserDropsTheOldKeyAtOnce() {
        assertTrue(users.findByApiKey(apiKey).isPresent());
        accounts.setKeys(userId, "replaced-" + apiKey, "new-secret");
        users.forgetUser(userId);
        assertTrue(users.findByApiKey(apiKey).isEmpty());
        assertEquals("new-secret", users.findByApiKey("replaced-" + apiKey).orElseThrow().secretKey());
    }

    @Test
    public void anUnknownKeyIsNotRememberedSoANewKeyWorksAtOnce() {
        String later = "later-" + apiKey;
        assertTrue(users.findByApiKey(later).isEmpty());
        accounts.setKeys(userId, later, "s");
        assertTrue(users.findByApiKey(later).isPresent());
    }

    @Test
    public void aClockThatWentBackDoesNotStretchTheTtl() {
        assertTrue(users.findByApiKey(apiKey).isPresent());
        jdbc.update("UPDATE `user` SET state = 'DISABLED' WHERE id = ?", userId);
        clock.advance(Duration.ofMinutes(5).negated());
        assertFalse(users.findByApiKey(apiKey).orElseThrow().isEnabled());
    }
}
