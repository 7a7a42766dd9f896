package io.kboss.agent;

import io.kboss.agent.contract.Protocol;
import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.domain.ReplayGuard;
import io.kboss.agent.guestfs.GuestFiles;
import io.kboss.agent.handler.BackupFileHandlers;
import io.kboss.agent.handler.FileRestoreHandlers;
import io.kboss.agent.handler.BackupHandlers;
import io.kboss.agent.handler.CommandDispatcher;
import io.kboss.agent.handler.DiskBackupRepair;
import io.kboss.agent.handler.InventoryHandlers;
import io.kboss.agent.handler.JobHandlers;
import io.kboss.agent.handler.NewVmHandlers;
import io.kboss.agent.handler.RestoreHandlers;
import io.kboss.agent.handler.StoreHandlers;
import io.kboss.agent.handler.ValidationHandlers;
import io.kboss.agent.handler.VmHandlers;
import io.kboss.agent.http.AgentHttpServer;
import io.kboss.agent.http.AgentServlet;
import io.kboss.agent.http.RequestAuthenticator;
import io.kboss.agent.job.AgentLeftoverCleaner;
import io.kboss.agent.job.JobJournal;
import io.kboss.agent.job.JobManager;
import io.kboss.agent.pairing.Pairing;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.store.BoundedFileSystemCalls;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.vm.HostInventory;
import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.agent.vm.VmEventFeed;
import io.kboss.agent.vm.VmInventory;
import io.kboss.agent.vm.VmLifecycleWatcher;
import io.kboss.agent.vm.VmLeftoverCleaner;
import io.kboss.agent.vm.VmPower;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent: wires pairing, jobs, stores and libvirt behind the HTTP endpoint. Start-up
 * order matters: dead jobs are failed and cleaned before the endpoint opens, so the server never
 * sees a job RUNNING that nobody runs.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final Pairing pairing;
    private final LibvirtConnection libvirt;
    private final JobManager jobs;
    private final AgentHttpServer http;
    private final VmLifecycleWatcher lifecycle;
    private final java.util.concurrent.ScheduledExecutorService housekeeping = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kboss-agent-housekeeping");
                t.setDaemon(true);
                return t;
            });

    public Agent(AgentConfig config, Clock clock) {
        this.config = config;
        this.pairing = Pairing.open(config.stateDir(), new SecureRandom());
        this.libvirt = new LibvirtConnection(config.libvirtUri());
        ProcessRunner programs = new ProcessRunner();
        DiskEngine engine = new DiskEngine(config.libvirtUri(), clock, programs, config.programTimeout(),
                Duration.ofSeconds(5));
        this.jobs = new JobManager(new JobJournal(config.stateDir()),
                new DiskBackupRepair(engine, new AgentLeftoverCleaner(new VmLeftoverCleaner(libvirt))), clock,
                config.maxConcurrentJobs());
        SecondaryStores stores = new SecondaryStores(config.mountRoot(), programs,
                new BoundedFileSystemCalls(config.storeCallTimeout()), config.nfsMountTimeout(),
                new SecondaryStores.NfsOptions(config.nfsTimeoDeciseconds(), config.nfsRetrans()));
        JobHandlers jobHandlers = new JobHandlers(jobs);
        VmInventory vms = new VmInventory(libvirt, config.vmNamePrefix());
        VmEventFeed feed = new VmEventFeed(10_000);
        this.lifecycle = new VmLifecycleWatcher(config.libvirtUri(), vms, feed, clock, config.vmEventsReconcile());
        CommandDispatcher dispatcher = new CommandDispatcher();
        jobHandlers.handlers().forEach(dispatcher::register);
        new StoreHandlers(stores).handlers().forEach(dispatcher::register);
        new InventoryHandlers(new HostInventory(libvirt), vms, pairing.agentId(), version(),
                config.maxConcurrentJobs()).handlers().forEach(dispatcher::register);
        new BackupHandlers(engine, stores, vms, jobHandlers, config.programTimeout()).handlers()
                .forEach(dispatcher::register);
        new RestoreHandlers(engine, stores, vms, jobHandlers, clock).handlers().forEach(dispatcher::register);
        new NewVmHandlers(engine, stores, vms, jobHandlers, clock).handlers().forEach(dispatcher::register);
        new BackupFileHandlers(engine, stores, jobHandlers).handlers().forEach(dispatcher::register);
        new FileRestoreHandlers(new GuestFiles(programs, config.libguestfsBackendSettings()), stores, jobHandlers)
                .handlers().forEach(dispatcher::register);
        new ValidationHandlers(engine, stores, vms, jobHandlers, config.validationScratch()).handlers()
                .forEach(dispatcher::register);
        new VmHandlers(feed, new VmPower(config.libvirtUri(), vms), jobs).handlers().forEach(dispatcher::register);
        RequestAuthenticator authenticator = new RequestAuthenticator(pairing,
                new ReplayGuard(clock, Protocol.MAX_CLOCK_SKEW_SECONDS * 1000, 1_000_000));
        this.http = new AgentHttpServer(config.bindAddress(), config.port(),
                new AgentServlet(authenticator, dispatcher, pairing, hostname(), clock));
    }

    public void start() throws Exception {
        jobs.recoverAfterRestart();
        prune();
        lifecycle.start();
        // The journal is pruned hourly too, so an agent that runs for months does not grow it forever.
        housekeeping.scheduleWithFixedDelay(this::prune, 1, 1, java.util.concurrent.TimeUnit.HOURS);
        http.start();
        LOG.info("kboss-agent {} ({}) listening on {}:{}, state in {}", version(), pairing.agentId(),
                config.bindAddress(), http.port(), config.stateDir());
    }

    private void prune() {
        try {
            int pruned = jobs.pruneFinishedOlderThan(config.keepFinishedJobs());
            if (pruned > 0) {
                LOG.info("Forgot {} finished jobs older than {}", pruned, config.keepFinishedJobs());
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning the job journal failed; trying again in an hour", e);
        }
    }

    public int port() {
        return http.port();
    }

    public Pairing pairing() {
        return pairing;
    }

    public JobManager jobs() {
        return jobs;
    }

    @Override
    public void close() throws Exception {
        housekeeping.shutdownNow();
        http.close();
        lifecycle.close();
        jobs.close();
        libvirt.close();
    }

    static String version() {
        try (InputStream in = Agent.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
