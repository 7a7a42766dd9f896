package io.kboss.server.settings;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.settings.domain.SettingDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code listConfigurations}. Without a scope id it lists every key with its global value; with
 * {@code zoneid}, {@code clusterid} or {@code accountid} it lists the keys settable at the most
 * specific of them, each with the value in effect there (an account's value, else the given
 * cluster's or zone's, else global, else the default).
 */
@Component
public class ListConfigurationsCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listConfigurations")
            .description("Lists settings with the value in effect at the given scope (global when none is given)")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.string("name").maxLength(255).description("lists the setting with this name"))
            .param(ParamSpec.string("category").maxLength(255).description("lists settings of this category"))
            .param(ScopeParams.ZONE)
            .param(ScopeParams.CLUSTER)
            .param(ScopeParams.ACCOUNT)
            .listCommand()
            .responseObject("configuration")
            .responseField("name", "string", "the name of the configuration")
            .responseField("value", "string", "the value of the configuration")
            .responseField("defaultvalue", "string", "the default value of the configuration")
            .responseField("scope", "string",
                    "scope(zone/cluster/account/global) of the parameter that needs to be updated")
            .responseField("type", "string", "the type of the configuration value")
            .responseField("isdynamic", "boolean", "true if the configuration is dynamic")
            .build();

    private final SettingsRegistry registry;
    private final Settings settings;
    private final ScopeParams scopes;

    public ListConfigurationsCommand(SettingsRegistry registry, Settings settings, ScopeParams scopes) {
        this.registry = registry;
        this.settings = settings;
        this.scopes = scopes;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        Paging paging = call.paging();
        ScopeParams.Scope scope = scopes.forRead(p);
        String name = p.string("name");
        String category = p.string("category");
        String keyword = paging.keyword() == null ? null : paging.keyword().toLowerCase(Locale.ROOT);
        List<SettingDefinition<?>> matching = new ArrayList<>();
        for (SettingDefinition<?> d : registry.all()) {
            if ((name == null || d.name().equalsIgnoreCase(name))
                    && (category == null || d.category().equalsIgnoreCase(category))
                    && (keyword == null || d.name().contains(keyword))
                    && d.allowsScope(scope.place().scope())) {
                matching.add(d);
            }
        }
        List<ConfigurationResponse> page = new ArrayList<>();
        long from = Math.min(paging.offset(), matching.size());
        long to = Math.min(from + paging.pageSize(), matching.size());
        List<SettingDefinition<?>> shown = matching.subList((int) from, (int) to);
        settings.resolveAll(shown, scope.chain()).forEach((d, r) -> page.add(ConfigurationResponse.of(d, r)));
        return new ListResponse<>("configuration", matching.size(), page);
    }
}
