package io.kboss.server.operation.domain;

import java.util.Objects;

/**
 * A request that stays queued, and why.
 *
 * @param running   what runs in the scope that is full (the cloud, the zone, the host; of the request's kind
 *     only when its kind's own limit is the reason); 0 otherwise
 * @param limit     the limit that is reached; null unless a limit is the reason
 * @param holder    the request that holds the VM; null unless the VM is the reason
 */
public record Waiting(OperationRequest request, WaitReason reason, int running, Limit limit, String holder,
        boolean holderRuns) {
    public Waiting {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reason, "reason");
    }

    /** The reason in words, for the error of a request that waited too long and for logs. */
    public String explain(Names names) {
        return switch (reason) {
            case CLOUD_LIMIT_REACHED -> running + " operations are running, the cloud-wide limit " + limit.setting()
                    + " is " + limit.max();
            case ZONE_LIMIT_REACHED -> running + " operations are running in zone " + names.zone(request.zoneId())
                    + ", the limit " + limit.setting() + " is " + limit.max();
            case HOST_LIMIT_REACHED -> running + " operations are running on host " + names.host(request.hostId())
                    + ", the limit " + limit.setting() + " is " + limit.max();
            case KIND_CLOUD_LIMIT_REACHED -> running + " " + request.kind() + " operations are running, the limit "
                    + limit.setting() + " is " + limit.max();
            case KIND_ZONE_LIMIT_REACHED -> running + " " + request.kind() + " operations are running in zone "
                    + names.zone(request.zoneId()) + ", the limit " + limit.setting() + " is " + limit.max();
            case KIND_HOST_LIMIT_REACHED -> running + " " + request.kind() + " operations are running on host "
                    + names.host(request.hostId()) + ", the limit " + limit.setting() + " is " + limit.max();
            case HOST_DOWN -> "host " + names.host(request.hostId()) + " is Down (its agent does not answer); the "
                    + request.kind() + " starts when the host is Up again";
            case VM_BUSY -> "VM " + names.vm(request.vmId()) + " is busy: a " + holder + " of it is "
                    + (holderRuns ? "running" : "queued ahead") + "; one operation per VM at a time";
        };
    }
}
