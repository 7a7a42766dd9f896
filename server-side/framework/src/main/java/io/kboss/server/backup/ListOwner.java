package io.kboss.server.backup;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import java.util.Collection;
import java.util.List;

/**
 * Whose things a list command shows, from its {@code account}, {@code domainid}, {@code isrecursive} and
 * {@code listall} parameters, decided as CloudStack's buildACLSearchParameters decides it for every list
 * of account-owned resources. One place, so that listBackups, listEvents, listWebhooks and any later list
 * answer the same parameters the same way:
 * <ul>
 * <li>{@code domainid} that names no domain: 431; a domain the caller may not see (users: other than their
 * own; domain admins: outside their subtree): 432, as CloudStack's checkAccess(caller, domain).</li>
 * <li>{@code account} is looked up in {@code domainid}'s domain, or in the caller's own domain when
 * {@code domainid} is absent (CloudStack does the same; only commands that create or change an owner's
 * things need both). An unknown name: 431; an account the caller may not see: 432.</li>
 * <li>{@code domainid} alone: an administrator gets that domain's things (and the domains below with
 * {@code isrecursive=true}); a user his own account's, as in CloudStack.</li>
 * <li>neither: {@link ListAll} decides (an administrator's own account's unless {@code listall=true}).</li>
 * </ul>
 *
 * @param accountId the one account to list, or null
 * @param domainIds the domains to list (with accountId null), or null
 */
public record ListOwner(Long accountId, Collection<Long> domainIds) {

    /** The {@code account} parameter of a list of {@code things}. */
    public static ParamSpec accountParam(String things) {
        return ParamSpec.string("account").maxLength(255).description("only " + things + " of this account, "
                + "looked up in domainid's domain or, without domainid, in your own");
    }

    /** The {@code domainid} parameter of a list of {@code things}. */
    public static ParamSpec domainParam(String things) {
        return ParamSpec.uuid("domainid").description("only " + things + " of this domain (administrators; users "
                + "get their own account's); with account, the account's domain; a domain you may not see is "
                + "refused (432)");
    }

    /** The {@code isrecursive} parameter. */
    public static ParamSpec recursiveParam() {
        return ParamSpec.bool("isrecursive").description("with domainid, also the domains below it");
    }

    /**
     * @param byId whether the call lists by {@code id} (or another identity that is never narrowed)
     * @param things what is listed, for refusals ("backups", "events", ...)
     */
    public static ListOwner of(Directory directory, Caller caller, Params p, boolean byId, String things)
            throws ApiException {
        DomainRef domain = null;
        if (p.has("domainid")) {
            String uuid = p.uuid("domainid").toString();
            domain = directory.domain(uuid).orElseThrow(() -> ApiException.invalidParameter(
                    "Parameter domainid: no domain has ID " + uuid + "; listDomains shows the domains you may see"));
            if (!maySee(caller, domain)) {
                throw ApiException.permissionDenied("Parameter domainid: account " + caller.accountName()
                        + " may not list the " + things + " of domain " + domain.name() + " (" + uuid + ")");
            }
        }
        if (p.has("account")) {
            String name = p.string("account");
            DomainRef in = domain != null ? domain : ownDomain(directory, caller);
            AccountRef a = directory.account(in.id(), name).orElseThrow(() -> ApiException.invalidParameter(
                    "Parameter account: domain " + in.name() + " has no account " + name
                            + (p.has("domainid")
                                    ? ""
                                    : " (without domainid an account is looked up in your own "
                                            + "domain)")));
            if (!caller.mayAccess(a.id(), in.path())) {
                throw ApiException.permissionDenied("Parameter account: account " + caller.accountName()
                        + " may not list the " + things + " of account " + name);
            }
            return new ListOwner(a.id(), null);
        }
        if (domain != null) {
            if (!caller.isAdmin()) {
                return new ListOwner(caller.accountId(), null);
            }
            return new ListOwner(null, p.bool("isrecursive", false)
                    ? directory.domainTree(domain.path())
                    : List.of(domain.id()));
        }
        return new ListOwner(ListAll.ownAccountOnly(caller, p, byId), null);
    }

    private static boolean maySee(Caller caller, DomainRef d) {
        return caller.isRootAdmin() || caller.isAdmin() && d.path().startsWith(caller.domainPath())
                || d.id() == caller.domainId();
    }

    private static DomainRef ownDomain(Directory directory, Caller caller) {
        // The caller's domain exists: the session or key that made the call was checked against it.
        return directory.domain(caller.domainUuid()).orElseThrow(() -> new IllegalStateException(
                "The caller's domain " + caller.domainUuid() + " is gone"));
    }
}
