package io.kboss.agent.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Times what the agent's VM listing does (a new connection, the running domains, each one's state
 * and definition) every 50 ms on its own thread while other work runs, to show whether libvirtd
 * stays responsive under it. Calls of teammates' domains that vanish meanwhile are skipped.
 */
final class LibvirtProbe implements AutoCloseable {
    private static final long EVERY_MILLIS = 50;
    private final List<Double> seconds = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean stop;

    /** The calls' count, slowest and 95th percentile, and the errors met. */
    record Result(int calls, double slowest, double p95, List<String> errors) {
        String describe() {
            return String.format(Locale.ROOT, "%d listings, slowest %.3f s, p95 %.3f s%s", calls, slowest, p95,
                    errors.isEmpty() ? "" : "; " + errors.size() + " failed (first: " + errors.get(0) + ")");
        }
    }

    private LibvirtProbe() {
        thread = new Thread(this::loop, "bench-libvirt-probe");
        thread.setDaemon(true);
    }

    static LibvirtProbe start() {
        LibvirtProbe probe = new LibvirtProbe();
        probe.thread.start();
        return probe;
    }

    private void loop() {
        while (!stop) {
            long start = System.nanoTime();
            try {
                listing();
                seconds.add((System.nanoTime() - start) / 1e9);
            } catch (LibvirtException | RuntimeException e) {
                seconds.add((System.nanoTime() - start) / 1e9);
                errors.add(e.getMessage());
            }
            try {
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void listing() throws LibvirtException {
        Connect c = new Connect(BenchVm.URI);
        try {
            for (int id : c.listDomains()) {
                try {
                    var d = c.domainLookupByID(id);
                    d.getInfo();
                    d.getXMLDesc(0);
                } catch (LibvirtException e) {
                    if (e.getError() == null
                            || e.getError().getCode() != org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                        throw e;
                    }
                }
            }
        } finally {
            c.close();
        }
    }

    Result stop() throws InterruptedException {
        stop = true;
        thread.join(60_000);
        List<Double> sorted;
        synchronized (seconds) {
            sorted = new ArrayList<>(seconds);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new Result(0, 0, 0, List.copyOf(errors));
        }
        return new Result(sorted.size(), sorted.get(sorted.size() - 1),
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.95) - 1)),
                List.copyOf(errors));
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop) {
            stop();
        }
    }
}
