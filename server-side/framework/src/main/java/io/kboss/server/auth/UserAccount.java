package io.kboss.server.auth;

import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import io.kboss.server.auth.domain.PasswordHash;
import java.time.Instant;

/** A user row joined with its account and domain. Holds secrets: never log or serialize it. */
public record UserAccount(long userId, String userUuid, String username, String state,
        long accountId, String accountUuid, String accountName, Role role, String accountState,
        long domainId, String domainUuid, String domainName, String domainPath,
        PasswordHash password, String apiKey, String secretKey, Instant created, UserDetails details) {

    public Caller caller() {
        return new Caller(userId, userUuid, username, accountId, accountUuid, accountName, role, domainId, domainUuid,
                domainPath);
    }

    public boolean isEnabled() {
        return "ENABLED".equals(state) && "ENABLED".equals(accountState);
    }

    @Override
    public String toString() {
        return "UserAccount[" + username + "@" + accountName + "]";
    }
}
