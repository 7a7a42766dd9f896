package io.kboss.server.app;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ParamType;
import io.kboss.server.api.SyncCommand;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Commands only tests load, through the same plugin mechanism real plugins use: one that fails
 * with a bug (to inject the fault of an unexpected exception), one async command whose work waits
 * for the test's signal, and one with a parameter of every type.
 */
@Configuration
public class TestCommands {
    /** Released by tests to let a running {@code waitForSignal} job finish. */
    static volatile CountDownLatch signal = new CountDownLatch(1);

    @Bean
    public SyncCommand failUnexpectedly() {
        CommandSpec spec = CommandSpec.named("failUnexpectedly").description("test: throws a bug").build();
        return new SyncCommand() {
            @Override
            public CommandSpec spec() {
                return spec;
            }

            @Override
            public Object execute(ApiCall call) {
                throw new IllegalStateException("internal detail that must stay in the log");
            }
        };
    }

    @Bean
    public AsyncCommand waitForSignal() {
        CommandSpec spec = CommandSpec.named("waitForSignal").description("test: an async job that waits for a signal")
                .param(ParamSpec.string("label").required().maxLength(20).description("echoed in the result"))
                .param(ParamSpec.bool("fail").description("fail instead of succeeding"))
                .responseObject("signal")
                .build();
        return new AsyncCommand() {
            @Override
            public CommandSpec spec() {
                return spec;
            }

            @Override
            public AsyncStart start(ApiCall call) {
                String label = call.params().string("label");
                boolean fail = call.params().bool("fail", false);
                return new AsyncStart("11111111-2222-3333-4444-555555555555", "Signal", progress -> {
                    progress.report(50);
                    if (!signal.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test signal never came");
                    }
                    if (fail) {
                        throw io.kboss.server.api.ApiException.invalidParameter("failed as asked: " + label);
                    }
                    return new ObjectResponse("signal", Map.of("label", label));
                });
            }
        };
    }

    /** An account-scoped key: no framework key is account-scoped, and resolution must handle one. */
    static final io.kboss.server.settings.domain.SettingDefinition<Integer> ACCOUNT_QUOTA = io.kboss.server.settings.domain.SettingDefinition
            .integer("test.account.quota", 10)
            .scope(io.kboss.server.settings.domain.SettingScope.ACCOUNT).min(0).max(1000)
            .description("test: an account-scoped key").build();

    @Bean
    public io.kboss.server.settings.SettingsContributor testSettings() {
        return () -> java.util.List.of(ACCOUNT_QUOTA);
    }

    @Bean
    public SyncCommand echoTypes() {
        CommandSpec spec = CommandSpec.named("echoTypes").description("test: echoes one parameter of every type")
                .param(ParamSpec.string("text").maxLength(5).description("a string"))
                .param(ParamSpec.string("mode").allowedValues("HOURLY", "DAILY").description("an enum"))
                .param(ParamSpec.bool("flag").description("a boolean"))
                .param(ParamSpec.integer("count").min(1).max(10).description("an integer"))
                .param(ParamSpec.longValue("size").min(0).description("a long"))
                .param(ParamSpec.uuid("zoneid").description("a uuid"))
                .param(ParamSpec.date("startdate").description("a date"))
                .param(ParamSpec.list("ids", ParamType.INTEGER).description("a list"))
                .param(ParamSpec.map("details").description("a map"))
                .build();
        return new SyncCommand() {
            @Override
            public CommandSpec spec() {
                return spec;
            }

            @Override
            public Object execute(ApiCall call) {
                return new java.util.TreeMap<>(call.params().asMap());
            }
        };
    }
}
