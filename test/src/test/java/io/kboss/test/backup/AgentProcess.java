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
    private final Path folder;
    private Process process;

    private AgentProcess(URI uri, Path state, Path folder, Process process) {
        this.uri = uri;
        this.state = state;
        this.folder = folder;
        this.process = process;
    }

    static AgentProcess start(Path folder) throws Exception {
        return start(folder, "");
    }

    /** @param extraSettings more lines of agent.properties (e.g. "vm.name.prefix=kbt-x-\n") */
    static AgentProcess start(Path folder, String extraSettings) throws Exception {
        Path state = folder.resolve("agent-state");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = folder.resolve("agent.properties");
        Files.writeString(config, "bind.address=127.0.0.1\nport=" + port + "\nstate.dir=" + state + "\n"
                + extraSettings);
        AgentProcess agent = new AgentProcess(URI.create("http://127.0.0.1:" + port), state, folder, launch(folder));
        agent.waitUntilServing();
        return agent;
    }

    private static Process launch(Path folder) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--config", folder.resolve("agent.properties").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(folder.toFile(), "agent.log"))).start();
    }

    private void waitUntilServing() throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("the agent exited: " + Files.readString(folder.resolve("agent.log")));
            }
            try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the agent did not open port " + uri.getPort() + " within 60 s");
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a host dies. */
    void kill() throws Exception {
        process.destroyForcibly().waitFor();
    }

    /** Starts the agent again with the same configuration and state (same port, same pairing). */
    void restart() throws Exception {
        process = launch(folder);
        waitUntilServing();
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
