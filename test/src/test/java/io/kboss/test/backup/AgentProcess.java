package io.kboss.test.backup;

import io.kboss.agent.AgentMain;
import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real kboss-agent in its own JVM, on a free local port, with its state in a test folder. */
final class AgentProcess implements AutoCloseable {
    final URI uri;
    final Path state;
    private final Process process;

    private AgentProcess(URI uri, Path state, Process process) {
        this.uri = uri;
        this.state = state;
        this.process = process;
    }

    static AgentProcess start(Path folder) throws Exception {
        Path state = folder.resolve("agent-state");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = folder.resolve("agent.properties");
        Files.writeString(config, "bind.address=127.0.0.1\nport=" + port + "\nstate.dir=" + state + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(new File(folder.toFile(), "agent.log")).start();
        AgentProcess agent = new AgentProcess(URI.create("http://127.0.0.1:" + port), state, p);
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new AssertionError("the agent exited: " + Files.readString(folder.resolve("agent.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return agent;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the agent did not open port " + port + " within 60 s");
    }

    String pairingCode() throws Exception {
        return Files.readString(state.resolve("pairing-secret")).trim();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
