package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.ListOwner;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * listWebhooks (root admins), oldest first, secrets masked. As CloudStack's (a list of account-owned
 * things): without id, account or domainid it shows the caller's own account's webhooks unless
 * {@code listall=true} ({@link ListOwner}).
 */
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
                    + "scope"))
            .param(ListOwner.domainParam("webhooks"))
            .param(ListOwner.accountParam("webhooks"))
            .param(ListOwner.recursiveParam())
            .param(ListAll.param("webhooks")))
            .build();

    private final WebhookRepository webhooks;
    private final Directory directory;

    public ListWebhooksCommand(WebhookRepository webhooks, Directory directory) {
        this.webhooks = webhooks;
        this.directory = directory;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        UUID id = p.uuid("id");
        String uuid = id == null ? null : id.toString();
        String like = call.paging().likePattern();
        ListOwner owner = ListOwner.of(directory, call.caller(), p, id != null, "webhooks");
        return new ListResponse<>(WebhookResponse.OBJECT_NAME, webhooks.count(uuid, p.string("name"),
                p.string("state"), p.string("scope"), like, owner.accountId(), owner.domainIds()),
                webhooks.list(uuid, p.string("name"), p.string("state"), p.string("scope"), like, owner.accountId(),
                        owner.domainIds(), call.paging().offset(), call.paging().pageSize()).stream()
                        .map(WebhookResponse::of).toList());
    }
}
