package io.kboss.test.host;

import io.kboss.agent.Agent;
import io.kboss.agent.AgentConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

/**
 * A real kboss-agent in this JVM on a fixed loopback port with its own state folder, so that it can
 * be stopped and started again as the same agent (same port, same channel key).
 */
final class InProcessAgent implements AutoCloseable {
    final Path stateDir;
    final int port;
    private Agent agent;
    private boolean running;

    InProcessAgent(Path stateDir) throws Exception {
        this.stateDir = stateDir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("bind.address", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty("libguestfs.backend.settings", "force_tcg"); // the lab's /dev/kvm cannot run guests
        agent = new Agent(AgentConfig.from(p), Clock.systemUTC());
        agent.start();
        running = true;
    }

    void stop() throws Exception {
        agent.close();
        running = false;
    }

    void ensureRunning() throws Exception {
        if (!running) {
            start();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String pairingCode() {
        return agent.pairing().pairingCode().orElseThrow();
    }

    @Override
    public void close() throws Exception {
        agent.close();
    }
}
