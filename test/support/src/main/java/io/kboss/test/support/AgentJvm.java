package io.kboss.test.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real kboss-agent ({@code AgentMain}) in a JVM of its own, on a free loopback port, with its
 * agent.properties, state folder (agent-state) and agent.log in a folder of the test's. It can be
 * killed with SIGKILL ({@link #kill}), as when a host dies, and started again on the same port and
 * state ({@link #restart}).
 */
public final class AgentJvm implements AutoCloseable {
    private static final String MAIN_CLASS = "io.kboss.agent.AgentMain";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    public final URI uri;
    /** Its state folder: pairing secret, channel key, job journal. */
    public final Path state;
    private final Path folder;
    private JvmProcess jvm;

    private AgentJvm(URI uri, Path state, Path folder) {
        this.uri = uri;
        this.state = state;
        this.folder = folder;
    }

    public static AgentJvm start(Path folder) throws Exception {
        return start(folder, "");
    }

    /** @param extraSettings more lines of agent.properties (e.g. "vm.name.prefix=kbt-x-\n") */
    public static AgentJvm start(Path folder, String extraSettings) throws Exception {
        Path state = folder.resolve("agent-state");
        int port = JvmProcess.freeLoopbackPort();
        // The state folder is the agent's alone (0700); validation VMs' overlays go where QEMU can reach them.
        Files.writeString(folder.resolve("agent.properties"), "bind.address=127.0.0.1\nport=" + port
                + "\nstate.dir=" + state + "\nvalidation.scratch.dir=" + folder.resolve("validation-scratch") + "\n"
                // The lab's /dev/kvm cannot run guests: libguestfs boots its appliance under TCG too.
                + "libguestfs.backend.settings=force_tcg\n" + extraSettings);
        AgentJvm agent = new AgentJvm(URI.create("http://127.0.0.1:" + port), state, folder);
        agent.launch();
        return agent;
    }

    private void launch() throws IOException, InterruptedException {
        jvm = JvmProcess.builder(MAIN_CLASS).arguments("--config", folder.resolve("agent.properties").toString())
                .log(folder.resolve("agent.log")).start();
        jvm.awaitListening(uri.getPort(), START_TIMEOUT);
    }

    /** The code that pairs a server with it (addHost's pairingcode). */
    public String pairingCode() throws IOException {
        return Files.readString(state.resolve("pairing-secret")).trim();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a host dies. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    /** Starts the agent again with the same configuration and state (same port, same pairing). */
    public void restart() throws IOException, InterruptedException {
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
