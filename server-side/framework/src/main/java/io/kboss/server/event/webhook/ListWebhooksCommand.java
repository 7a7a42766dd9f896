package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** listWebhooks (root admins), oldest first, secrets masked. */
@Component
public class ListWebhooksCommand implements SyncCommand {
    private static final CommandSpec SPEC = WebhookResponse.describeFields(CommandSpec.named("listWebhooks")
            .description("Lists webhooks")
            .roles(Role.ROOT_ONLY)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the webhook with this ID"))
            .param(ParamSpec.string("name").maxLength(255).description("only webhooks with exactly this name"))
            .param(ParamSpec.string("state").allowedValues(WebhookParams.STATES).description("only webhooks in this "
                    + "state"))
            .param(ParamSpec.string("scope").allowedValues(WebhookParams.SCOPES).description("only webhooks of this "
                    + "scope")))
            .build();

    private final WebhookRepository webhooks;

    public ListWebhooksCommand(WebhookRepository webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        Params p = call.params();
        UUID id = p.uuid("id");
        String uuid = id == null ? null : id.toString();
        String like = call.paging().likePattern();
        return new ListResponse<>(WebhookResponse.OBJECT_NAME, webhooks.count(uuid, p.string("name"),
                p.string("state"), p.string("scope"), like),
                webhooks.list(uuid, p.string("name"), p.string("state"),
                        p.string("scope"), like, call.paging().offset(), call.paging().pageSize()).stream()
                        .map(WebhookResponse::of).toList());
    }
}
