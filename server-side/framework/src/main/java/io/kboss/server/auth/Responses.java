package io.kboss.server.auth;

import io.kboss.server.auth.AccountRepository.AccountRow;
import java.time.Instant;

/** The account, user and domain objects the API shows, with CloudStack's field names. */
public final class Responses {
    private Responses() {
    }

    /** {@code user} lists the account's users where the answer has them at hand (createAccount), else null. */
    public record AccountResponse(String id, String name, int accounttype, String roletype, String domainid,
            String domain, String domainpath, String state, Instant created, java.util.List<UserResponse> user,
            String backuplimit, Long backuptotal, String backupavailable, String backupstoragelimit,
            Long backupstoragetotal, String backupstorageavailable, String vmlimit, Long vmtotal,
            String vmavailable, String cpulimit, Long cputotal, String cpuavailable, String memorylimit,
            Long memorytotal, String memoryavailable) {
        public static AccountResponse of(AccountRow a) {
            return of(a, null);
        }

        public static AccountResponse of(AccountRow a, java.util.List<UserResponse> users) {
            return of(a, users, null);
        }

        /**
         * With the account's limits and usage as listAccounts shows them (CloudStack's fields: limit and
         * available as strings, "Unlimited" when unlimited; storage in GiB, memory in MiB).
         */
        public static AccountResponse of(AccountRow a, java.util.List<UserResponse> users, Usage u) {
            return new AccountResponse(a.uuid(), a.name(), a.role().accountType(), a.role().roleType(),
                    a.domain().uuid(), a.domain().name(), a.domain().path(),
                    a.state().toLowerCase(java.util.Locale.ROOT), a.created(), users,
                    u == null ? null : limit(u.backup()), u == null ? null : u.backup().total(),
                    u == null ? null : available(u.backup()), u == null ? null : limit(u.backupStorage()),
                    u == null ? null : u.backupStorage().total(), u == null ? null : available(u.backupStorage()),
                    u == null ? null : limit(u.vm()), u == null ? null : u.vm().total(),
                    u == null ? null : available(u.vm()), u == null ? null : limit(u.cpu()),
                    u == null ? null : u.cpu().total(), u == null ? null : available(u.cpu()),
                    u == null ? null : limit(u.memory()), u == null ? null : u.memory().total(),
                    u == null ? null : available(u.memory()));
        }

        private static String limit(Used u) {
            return u.limit() < 0 ? "Unlimited" : Long.toString(u.limit());
        }

        private static String available(Used u) {
            return u.limit() < 0 ? "Unlimited" : Long.toString(Math.max(0, u.limit() - u.total()));
        }
    }

    /** One resource's limit (-1 = unlimited) and usage, in the API's unit. */
    public record Used(long limit, long total) {
    }

    /** An account's usage of every limited resource. */
    public record Usage(Used backup, Used backupStorage, Used vm, Used cpu, Used memory) {
    }

    /** {@code apikey} is shown; the secret never is (only getUserKeys returns it, to its owner). */
    public record UserResponse(String id, String username, String firstname, String lastname, String email,
            String timezone, String account, String accountid, int accounttype, String roletype, String domainid,
            String domain, String state, String apikey, Instant created) {
        public static UserResponse of(UserAccount u) {
            return new UserResponse(u.userUuid(), u.username(), u.details().firstname(), u.details().lastname(),
                    u.details().email(), u.details().timezone(), u.accountName(), u.accountUuid(),
                    u.role().accountType(), u.role().roleType(), u.domainUuid(), u.domainName(),
                    u.state().toLowerCase(java.util.Locale.ROOT), u.apiKey(), u.created());
        }
    }

    /** CloudStack's domain object; {@code level} is 0 for ROOT, 1 below it, and so on. */
    public record DomainResponse(String id, String name, String path, int level, String parentdomainid,
            String parentdomainname, String state) {
        public static DomainResponse of(AccountRepository.DomainRow d, AccountRepository.DomainRow parent) {
            return new DomainResponse(d.uuid(), d.name(), d.path(), level(d.path()),
                    parent == null ? null : parent.uuid(), parent == null ? null : parent.name(), "Active");
        }

        static int level(String path) {
            int slashes = 0;
            for (int i = 0; i < path.length(); i++) {
                if (path.charAt(i) == '/') {
                    slashes++;
                }
            }
            return slashes - 1;
        }
    }

    public record UserKeys(String apikey, String secretkey) {
    }
}
