package io.kboss.server.settings;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.settings.domain.SettingDefinition;
import org.springframework.stereotype.Component;

/** {@code resetConfiguration}: removes the value at one scope, so the next scope's value applies. */
@Component
public class ResetConfigurationCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("resetConfiguration")
            .description("Removes a setting's value at the given scope (global when none is given); the value of the "
                    + "next wider scope, or the default, applies again")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.string("name").required().maxLength(255).description("the name of the configuration"))
            .param(ScopeParams.ZONE)
            .param(ScopeParams.CLUSTER)
            .param(ScopeParams.ACCOUNT)
            .responseObject("configuration")
            .responseField("name", "string", "the name of the configuration")
            .responseField("value", "string", "the value now in effect at the scope")
            .build();

    private final SettingsRegistry registry;
    private final Settings settings;
    private final SettingValueRepository values;
    private final ScopeParams scopes;

    public ResetConfigurationCommand(SettingsRegistry registry, Settings settings, SettingValueRepository values,
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
        values.delete(d.name(), scope.place());
        return new ObjectResponse("configuration", ConfigurationResponse.of(d, settings.resolve(d, scope.chain())));
    }
}
