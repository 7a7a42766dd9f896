package io.kboss.test.backup;

import io.kboss.test.support.LabDomain;

/** A VM of a {@link LabCloud}: the server's uuid for it, its lab domain, and the host that runs it. */
final class LabVm {
    final String uuid;
    final LabDomain domain;
    final String hostUuid;

    LabVm(String uuid, LabDomain domain, String hostUuid) {
        this.uuid = uuid;
        this.domain = domain;
        this.hostUuid = hostUuid;
    }
}
