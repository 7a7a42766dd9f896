package io.kboss.server.host.domain;

/**
 * What one ping round did to a host: its status and count of consecutive missed pings. The one
 * place a host's status changes through monitoring.
 *
 * @param status the status after the ping
 * @param missedPings consecutive pings without answer, 0 after an answer
 */
public record HostHealth(HostStatus status, int missedPings) {

    public HostHealth {
        if (missedPings < 0) {
            throw new IllegalArgumentException("missed pings cannot be negative: " + missedPings);
        }
    }

    /** An answer brings any host back Up and clears the count. */
    public HostHealth answered() {
        return new HostHealth(HostStatus.Up, 0);
    }

    /**
     * A ping without answer. The host is only Disconnected until {@code pingTimeout} pings in a row
     * failed: one lost packet or a busy agent must not declare its work lost.
     *
     * @param pingTimeout missed pings after which the host is Down; at least 1
     */
    public HostHealth missed(int pingTimeout) {
        if (pingTimeout < 1) {
            throw new IllegalArgumentException("host.ping.timeout must be at least 1, was " + pingTimeout);
        }
        int missed = missedPings + 1;
        return new HostHealth(missed >= pingTimeout ? HostStatus.Down : HostStatus.Disconnected, missed);
    }

    /** True when this change takes the host Down (and its work must be accounted for). */
    public boolean wentDownFrom(HostStatus before) {
        return status == HostStatus.Down && before != HostStatus.Down;
    }

    /** True when this change brings a host that was not Up back. */
    public boolean cameUpFrom(HostStatus before) {
        return status == HostStatus.Up && before != HostStatus.Up;
    }
}
