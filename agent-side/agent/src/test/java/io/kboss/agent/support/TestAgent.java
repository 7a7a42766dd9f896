package io.kboss.agent.support;

import io.kboss.agent.Agent;
import io.kboss.agent.AgentConfig;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.contract.client.PairingResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/** An agent in this JVM on a free loopback port with its own state folder. */
public final class TestAgent implements AutoCloseable {
    public final Path stateDir;
    public final Agent agent;

    public TestAgent(Path stateDir) throws Exception {
        this(stateDir, new Properties());
    }

    public TestAgent(Path stateDir, Properties extra) throws Exception {
        this.stateDir = stateDir;
        Properties p = new Properties();
        p.setProperty("bind.address", "127.0.0.1");
        p.setProperty("port", "0");
        p.setProperty("state.dir", stateDir.toString());
        p.putAll(extra);
        agent = new Agent(AgentConfig.from(p), Clock.systemUTC());
        agent.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + agent.port());
    }

    public String pairingCode() {
        return agent.pairing().pairingCode().orElseThrow();
    }

    /** Pairs as a management server would and returns its client. */
    public AgentClient pairedClient() throws Exception {
        PairingResult paired = AgentClient.pair(uri(), pairingCode(), "test-server", Duration.ofSeconds(10),
                Clock.systemUTC());
        return client(paired.channelKey(), Clock.systemUTC());
    }

    public AgentClient client(byte[] key, Clock clock) {
        return new AgentClient(uri(), key, Duration.ofSeconds(5), Duration.ofSeconds(30), clock);
    }

    @Override
    public void close() throws Exception {
        agent.close();
    }
}
