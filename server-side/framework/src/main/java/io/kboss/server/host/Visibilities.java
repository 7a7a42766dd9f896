package io.kboss.server.host;

import io.kboss.server.api.Caller;
import io.kboss.server.host.VmRepository.Visibility;

/** What a caller may list: root admins everything, domain admins their domain and below, users their account. */
final class Visibilities {
    private Visibilities() {
    }

    static Visibility of(Caller caller) {
        return switch (caller.role()) {
            case ROOT_ADMIN -> Visibility.all();
            case DOMAIN_ADMIN -> new Visibility(null, caller.domainPath());
            case USER -> new Visibility(caller.accountId(), null);
        };
    }
}
