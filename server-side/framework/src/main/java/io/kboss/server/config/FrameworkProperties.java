package io.kboss.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The framework's start-up parameters, supplied by the runnable server.
 *
 * @param serverName shown in mshost and in job failure reasons
 * @param workFolder where the server keeps its files (the generated admin credentials)
 * @param adminPassword the admin's first password, or null to generate one
 * @param sessionIdleTimeout a login session ends after this long without calls
 * @param leaseDuration how long a management server's jobs stay its own without a heartbeat
 * @param heartbeatInterval how often leases are renewed and dead servers' jobs are failed
 * @param jobThreads the number of async jobs run at once by this server
 * @param jobShutdownGrace how long an orderly shutdown waits for running jobs before failing them
 * @param showGeneratedPassword print a generated admin password on standard output (once), besides
 *     saving it; false when standard output is a log file
 * @param operationWorkers how many operations (backups, restores, deletes, ...) this server runs at
 *     once at most; its dispatcher claims no more than it has free workers
 * @param backgroundLoops whether the server's own loops run (heartbeat, host monitor, the operation
 *     dispatcher and sweeper, schedulers); false for tests and embedders that drive each pass by hand
 */
public record FrameworkProperties(String serverName, Path workFolder, String adminPassword,
        Duration sessionIdleTimeout, Duration leaseDuration, Duration heartbeatInterval,
        int jobThreads, Duration jobShutdownGrace,
        boolean showGeneratedPassword, int operationWorkers, boolean backgroundLoops) {
    public FrameworkProperties {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(workFolder, "workFolder");
        if (heartbeatInterval.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("The heartbeat interval (" + heartbeatInterval
                    + ") must be shorter than the lease (" + leaseDuration + "), or live servers lose their jobs");
        }
        if (operationWorkers < 1) {
            throw new IllegalArgumentException("A server needs at least one operation worker; got "
                    + operationWorkers);
        }
    }

    public static FrameworkProperties defaults(String serverName, Path workFolder, String adminPassword) {
        return new FrameworkProperties(serverName, workFolder, adminPassword, Duration.ofMinutes(30),
                Duration.ofSeconds(60), Duration.ofSeconds(15), 8, Duration.ofSeconds(10), true, 16, true);
    }

    /** The same, with {@code workers} operation workers. */
    public FrameworkProperties withOperationWorkers(int workers) {
        return new FrameworkProperties(serverName, workFolder, adminPassword, sessionIdleTimeout, leaseDuration,
                heartbeatInterval, jobThreads, jobShutdownGrace, showGeneratedPassword, workers, backgroundLoops);
    }

    /** The same, with the background loops off: every pass is run by hand. */
    public FrameworkProperties withoutBackgroundLoops() {
        return new FrameworkProperties(serverName, workFolder, adminPassword, sessionIdleTimeout, leaseDuration,
                heartbeatInterval, jobThreads, jobShutdownGrace, showGeneratedPassword, operationWorkers, false);
    }

    @Override
    public String toString() {
        return "FrameworkProperties[" + serverName + ", " + workFolder + ", admin password "
                + (adminPassword == null ? "generated" : "given") + "]";
    }
}
