package io.kboss.server.api;

/**
 * Who made an API call, as established by a session or a verified signature. Ids are the internal
 * database ids; the uuids are what the API shows.
 */
public record Caller(long userId, String userUuid, String username,
        long accountId, String accountUuid, String accountName, Role role,
        long domainId, String domainUuid, String domainPath) {

    public boolean isRootAdmin() {
        return role == Role.ROOT_ADMIN;
    }

    public boolean isAdmin() {
        return role == Role.ROOT_ADMIN || role == Role.DOMAIN_ADMIN;
    }

    /**
     * Whether this caller may see or act on a resource owned by the given account in the given
     * domain: root admins everything, domain admins their domain and its subdomains, users their
     * own account only.
     */
    public boolean mayAccess(long ownerAccountId, String ownerDomainPath) {
        switch (role) {
            case ROOT_ADMIN :
                return true;
            case DOMAIN_ADMIN :
                return ownerDomainPath != null && ownerDomainPath.startsWith(domainPath);
            default :
                return ownerAccountId == accountId;
        }
    }
}
