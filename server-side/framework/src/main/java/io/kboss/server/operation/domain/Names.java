package io.kboss.server.operation.domain;

/** How the reasons a request waits name hosts, zones and VMs: as users know them, never by row id. */
public interface Names {

    String host(long hostId);

    String zone(long zoneId);

    String vm(long vmId);
}
