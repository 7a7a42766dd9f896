package io.kboss.server.auth;

import io.kboss.server.api.Role;
import io.kboss.server.auth.domain.PasswordHash;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Domains, accounts and users in {@code domain}, {@code account} and {@code user}. */
@Repository
public class AccountRepository {
    private static final String USER_SELECT = "SELECT u.id, u.uuid, u.username, u.state, a.id, a.uuid, a.name, a.role, "
            + "a.state, d.id, d.uuid, d.name, d.path, u.password_hash, u.password_salt, u.password_algorithm, "
            + "u.api_key, u.secret_key, u.created, u.firstname, u.lastname, u.email, u.timezone "
            + "FROM `user` u JOIN account a ON a.id = u.account_id "
            + "JOIN domain d ON d.id = a.domain_id WHERE u.removed IS NULL AND a.removed IS NULL ";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AccountRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<UserAccount> findUserByName(String username) {
        return one(USER_SELECT + "AND u.username = ?", username);
    }

    public Optional<UserAccount> findUserByApiKey(String apiKey) {
        return one(USER_SELECT + "AND u.api_key = ?", apiKey);
    }

    public Optional<UserAccount> findUserById(long id) {
        return one(USER_SELECT + "AND u.id = ?", id);
    }

    public Optional<UserAccount> findUserByUuid(String uuid) {
        return one(USER_SELECT + "AND u.uuid = ?", uuid);
    }

    /** Users visible under a domain path prefix (and optionally one account), with paging. */
    public List<UserAccount> listUsers(String domainPathPrefix, Long accountId, String usernameLike, long offset,
            int limit) {
        return jdbc.query(USER_SELECT + "AND d.path LIKE ? AND (? IS NULL OR a.id = ?) "
                + "AND (? IS NULL OR LOWER(u.username) LIKE ?) ORDER BY u.id LIMIT ? OFFSET ?",
                (rs, i) -> map(rs), domainPathPrefix + "%", accountId, accountId, usernameLike, usernameLike, limit,
                offset);
    }

    public long countUsers(String domainPathPrefix, Long accountId, String usernameLike) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM `user` u JOIN account a ON a.id = u.account_id "
                + "JOIN domain d ON d.id = a.domain_id WHERE u.removed IS NULL AND a.removed IS NULL "
                + "AND d.path LIKE ? AND (? IS NULL OR a.id = ?) AND (? IS NULL OR LOWER(u.username) LIKE ?)",
                Long.class, domainPathPrefix + "%", accountId, accountId, usernameLike, usernameLike);
        return n == null ? 0 : n;
    }

    private Optional<UserAccount> one(String sql, Object arg) {
        List<UserAccount> found = jdbc.query(sql, (rs, i) -> map(rs), arg);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static UserAccount map(ResultSet rs) throws SQLException {
        String hash = rs.getString(14);
        return new UserAccount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), Role.valueOf(rs.getString(8)), rs.getString(9), rs.getLong(10),
                rs.getString(11), rs.getString(12), rs.getString(13),
                hash == null ? null : new PasswordHash(hash, rs.getString(15), rs.getString(16)),
                rs.getString(17), rs.getString(18), rs.getTimestamp(19).toInstant(),
                new UserDetails(rs.getString(20), rs.getString(21), rs.getString(22), rs.getString(23)));
    }

    public Optional<DomainRow> findRootDomain() {
        List<DomainRow> found = jdbc.query(
                "SELECT id, uuid, name, path FROM domain WHERE parent_id IS NULL AND removed IS NULL",
                (rs, i) -> new DomainRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Optional<DomainRow> findDomainByUuid(String uuid) {
        List<DomainRow> found = jdbc.query("SELECT id, uuid, name, path FROM domain WHERE uuid = ? AND removed IS NULL",
                (rs, i) -> new DomainRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), uuid);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Optional<DomainRow> findDomainByPath(String path) {
        List<DomainRow> found = jdbc.query("SELECT id, uuid, name, path FROM domain WHERE path = ? AND removed IS NULL",
                (rs, i) -> new DomainRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), path);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<DomainRow> listDomains(String pathPrefix, String nameLike, long offset, int limit) {
        return jdbc.query("SELECT id, uuid, name, path FROM domain WHERE removed IS NULL AND path LIKE ? "
                + "AND (? IS NULL OR LOWER(name) LIKE ?) ORDER BY path LIMIT ? OFFSET ?",
                (rs, i) -> new DomainRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                pathPrefix + "%", nameLike, nameLike, limit, offset);
    }

    public long countDomains(String pathPrefix, String nameLike) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM domain WHERE removed IS NULL AND path LIKE ? "
                + "AND (? IS NULL OR LOWER(name) LIKE ?)", Long.class, pathPrefix + "%", nameLike, nameLike);
        return n == null ? 0 : n;
    }

    public DomainRow insertDomain(String name, Long parentId, String path) {
        String uuid = UUID.randomUUID().toString();
        long id = insert("INSERT INTO domain (uuid, name, parent_id, path, created) VALUES (?, ?, ?, ?, ?)",
                uuid, name, parentId, path, now());
        return new DomainRow(id, uuid, name, path);
    }

    public Optional<AccountRow> findAccountByUuid(String uuid) {
        return oneAccount("AND a.uuid = ?", uuid);
    }

    public Optional<AccountRow> findAccountByName(long domainId, String name) {
        List<AccountRow> found = jdbc.query(ACCOUNT_SELECT + "AND a.domain_id = ? AND a.name = ?",
                (rs, i) -> mapAccount(rs), domainId, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static final String ACCOUNT_SELECT = "SELECT a.id, a.uuid, a.name, a.role, a.state, a.created, d.id, "
            + "d.uuid, d.name, d.path FROM account a JOIN domain d ON d.id = a.domain_id WHERE a.removed IS NULL ";

    private Optional<AccountRow> oneAccount(String where, Object arg) {
        List<AccountRow> found = jdbc.query(ACCOUNT_SELECT + where, (rs, i) -> mapAccount(rs), arg);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<AccountRow> listAccounts(String domainPathPrefix, Long accountId, String nameLike, long offset,
            int limit) {
        return jdbc.query(ACCOUNT_SELECT + "AND d.path LIKE ? AND (? IS NULL OR a.id = ?) "
                + "AND (? IS NULL OR LOWER(a.name) LIKE ?) ORDER BY a.id LIMIT ? OFFSET ?",
                (rs, i) -> mapAccount(rs), domainPathPrefix + "%", accountId, accountId, nameLike, nameLike, limit,
                offset);
    }

    public long countAccounts(String domainPathPrefix, Long accountId, String nameLike) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM account a JOIN domain d ON d.id = a.domain_id "
                + "WHERE a.removed IS NULL AND d.path LIKE ? AND (? IS NULL OR a.id = ?) "
                + "AND (? IS NULL OR LOWER(a.name) LIKE ?)",
                Long.class, domainPathPrefix + "%", accountId, accountId, nameLike, nameLike);
        return n == null ? 0 : n;
    }

    private static AccountRow mapAccount(ResultSet rs) throws SQLException {
        return new AccountRow(rs.getLong(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)),
                rs.getString(5), rs.getTimestamp(6).toInstant(),
                new DomainRow(rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10)));
    }

    public AccountRow insertAccount(String name, DomainRow domain, Role role) {
        String uuid = UUID.randomUUID().toString();
        Timestamp now = now();
        long id = insert("INSERT INTO account (uuid, name, domain_id, role, created) VALUES (?, ?, ?, ?, ?)",
                uuid, name, domain.id(), role.name(), now);
        return new AccountRow(id, uuid, name, role, "ENABLED", now.toInstant(), domain);
    }

    public long insertUser(long accountId, String username, PasswordHash password) {
        return insertUser(accountId, username, password, UserDetails.NONE);
    }

    public long insertUser(long accountId, String username, PasswordHash password, UserDetails details) {
        return insert("INSERT INTO `user` (uuid, account_id, username, firstname, lastname, email, timezone, "
                + "password_hash, password_salt, password_algorithm, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), accountId, username, details.firstname(), details.lastname(),
                details.email(), details.timezone(), password.hash(), password.salt(), password.algorithm(), now());
    }

    public void setKeys(long userId, String apiKey, String secretKey) {
        jdbc.update("UPDATE `user` SET api_key = ?, secret_key = ? WHERE id = ?", apiKey, secretKey, userId);
    }

    public boolean usernameTaken(String username) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM `user` WHERE username = ? AND removed IS NULL",
                Integer.class, username);
        return n != null && n > 0;
    }

    // ---- changes to live rows (updateX, disableX, enableX, deleteX); each answers whether it changed one

    /** Sets the given fields of a live user; a null field is left as it is. */
    public boolean updateUser(long userId, String username, UserDetails details, PasswordHash password) {
        StringBuilder set = new StringBuilder();
        java.util.List<Object> args = new java.util.ArrayList<>();
        assign(set, args, "username", username);
        assign(set, args, "firstname", details.firstname());
        assign(set, args, "lastname", details.lastname());
        assign(set, args, "email", details.email());
        assign(set, args, "timezone", details.timezone());
        if (password != null) {
            assign(set, args, "password_hash", password.hash());
            assign(set, args, "password_salt", password.salt());
            assign(set, args, "password_algorithm", password.algorithm());
        }
        if (set.length() == 0) {
            return findUserById(userId).isPresent();
        }
        args.add(userId);
        return jdbc.update("UPDATE `user` SET " + set + " WHERE id = ? AND removed IS NULL", args.toArray()) == 1;
    }

    private static void assign(StringBuilder set, java.util.List<Object> args, String column, Object value) {
        if (value != null) {
            set.append(set.length() == 0 ? "" : ", ").append(column).append(" = ?");
            args.add(value);
        }
    }

    public boolean setUserState(long userId, String state) {
        return jdbc.update("UPDATE `user` SET state = ? WHERE id = ? AND removed IS NULL", state, userId) == 1;
    }

    /** Marks the user removed and drops its keys, so its name and keys are free and nothing signs as it. */
    public boolean removeUser(long userId) {
        return jdbc.update("UPDATE `user` SET removed = ?, api_key = NULL, secret_key = NULL WHERE id = ? "
                + "AND removed IS NULL", now(), userId) == 1;
    }

    public java.util.List<Long> liveUserIds(long accountId) {
        return jdbc.queryForList("SELECT id FROM `user` WHERE account_id = ? AND removed IS NULL", Long.class,
                accountId);
    }

    public Optional<AccountRow> findAccountById(long id) {
        return oneAccount("AND a.id = ?", id);
    }

    public boolean renameAccount(long accountId, String newName) {
        return jdbc.update("UPDATE account SET name = ? WHERE id = ? AND removed IS NULL", newName, accountId) == 1;
    }

    public boolean setAccountState(long accountId, String state) {
        return jdbc.update("UPDATE account SET state = ? WHERE id = ? AND removed IS NULL", state, accountId) == 1;
    }

    /** Marks the account and its users removed (their keys dropped). */
    public boolean removeAccount(long accountId) {
        Timestamp now = now();
        jdbc.update("UPDATE `user` SET removed = ?, api_key = NULL, secret_key = NULL WHERE account_id = ? "
                + "AND removed IS NULL", now, accountId);
        return jdbc.update("UPDATE account SET removed = ? WHERE id = ? AND removed IS NULL", now, accountId) == 1;
    }

    public Optional<DomainRow> findDomainById(long id) {
        List<DomainRow> found = jdbc.query("SELECT id, uuid, name, path FROM domain WHERE id = ? AND removed IS NULL",
                (rs, i) -> new DomainRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The live parent of a domain, empty for ROOT. */
    public Optional<DomainRow> findParent(DomainRow d) {
        List<DomainRow> found = jdbc.query("SELECT p.id, p.uuid, p.name, p.path FROM domain c JOIN domain p "
                + "ON p.id = c.parent_id WHERE c.id = ?",
                (rs, i) -> new DomainRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), d.id());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Renames a domain: its path and the paths of every live domain below it change in one
     * statement (the caller's transaction), so no reader sees half a subtree moved.
     */
    public void renameDomain(DomainRow d, String newName, String newPath) {
        jdbc.update("UPDATE domain SET name = ? WHERE id = ? AND removed IS NULL", newName, d.id());
        jdbc.update("UPDATE domain SET path = CONCAT(?, SUBSTRING(path, CHAR_LENGTH(?) + 1)) WHERE removed IS NULL "
                + "AND path LIKE ?", newPath, d.path(), likePrefix(d.path()));
    }

    /** Live domains strictly below the given one. */
    public long countSubdomains(DomainRow d) {
        return count("SELECT COUNT(*) FROM domain WHERE removed IS NULL AND path LIKE ? AND id <> ?",
                likePrefix(d.path()), d.id());
    }

    /** Live accounts in the domain and below it. */
    public List<AccountRow> accountsInSubtree(DomainRow d) {
        return jdbc.query(ACCOUNT_SELECT + "AND d.path LIKE ? ORDER BY d.path DESC, a.id",
                (rs, i) -> mapAccount(rs), likePrefix(d.path()));
    }

    /** Marks the domain and every live domain below it removed (accounts must be gone first). */
    public int removeDomainSubtree(DomainRow d) {
        return jdbc.update("UPDATE domain SET removed = ? WHERE removed IS NULL AND path LIKE ?", now(),
                likePrefix(d.path()));
    }

    private static String likePrefix(String path) {
        return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private long insert(String sql, Object... args) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    public record DomainRow(long id, String uuid, String name, String path) {
    }

    public record AccountRow(long id, String uuid, String name, Role role, String state, java.time.Instant created,
            DomainRow domain) {
    }
}
