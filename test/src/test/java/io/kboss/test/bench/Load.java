package io.kboss.test.bench;

import java.time.Duration;

/** A load generator: runs one scenario with a warm-up, then measures a window. */
interface Load {
    RunResult run(Scenario scenario, int clients, Duration warmUp, Duration measured) throws Exception;

    /** How the load is made, for the report (tool, connections, threads). */
    String describe(int clients);
}
