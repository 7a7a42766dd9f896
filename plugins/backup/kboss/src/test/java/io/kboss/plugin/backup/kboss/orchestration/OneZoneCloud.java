package io.kboss.plugin.backup.kboss.orchestration;

import org.junit.rules.ExternalResource;

/**
 * A fresh {@link OrchestrationCloud} with one zone for each test, closed after it: for the burst tests, which
 * start their own servers (several, with worker counts of their own) inside the test and so cannot share
 * {@link OneServerLab}'s one server. Use it as {@code @Rule}.
 */
public final class OneZoneCloud extends ExternalResource {
    private final String purpose;
    private final String zone;
    private OrchestrationCloud cloud;

    /** {@code purpose} names the cloud's database; {@code zone} its one zone. */
    public OneZoneCloud(String purpose, String zone) {
        this.purpose = purpose;
        this.zone = zone;
    }

    @Override
    protected void before() throws Exception {
        cloud = new OrchestrationCloud(purpose);
        cloud.zone(zone);
    }

    @Override
    protected void after() {
        try {
            cloud.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the cloud of " + purpose + " failed", e);
        }
    }

    /** The cloud of the running test. */
    public OrchestrationCloud cloud() {
        return cloud;
    }
}
