package io.kboss.client.model;

import java.time.Instant;

/**
 * A KVM host whose kboss-agent is paired (listHosts, addHost, reconnectHost). {@code ipAddress} is
 * the agent's address; {@code state} Up, Disconnected, Down or Connecting.
 */
public record Host(String id, String name, String type, String hypervisor, String hypervisorVersion, String state,
        String resourceState, String ipAddress, String version, String zoneId, String zoneName, String clusterId,
        String clusterName, Integer cpuNumber, Long memoryTotal, Instant lastPinged, Instant created) {
}
