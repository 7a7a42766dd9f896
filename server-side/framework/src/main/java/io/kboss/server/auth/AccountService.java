package io.kboss.server.auth;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.AccountRepository.DomainRow;
import io.kboss.server.auth.domain.PasswordHash;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates accounts, users and API keys, checking the caller's authority over the domain. */
@Component
public class AccountService {
    private final AccountRepository accounts;
    private final TransactionTemplate tx;
    private final SecureRandom random;
    private final SignedCallUsers signedCallUsers;

    public AccountService(AccountRepository accounts, TransactionTemplate tx, SecureRandom random,
            SignedCallUsers signedCallUsers) {
        this.accounts = accounts;
        this.signedCallUsers = signedCallUsers;
        this.tx = tx;
        this.random = random;
    }

    /** The domain named by uuid, or the caller's own; refuses domains outside the caller's reach. */
    public DomainRow domainFor(Caller caller, String domainUuid) throws ApiException {
        if (domainUuid == null) {
            return accounts.findDomainByUuid(caller.domainUuid()).orElseThrow(
                    () -> ApiException.invalidParameter("Your own domain no longer exists; pass domainid"));
        }
        DomainRow d = accounts.findDomainByUuid(domainUuid).orElseThrow(
                () -> ApiException.invalidParameter("Unable to find domain by domainid " + domainUuid));
        if (!caller.mayAccess(-1, d.path())) {
            throw ApiException.permissionDenied("Domain " + d.name() + " is outside your domain; "
                    + "you may only act in " + caller.domainPath() + " and below");
        }
        return d;
    }

    public UserAccount createAccount(Caller caller, String accountName, Role role, DomainRow domain,
            String username, char[] password, UserDetails details) throws ApiException {
        if (role == Role.ROOT_ADMIN && !caller.isRootAdmin()) {
            throw ApiException.permissionDenied("Only a root admin may create root admin accounts (accounttype 1)");
        }
        if (accounts.findAccountByName(domain.id(), accountName).isPresent()) {
            throw accountExists(accountName, domain);
        }
        checkUsernameFree(username);
        PasswordHash hash = PasswordHash.create(password, random);
        Long userId;
        try {
            userId = tx.execute(s -> {
                AccountRow a = accounts.insertAccount(accountName, domain, role);
                return accounts.insertUser(a.id(), username, hash, details);
            });
        } catch (DuplicateKeyException raced) {
            // Another call created the same account or username between the checks and the insert.
            throw accounts.findAccountByName(domain.id(), accountName).isPresent()
                    ? accountExists(accountName, domain)
                    : usernameTaken(username);
        }
        return accounts.findUserById(userId).orElseThrow();
    }

    private static ApiException accountExists(String accountName, DomainRow domain) {
        return ApiException.invalidParameter("Account " + accountName + " already exists in domain " + domain.name()
                + "; choose another account name");
    }

    public UserAccount createUser(AccountRow account, String username, char[] password, UserDetails details)
            throws ApiException {
        checkUsernameFree(username);
        long id;
        try {
            id = accounts.insertUser(account.id(), username, PasswordHash.create(password, random), details);
        } catch (DuplicateKeyException raced) {
            throw usernameTaken(username);
        }
        return accounts.findUserById(id).orElseThrow();
    }

    void checkUsernameFree(String username) throws ApiException {
        if (accounts.usernameTaken(username)) {
            throw usernameTaken(username);
        }
    }

    public static ApiException usernameTaken(String username) {
        return ApiException.invalidParameter("The user " + username + " already exists; usernames are unique "
                + "across the cloud, choose another username");
    }

    /** New random API and secret keys for the user, replacing the old ones. */
    public Responses.UserKeys registerKeys(UserAccount user) {
        String apiKey = token(64);
        String secret = token(64);
        accounts.setKeys(user.userId(), apiKey, secret);
        // The old key stops working on this server now, not after SignedCallUsers.TTL.
        signedCallUsers.forgetUser(user.userId());
        return new Responses.UserKeys(apiKey, secret);
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The user, if the caller may manage it (itself, or an admin over its domain). */
    public UserAccount userFor(Caller caller, String userUuid) throws ApiException {
        UserAccount u = accounts.findUserByUuid(userUuid).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find user by id " + userUuid + "; listUsers shows the users"));
        boolean self = u.userId() == caller.userId();
        if (!self && !(caller.isAdmin() && caller.mayAccess(u.accountId(), u.domainPath()))) {
            throw ApiException.permissionDenied("You may not manage user " + u.username() + "; only the user itself "
                    + "or an admin of its domain may");
        }
        if (!self && u.role() == io.kboss.server.api.Role.ROOT_ADMIN && !caller.isRootAdmin()) {
            throw ApiException.permissionDenied("User " + u.username() + " belongs to a root admin account; only a "
                    + "root admin may change it");
        }
        return u;
    }
}
