package io.kboss.server.host;

import io.kboss.server.api.Caller;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.Params;
import io.kboss.server.host.VmRepository.Visibility;

/** What a caller may list: root admins everything, domain admins their domain and below, users their account. */
final class Visibilities {
    private Visibilities() {
    }

    /**
     * What a list call shows: {@link #of(Caller)}, narrowed to the administrator's own account without
     * {@code listall=true} unless it lists by id ({@link ListAll}).
     */
    static Visibility of(Caller caller, Params p) {
        Long own = ListAll.ownAccountOnly(caller, p, p.has("id"));
        return own != null ? new Visibility(own, null) : of(caller);
    }

    static Visibility of(Caller caller) {
        return switch (caller.role()) {
            case ROOT_ADMIN -> Visibility.all();
            case DOMAIN_ADMIN -> new Visibility(null, caller.domainPath());
            case USER -> new Visibility(caller.accountId(), null);
        };
    }
}
