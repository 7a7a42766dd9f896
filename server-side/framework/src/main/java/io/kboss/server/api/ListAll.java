package io.kboss.server.api;

/**
 * CloudStack's {@code listall} on the commands that list account-owned things (its
 * buildACLSearchParameters): an administrator's list without {@code id}, {@code account} or
 * {@code domainid} shows only the administrator's own account's resources unless {@code listall=true},
 * which shows everything the role may see (root admins all, domain admins their domain and the domains
 * below). A list by id is never narrowed, nor is a user's, which shows the own account's anyway. This is
 * why CloudStack's UI, and KBOSS's, send {@code listall=true} on their administrators' pages.
 */
public final class ListAll {
    private ListAll() {
    }

    /** The {@code listall} parameter, described for a list of {@code things} ("VMs", "volumes", ...). */
    public static ParamSpec param(String things) {
        return ParamSpec.bool("listall").description("administrators: true lists all " + things + " you may see; "
                + "false or absent (CloudStack's default) only your own account's (a list by id is not narrowed)");
    }

    /**
     * The account an administrator's list is narrowed to, or null when it is not narrowed.
     *
     * @param byOwnerOrId whether the call already names what to list by {@code id}, {@code account} or
     *        {@code domainid}: then {@code listall} changes nothing, as in CloudStack
     */
    public static Long ownAccountOnly(Caller caller, Params p, boolean byOwnerOrId) {
        if (!caller.isAdmin() || byOwnerOrId || p.bool("listall", false)) {
            return null;
        }
        return caller.accountId();
    }
}
