package io.kboss.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kboss-agent [--config FILE] [--reset-pairing]}. Without pairing, prints the one-time
 * pairing code to give to the management server. {@code --reset-pairing} forgets the paired
 * server, prints a new code and exits; restart the agent afterwards.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        boolean reset = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(args[++i]);
                case "--reset-pairing" -> reset = true;
                default -> {
                    System.err.println("usage: kboss-agent [--config FILE] [--reset-pairing]");
                    System.exit(2);
                }
            }
        }
        AgentConfig config = AgentConfig.load(configFile);
        if (reset) {
            String code = io.kboss.agent.pairing.Pairing.open(config.stateDir(), new java.security.SecureRandom())
                    .reset();
            System.out.println("Pairing reset. New pairing code: " + code);
            System.out.println("Restart kboss-agent, then pair it again from the management server.");
            return;
        }
        Agent agent = new Agent(config, Clock.systemUTC());
        agent.start();
        agent.pairing().pairingCode().ifPresent(code -> {
            // Printed on the console only (never logged): the operator hands it to the server once.
            System.out.println("kboss-agent is not paired. Pairing code: " + code);
            System.out.println("(also in " + config.stateDir().resolve("pairing-secret") + ", readable by root only)");
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.close();
            } catch (Exception e) {
                System.err.println("kboss-agent did not stop cleanly: " + e);
            }
            stopped.countDown();
        }, "kboss-agent-shutdown"));
        stopped.await();
    }
}
