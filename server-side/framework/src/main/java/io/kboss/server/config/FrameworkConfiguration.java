package io.kboss.server.config;

import io.kboss.server.api.ApiCommand;
import io.kboss.server.api.dispatch.ApiDispatcher;
import io.kboss.server.api.dispatch.CommandRegistry;
import io.kboss.server.jobs.AsyncJobRunner;
import java.security.SecureRandom;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The framework's Spring configuration. The runnable server registers three beans before it:
 * a {@link DataSource} on an upgraded schema, a {@link java.time.Clock} and the
 * {@link FrameworkProperties}. Plugins contribute commands, settings and providers with their own
 * {@code @Configuration}, imported next to this one.
 */
@Configuration
@ComponentScan(basePackages = {"io.kboss.server.apidoc", "io.kboss.server.auth", "io.kboss.server.backup",
        "io.kboss.server.inventory", "io.kboss.server.jobs", "io.kboss.server.host", "io.kboss.server.settings",
        "io.kboss.server.capabilities", "io.kboss.server.mshost", "io.kboss.server.operation",
        "io.kboss.server.limits", "io.kboss.server.usage", "io.kboss.server.event", "io.kboss.server.alert"})
public class FrameworkConfiguration {

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    public DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    public TransactionTemplate transactionTemplate(DataSourceTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    public SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    public CommandRegistry commandRegistry(List<ApiCommand> commands) {
        return new CommandRegistry(commands);
    }

    @Bean
    public ApiDispatcher apiDispatcher(CommandRegistry registry, AsyncJobRunner jobs) {
        return new ApiDispatcher(registry, jobs);
    }
}
