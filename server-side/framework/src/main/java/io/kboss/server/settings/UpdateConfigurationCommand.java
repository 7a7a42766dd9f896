package io.kboss.server.settings;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.settings.domain.InvalidSettingValueException;
import io.kboss.server.settings.domain.SettingDefinition;
import org.springframework.stereotype.Component;

/**
 * {@code updateConfiguration}: type- and range-checked, and only at a scope the key allows. Reads
 * go to the database, so the new value is in effect on every server at once.
 */
@Component
public class UpdateConfigurationCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("updateConfiguration")
            .description("Updates a setting globally or at the zone, cluster or account scope its definition allows")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.string("name").required().maxLength(255).description("the name of the configuration"))
            .param(ParamSpec.string("value").required().maxLength(4096).description("the value of the configuration"))
            .param(ScopeParams.ZONE)
            .param(ScopeParams.CLUSTER)
            .param(ScopeParams.ACCOUNT)
            .responseObject("configuration")
            .responseField("name", "string", "the name of the configuration")
            .responseField("value", "string", "the value of the configuration")
            .build();

    private final SettingsRegistry registry;
    private final Settings settings;
    private final SettingValueRepository values;
    private final ScopeParams scopes;

    public UpdateConfigurationCommand(SettingsRegistry registry, Settings settings, SettingValueRepository values,
            ScopeParams scopes) {
        this.registry = registry;
        this.settings = settings;
        this.values = values;
        this.scopes = scopes;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        SettingDefinition<?> d = SettingsCommands.definition(registry, call.params().string("name"));
        ScopeParams.Scope scope = scopes.forWrite(call.params());
        SettingsCommands.checkScope(d, scope.place().scope());
        String text = normalized(d, call.params().string("value"));
        values.put(d.name(), scope.place(), text);
        return new ObjectResponse("configuration", ConfigurationResponse.of(d, settings.resolve(d, scope.chain())));
    }

    private static <T> String normalized(SettingDefinition<T> d, String value) throws ApiException {
        try {
            return d.format(d.parse(value));
        } catch (InvalidSettingValueException e) {
            throw ApiException.invalidParameter("Parameter value: " + e.getMessage());
        }
    }
}
