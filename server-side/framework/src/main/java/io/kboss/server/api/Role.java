package io.kboss.server.api;

import java.util.EnumSet;
import java.util.Set;

/** CloudStack's three account types, with the numbers its API reports as {@code accounttype}. */
public enum Role {
    USER(0, "User"), ROOT_ADMIN(1, "Admin"), DOMAIN_ADMIN(2, "DomainAdmin");

    public static final Set<Role> ALL = EnumSet.allOf(Role.class);
    public static final Set<Role> ADMINS = EnumSet.of(ROOT_ADMIN, DOMAIN_ADMIN);
    public static final Set<Role> ROOT_ONLY = EnumSet.of(ROOT_ADMIN);

    private final int accountType;
    private final String roleType;

    Role(int accountType, String roleType) {
        this.accountType = accountType;
        this.roleType = roleType;
    }

    public int accountType() {
        return accountType;
    }

    /** The name CloudStack shows as {@code roletype}. */
    public String roleType() {
        return roleType;
    }

    public static Role ofAccountType(int type) {
        for (Role r : values()) {
            if (r.accountType == type) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "Unknown account type " + type + "; expected 0 (user), 1 (root admin) or 2 (domain admin)");
    }
}
