package io.kboss.agent.vm;

import io.kboss.agent.contract.VmEvent;
import io.kboss.agent.contract.VmEventKind;
import io.kboss.agent.contract.VmState;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link VmEventFeed} with libvirt's domain lifecycle events, as they happen.
 *
 * <p>Measured before choosing events over polling (libvirt-java 0.5.4, libvirt 9.0, a loaded
 * 2-core machine): an event arrived 1 ms after the start, destroy or undefine call returned, on
 * one connection and one thread; a poll of 9 domains' states took 12.7 ms, every time, whether
 * anything changed or not.
 *
 * <p>Threads: libvirt calls {@link #onLifecycleChange} on its event-loop thread; that only copies the
 * event's names and hands it to this watcher's one worker thread, which asks libvirt for the VM's
 * state now (no libvirt call is made from inside a callback) and appends the event. The worker also
 * reconnects, with growing pauses, when libvirtd closes the connection (restart, crash), and every
 * {@code reconcileEvery} lists the domains and reports as RECONCILED any state no event reported:
 * what happened while the connection was down, or an event libvirt did not send. A periodic listing
 * reports a difference only when the next listing still sees it, because the event for a change
 * the listing just saw is often still on its way; after a reconnection it reports at once, since
 * the events of that time are lost for sure. Only the domains the agent manages
 * ({@link VmInventory#manages}) are reported.
 */
public final class VmLifecycleWatcher implements AutoCloseable, LifecycleListener {
    private static final Logger LOG = LoggerFactory.getLogger(VmLifecycleWatcher.class);
    private static final Duration MAX_RECONNECT_PAUSE = Duration.ofSeconds(30);

    /** What the watcher last reported of a VM, to see what changed at a reconcile. */
    private record Known(String name, VmState state, boolean persistent) {
    }

    private final String uri;
    private final VmInventory vms;
    private final VmEventFeed feed;
    private final Clock clock;
    private final Duration reconcileEvery;
    private final ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "kboss-vm-events");
        t.setDaemon(true);
        return t;
    });
    /** Touched by the worker thread only. */
    private final Map<String, Known> known = new HashMap<>();
    /** Differences the last periodic listing saw and no event explained yet (worker thread only). */
    private final Map<String, Known> suspected = new HashMap<>();
    private volatile Connect connect;
    private Duration reconnectPause = Duration.ofSeconds(1);
    private volatile boolean closed;

    public VmLifecycleWatcher(String uri, VmInventory vms, VmEventFeed feed, Clock clock, Duration reconcileEvery) {
        this.uri = uri;
        this.vms = vms;
        this.feed = feed;
        this.clock = clock;
        this.reconcileEvery = reconcileEvery;
        // A reconnection still waiting when the agent stops must not hold up its stop.
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Connects (in the background) and starts the periodic reconcile. */
    public void start() {
        worker.execute(this::connect);
        worker.scheduleWithFixedDelay(() -> reconcile(Reporting.WHEN_SEEN_TWICE), reconcileEvery.toMillis(),
                reconcileEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs on libvirt's event-loop thread: copy what the event says and hand it on. */
    @Override
    public int onLifecycleChange(Domain domain, DomainEvent event) {
        if (closed) {
            return 0;
        }
        try {
            String uuid = domain.getUUIDString();
            String name = domain.getName();
            long at = clock.millis();
            VmEventKind kind = kindOf(event.getType().name());
            Object detail = event.getDetail();
            worker.execute(() -> handle(uuid, name, kind, detail == null ? null : detail.toString(), at));
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("a libvirt lifecycle event could not be read ({}); the next reconcile reports the state", e
                    .toString());
        }
        return 0;
    }

    private static VmEventKind kindOf(String libvirtType) {
        try {
            return VmEventKind.valueOf(libvirtType);
        } catch (IllegalArgumentException e) {
            return VmEventKind.RECONCILED; // a type this build does not know: report the state it led to
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            LibvirtEventLoop.ensureRunning();
            Connect c = new Connect(uri);
            // Keepalive makes a dead libvirtd close the connection within seconds, which calls us back.
            c.setKeepAlive(5, 3);
            c.registerCloseListener((conn, reason) -> {
                LOG.warn("the libvirt connection for VM events closed ({}); reconnecting", reason);
                worker.execute(this::reconnect);
            });
            c.addLifecycleListener(this);
            connect = c;
            reconnectPause = Duration.ofSeconds(1);
            // The first listing only learns the states (list-vms gives them to the server); after a
            // reconnection it reports what changed while no event could come.
            reconcile(known.isEmpty() ? Reporting.NONE : Reporting.AT_ONCE);
            LOG.info("following VM lifecycle events of {}", uri);
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("cannot follow VM lifecycle events of {} ({}); trying again in {} s", uri, e.getMessage(),
                    reconnectPause.toSeconds());
            scheduleReconnect();
        }
    }

    private void reconnect() {
        dropConnection();
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        worker.schedule(this::connect, reconnectPause.toMillis(), TimeUnit.MILLISECONDS);
        reconnectPause = reconnectPause.multipliedBy(2).compareTo(MAX_RECONNECT_PAUSE) > 0
                ? MAX_RECONNECT_PAUSE
                : reconnectPause.multipliedBy(2);
    }

    private void dropConnection() {
        Connect c = connect;
        connect = null;
        if (c == null) {
            return;
        }
        try {
            c.removeLifecycleListener(this);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("removing the lifecycle listener failed (the connection is gone): {}", e.toString());
        }
        try {
            c.unregisterCloseListener();
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing the VM events connection failed (it is gone): {}", e.toString());
        }
    }

    /** On the worker: the VM's state now, appended as the event's outcome. */
    private void handle(String uuid, String name, VmEventKind kind, String detail, long at) {
        if (!vms.manages(name)) {
            return;
        }
        VmEvent e = new VmEvent();
        e.atMillis = at;
        e.vmUuid = uuid;
        e.vmName = name;
        e.kind = kind;
        e.detail = detail;
        e.state = VmState.SHUTOFF;
        try {
            Domain d = connect == null ? null : lookup(connect, uuid);
            if (d != null) {
                e.exists = true;
                e.state = VmInventory.state(d.getInfo().state);
                e.persistent = d.isPersistent() == 1;
            }
        } catch (LibvirtException ex) {
            // The VM changed again between the event and this question: report what the event says.
            LOG.debug("state of VM {} after {} unreadable: {}", name, kind, ex.getMessage());
        }
        remember(e);
        feed.append(e);
    }

    private static Domain lookup(Connect c, String uuid) throws LibvirtException {
        try {
            return c.domainLookupByUUIDString(uuid);
        } catch (LibvirtException e) {
            if (e.getError() != null && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return null;
            }
            throw e;
        }
    }

    private void remember(VmEvent e) {
        if (e.exists) {
            known.put(e.vmUuid, new Known(e.vmName, e.state, e.persistent));
        } else {
            known.remove(e.vmUuid);
        }
    }

    /** How a listing reports the differences it finds. */
    private enum Reporting {
        /** The first listing: it only learns the states. */
        NONE,
        /** After a reconnection: every difference is a change whose event was lost. */
        AT_ONCE,
        /** Periodically: a difference seen by two listings in a row (its event did not come). */
        WHEN_SEEN_TWICE
    }

    /** Lists the domains and reports, as {@code reporting} says, the states no event gave. */
    private void reconcile(Reporting reporting) {
        Connect c = connect;
        if (c == null) {
            return;
        }
        Map<String, Known> now = new HashMap<>();
        try {
            for (Domain d : c.listAllDomains(0)) {
                try {
                    String name = d.getName();
                    if (vms.manages(name)) {
                        now.put(d.getUUIDString(), new Known(name, VmInventory.state(d.getInfo().state),
                                d.isPersistent() == 1));
                    }
                } catch (LibvirtException e) {
                    // gone between listing and reading: the next listing sees it missing
                }
            }
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("listing the domains for VM events failed ({}); trying again at the next reconcile", e
                    .toString());
            return;
        }
        Map<String, Known> differences = new HashMap<>();
        now.forEach((uuid, k) -> {
            if (!k.equals(known.get(uuid)) && !(reporting == Reporting.WHEN_SEEN_TWICE && startingUp(k,
                    known.get(uuid)))) {
                differences.put(uuid, k);
            }
        });
        for (Map.Entry<String, Known> was : known.entrySet()) {
            if (!now.containsKey(was.getKey())) {
                differences.put(was.getKey(), new Known(was.getValue().name(), null, was.getValue().persistent()));
            }
        }
        Map<String, Known> confirmed = new HashMap<>();
        differences.forEach((uuid, k) -> {
            if (reporting == Reporting.AT_ONCE || reporting == Reporting.NONE || k.equals(suspected.get(uuid))) {
                confirmed.put(uuid, k);
            }
        });
        suspected.clear();
        differences.forEach((uuid, k) -> {
            if (!confirmed.containsKey(uuid)) {
                suspected.put(uuid, k);
            }
        });
        confirmed.forEach((uuid, k) -> {
            boolean exists = k.state() != null;
            if (exists) {
                known.put(uuid, k);
            } else {
                known.remove(uuid);
            }
            if (reporting != Reporting.NONE) {
                feed.append(reconciled(uuid, exists ? k : new Known(k.name(), VmState.SHUTOFF, k.persistent()),
                        exists));
            }
        });
    }

    /**
     * A VM that was shut off (or unknown) and is now paused is being started: libvirt starts QEMU with its
     * CPUs stopped and resumes them once the start is done, then sends the start's events. That can take
     * seconds on a busy host, longer than two listings, and reporting the passing pause would tell the
     * server the VM was paused. The start's events say how it ends (a start with --paused sends its own
     * SUSPENDED event), so a periodic listing leaves such a VM to them; after a reconnection it is
     * reported, since those events may be lost.
     */
    private static boolean startingUp(Known now, Known was) {
        return now.state() == VmState.PAUSED && (was == null || was.state() == VmState.SHUTOFF);
    }

    private VmEvent reconciled(String uuid, Known k, boolean exists) {
        VmEvent e = new VmEvent();
        e.atMillis = clock.millis();
        e.vmUuid = uuid;
        e.vmName = k.name();
        e.kind = VmEventKind.RECONCILED;
        e.state = k.state();
        e.exists = exists;
        e.persistent = k.persistent();
        return e;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        worker.execute(this::dropConnection);
        worker.shutdown();
        if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
    }
}
