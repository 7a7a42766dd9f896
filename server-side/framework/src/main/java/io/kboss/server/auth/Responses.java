package io.kboss.server.auth;

import io.kboss.server.auth.AccountRepository.AccountRow;
import java.time.Instant;

/** The account and user objects the API shows, with CloudStack's field names. */
final class Responses {
    private Responses() {
    }

    record AccountResponse(String id, String name, int accounttype, String roletype, String domainid, String domain,
            String domainpath, String state, Instant created) {
        static AccountResponse of(AccountRow a) {
            return new AccountResponse(a.uuid(), a.name(), a.role().accountType(), a.role().roleType(),
                    a.domain().uuid(),
                    a.domain().name(), a.domain().path(), a.state().toLowerCase(java.util.Locale.ROOT), a.created());
        }
    }

    /** {@code apikey} is shown; the secret never is (only getUserKeys returns it, to its owner). */
    record UserResponse(String id, String username, String account, String accountid, int accounttype,
            String roletype, String domainid, String domain, String state, String apikey,
            Instant created) {
        static UserResponse of(UserAccount u) {
            return new UserResponse(u.userUuid(), u.username(), u.accountName(), u.accountUuid(),
                    u.role().accountType(),
                    u.role().roleType(), u.domainUuid(), u.domainName(), u.state().toLowerCase(java.util.Locale.ROOT),
                    u.apiKey(), u.created());
        }
    }

    record UserKeys(String apikey, String secretkey) {
    }
}
