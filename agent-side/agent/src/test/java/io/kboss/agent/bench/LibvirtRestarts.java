package io.kboss.agent.bench;

import io.kboss.agent.process.ProcessRunner;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Teammates' tests restart the machine's shared libvirtd (the disk engine's restart test does it
 * on purpose). A repetition that loses libvirtd that way says nothing about the product, so it is
 * redone; a failure while the same libvirtd kept running is a real failure and ends the part.
 */
final class LibvirtRestarts {
    private static final int ATTEMPTS = 3;
    private final ProcessRunner runner;
    private final Samples samples;
    final java.util.List<String> redone = new java.util.ArrayList<>();

    @FunctionalInterface
    interface Repetition {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface Recovery {
        void run() throws Exception;
    }

    LibvirtRestarts(ProcessRunner runner, Samples samples) {
        this.runner = runner;
        this.samples = samples;
    }

    /** Runs {@code rep}; if libvirtd was restarted under it, drops its samples, recovers and redoes it. */
    void run(String what, Repetition rep, Recovery recover) throws Exception {
        for (int attempt = 1;; attempt++) {
            String pid = libvirtdPid();
            Samples.Mark mark = samples.mark();
            try {
                rep.run();
                return;
            } catch (Exception e) {
                samples.rollback(mark);
                awaitLibvirtd();
                if (pid.equals(libvirtdPid()) || attempt == ATTEMPTS) {
                    throw e;
                }
                redone.add(what + " (" + e.getMessage() + ")");
                System.out.println(what + ": libvirtd was restarted under it (" + e.getMessage() + "); redoing it");
                recover.run();
            }
        }
    }

    private String libvirtdPid() {
        return runner.run(List.of("pgrep", "-x", "libvirtd"), Duration.ofSeconds(30), Set.of(0, 1)).stdout().trim();
    }

    /** Waits (bounded) until qemu:///system answers again. */
    private void awaitLibvirtd() throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            if (!libvirtdPid().isEmpty()
                    && runner.run(List.of("virsh", "-c", BenchVm.URI, "version"), Duration.ofSeconds(60),
                            Set.of(0, 1)).exitStatus() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("libvirtd did not answer within 2 minutes; start it with bin/kboss-libvirt");
    }
}
