package io.kboss.server.auth;

import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository.DomainRow;
import io.kboss.server.auth.domain.PasswordHash;
import io.kboss.server.config.FrameworkProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the ROOT domain and the {@code admin} account on first start. The admin's password is
 * the configured one, or a generated one that is written once to {@code <work>/admin-credentials}
 * (mode 0600) and printed once on the console; it is never logged. Several servers starting on an
 * empty database at once are serialized with a database lock, so exactly one creates the admin.
 */
@Component
public class AdminBootstrap implements InitializingBean {
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    public static final String ADMIN = "admin";
    public static final String CREDENTIALS_FILE = "admin-credentials";

    private final AccountRepository accounts;
    private final JdbcTemplate jdbc;
    private final SecureRandom random;
    private final FrameworkProperties properties;
    private final PrintStream console;

    public AdminBootstrap(AccountRepository accounts, JdbcTemplate jdbc, SecureRandom random,
            FrameworkProperties properties) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.random = random;
        this.properties = properties;
        this.console = System.out;
    }

    @Override
    public void afterPropertiesSet() {
        // The lock lives on its own connection while the inserts autocommit on others, so every row is
        // committed before the lock is released: a server waiting for the lock then sees them. (Inside
        // one transaction the lock would be released before the commit, and the next server would
        // create a second admin.)
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK('kboss_admin_bootstrap', 60)");
                    ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new IllegalStateException("Could not take the admin bootstrap lock within 60 s; another "
                            + "server is starting on this database. Start again when it is up");
                }
            }
            try {
                createIfMissing();
            } finally {
                try (PreparedStatement unlock = c.prepareStatement("SELECT RELEASE_LOCK('kboss_admin_bootstrap')")) {
                    unlock.executeQuery().close();
                }
            }
            return null;
        });
    }

    private void createIfMissing() {
        DomainRow root = accounts.findRootDomain().orElseGet(() -> accounts.insertDomain("ROOT", null, "/"));
        if (accounts.findUserByName(ADMIN).isPresent()) {
            return;
        }
        boolean generated = properties.adminPassword() == null || properties.adminPassword().isEmpty();
        String password = generated ? generatePassword() : properties.adminPassword();
        if (generated) {
            writeCredentials(password);
        }
        // Without a transaction a crash between the two inserts leaves the account alone; it is reused.
        var account = accounts.findAccountByName(root.id(), ADMIN)
                .orElseGet(() -> accounts.insertAccount(ADMIN, root, Role.ROOT_ADMIN));
        accounts.insertUser(account.id(), ADMIN, PasswordHash.create(password.toCharArray(), random));
        if (generated && properties.showGeneratedPassword()) {
            console.println("KBOSS: created user admin with a generated password, saved in "
                    + credentialsFile() + " (readable by its owner only):");
            console.println("KBOSS:   admin password: " + password);
            console.println("KBOSS: this is the only time the password is shown.");
            LOG.info("Created the admin user; its generated password is in {}", credentialsFile());
        } else {
            LOG.info("Created the admin user with the configured password");
        }
    }

    public Path credentialsFile() {
        return properties.workFolder().resolve(CREDENTIALS_FILE);
    }

    private void writeCredentials(String password) {
        Path file = credentialsFile();
        try {
            Files.createDirectories(properties.workFolder());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "username=admin\npassword=" + password + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " exists but the database has no admin user: it belongs to another "
                    + "database. Move it away (or set KBOSS_ADMIN_PASSWORD) and start again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the admin credentials to " + file
                    + "; make the working folder writable or set KBOSS_ADMIN_PASSWORD", e);
        }
    }

    private String generatePassword() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
