package io.kboss.server.host.domain;

/**
 * A host's status as {@code listHosts} shows it (CloudStack's names). Connecting while addHost pairs,
 * Up while its agent answers, Disconnected after a missed ping (work on it may still be running),
 * Down after {@code host.ping.timeout} missed pings in a row (nothing can be asked of it).
 */
public enum HostStatus {
    Connecting, Up, Disconnected, Down;

    /** Whether commands may be sent to the host's agent. */
    public boolean isReachable() {
        return this == Up;
    }
}
