package io.kboss.server.api;

/**
 * The owner rule of commands that create or limit something for an account (createWebhook,
 * updateResourceLimit, listResourceLimits) or change one (updateAccount, disableAccount,
 * enableAccount): {@code account} needs {@code domainid}, as CloudStack's
 * finalizeOwner and finalyzeAccountId refuse an account name alone. Lists of account-owned things look
 * such a name up in the caller's own domain instead ({@link io.kboss.server.backup.ListOwner}).
 */
public final class NamedOwner {
    private NamedOwner() {
    }

    /** Refuses (431) {@code account} without {@code domainid}. */
    public static void requireDomainWithAccount(Params p) throws ApiException {
        if (p.has("account") && !p.has("domainid")) {
            throw accountWithoutDomain();
        }
    }

    /**
     * The one wording of that refusal, also for commands that name an existing account by
     * {@code account} and {@code domainid} (updateAccount, disableAccount, enableAccount).
     */
    public static ApiException accountWithoutDomain() {
        return ApiException.invalidParameter("Parameter account needs domainid: on this command an account is named"
                + " within its domain, as in CloudStack; give the ID of the account's domain as well");
    }
}
