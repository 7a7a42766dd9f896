package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.client.AgentClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens the channel to a host's agent from the host row: its url and its sealed channel key, which
 * the host registry's {@link Unsealer} opens. Job commands answer at once, so a short request
 * timeout suits every call made through it.
 */
public class HostAgentChannels implements AgentChannels {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** Opens a sealed channel key; the message of its failure says what to do. */
    @FunctionalInterface
    public interface Unsealer {
        byte[] unseal(byte[] sealed, String hostName);
    }

    private final JdbcTemplate jdbc;
    private final Unsealer unsealer;
    private final Clock clock;

    public HostAgentChannels(JdbcTemplate jdbc, Unsealer unsealer, Clock clock) {
        this.jdbc = jdbc;
        this.unsealer = unsealer;
        this.clock = clock;
    }

    @Override
    public AgentClient forHost(long hostId) {
        List<Object[]> rows = jdbc.query("SELECT name, url, channel_key_sealed FROM host WHERE id = ? AND removed IS NULL",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getBytes(3)}, hostId);
        if (rows.isEmpty()) {
            throw new IllegalStateException("host " + hostId + " is not registered any more; add it again with addHost");
        }
        Object[] h = rows.get(0);
        byte[] key = unsealer.unseal((byte[]) h[2], (String) h[0]);
        return new AgentClient(URI.create((String) h[1]), key, CONNECT_TIMEOUT, REQUEST_TIMEOUT, clock);
    }
}
