package io.kboss.server.operation.engine;

import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.jobs.AsyncJobRepository;
import io.kboss.server.mshost.ManagementServer;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.Settings;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import io.kboss.server.host.HostStatusListener;
import io.kboss.server.operation.Housekeeping;
import io.kboss.server.alert.Alerts;
import io.kboss.server.event.EventLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue's beans. Plugins see only {@link OperationQueue}; their handlers join by being beans. */
@Configuration
public class OperationConfiguration {

    @Bean
    public OperationRows operationRows(JdbcTemplate jdbc) {
        return new OperationRows(jdbc);
    }

    @Bean
    public OperationKinds operationKinds(ObjectProvider<OperationHandler> handlers) {
        return new OperationKinds(() -> handlers.orderedStream().toList());
    }

    @Bean
    public DispatchSignal dispatchSignal() {
        return new DispatchSignal();
    }

    @Bean
    public OperationClaims operationClaims(OperationRows rows, OperationKinds kinds, Settings settings,
            TransactionTemplate tx, Clock clock, OperationEvents events) {
        return new OperationClaims(rows, kinds, settings, tx, clock, events);
    }

    @Bean
    public OperationEvents operationEvents(EventLog log, Alerts alerts, OperationKinds kinds, JdbcTemplate jdbc) {
        return new OperationEvents(log, alerts, kinds, jdbc);
    }

    @Bean
    public OperationRunner operationRunner(OperationKinds kinds, OperationRows rows, AsyncJobRepository jobs,
            Settings settings, TransactionTemplate tx, Clock clock, OperationEvents events) {
        return new OperationRunner(kinds, rows, jobs, settings, tx, clock, events);
    }

    @Bean
    public OperationQueue operationQueue(OperationRows rows, OperationKinds kinds, AsyncJobRepository jobs,
            JdbcTemplate jdbc, DispatchSignal signal, Clock clock, OperationEvents events) {
        return new JdbcOperationQueue(rows, kinds, jobs, jdbc, signal, clock, events);
    }

    @Bean
    public OperationEngine operationEngine(OperationKinds kinds, OperationRows rows, OperationClaims claims,
            OperationRunner runner, ManagementServer server, DispatchSignal signal, JdbcTemplate jdbc,
            TransactionTemplate tx, Clock clock, FrameworkProperties properties,
            ObjectProvider<Housekeeping> housekeeping) {
        return new OperationEngine(new OperationEngine.Parts(kinds, rows, claims, runner, signal), server, jdbc, tx,
                clock, properties, () -> housekeeping.orderedStream().toList());
    }

    /** Queued compressions and validations stuck on a Down or full host, or left by their VM, wait elsewhere. */
    @Bean
    public QueuedPlacement queuedPlacement(OperationRows rows, OperationKinds kinds, Settings settings) {
        return new QueuedPlacement(rows, kinds, settings);
    }

    /** Logs the operations a host had when it went Down, so the loss is never silent. */
    @Bean
    public HostStatusListener downHostOperations() {
        return new DownHostOperations();
    }
}
