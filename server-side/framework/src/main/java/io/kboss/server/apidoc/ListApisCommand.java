package io.kboss.server.apidoc;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiCommand;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ResponseField;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.api.dispatch.CommandRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code listApis}, generated from the command declarations, in CloudStack's shape. It lists only
 * the commands the caller's role may call, as CloudStack does.
 */
@Component
public class ListApisCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listApis")
            .description("Lists all available APIs and their parameters")
            .param(ParamSpec.string("name").maxLength(255).description("API name"))
            .responseObject("api")
            .responseField("name", "string", "the name of the api command")
            .responseField("description", "string", "description of the api")
            .responseField("isasync", "boolean", "true if api is asynchronous")
            .responseField("params", "list", "the list params the api accepts")
            .responseField("response", "list", "api response fields")
            .build();

    // The registry holds this command too, so it is looked up lazily to avoid a cycle.
    private final ObjectProvider<CommandRegistry> registry;

    public ListApisCommand(ObjectProvider<CommandRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        String only = call.params().string("name");
        List<Api> apis = new ArrayList<>();
        for (ApiCommand c : registry.getObject().all()) {
            CommandSpec s = c.spec();
            if (!s.roles().contains(call.caller().role()) || (only != null && !s.name().equalsIgnoreCase(only))) {
                continue;
            }
            List<Param> params = new ArrayList<>();
            for (ParamSpec p : s.params().values()) {
                params.add(new Param(p.name(), p.description(), p.type().apiName(), p.isRequired(),
                        p.maxLength(), p.since(), p.allowedValues().isEmpty() ? null : p.allowedValues(),
                        p.min(), p.max()));
            }
            List<Field> response = new ArrayList<>();
            for (ResponseField f : s.responseFields()) {
                response.add(new Field(f.name(), f.description(), f.type()));
            }
            apis.add(new Api(s.name(), s.description(), CommandRegistry.isAsync(c), s.since(), "",
                    params.size(), params, response));
        }
        return new ListResponse<>("api", apis.size(), apis);
    }

    record Api(String name, String description, boolean isasync, String since, String related,
            int paramcount, List<Param> params, List<Field> response) {
    }

    record Param(String name, String description, String type, boolean required, Integer length,
            String since, List<String> allowedvalues, Long min, Long max) {
    }

    record Field(String name, String description, String type) {
    }
}
