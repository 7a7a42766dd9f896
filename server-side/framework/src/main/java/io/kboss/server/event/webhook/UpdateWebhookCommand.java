package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.Transactions;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.EventTypes;
import io.kboss.server.event.NewEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * updateWebhook (root admins): what is given changes, the rest stays; an empty secretkey, description or
 * eventtypes clears it (unsigned deliveries, no description, every event type).
 */
@Component
public class UpdateWebhookCommand implements SyncCommand {
    private static final CommandSpec SPEC = WebhookResponse.describeFields(WebhookParams.shared(CommandSpec
            .named("updateWebhook")
            .description("Updates a webhook")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the ID of the webhook"))
            .param(ParamSpec.string("name").maxLength(255).description("a new name"))
            .param(ParamSpec.string("payloadurl").maxLength(WebhookParams.MAX_URL)
                    .description("a new http:// or https:// URL"))))
            .build();

    private final WebhookRepository webhooks;
    private final EventLog events;
    private final TransactionTemplate tx;

    public UpdateWebhookCommand(WebhookRepository webhooks, EventLog events, TransactionTemplate tx) {
        this.webhooks = webhooks;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        String id = p.uuid("id").toString();
        String url = p.has("payloadurl") ? WebhookParams.url(p.string("payloadurl")) : null;
        String types = p.has("eventtypes") ? WebhookParams.eventTypes(p) : null;
        Transactions.run(tx, () -> {
            WebhookRepository.Webhook w = webhooks.lockByUuid(id).orElseThrow(() -> ApiException.invalidParameter(
                    "Parameter id: no webhook has ID " + id + "; list them with listWebhooks"));
            // An empty secretkey or description clears it (CloudStack's updateWebhook); absent keeps it.
            String secret = p.has("secretkey") ? WebhookParams.orNull(p.string("secretkey")) : w.secretKey();
            String description = p.has("description") ? WebhookParams.orNull(p.string("description")) : w.description();
            webhooks.update(w.id(), p.string("name", w.name()), description, url == null ? w.payloadUrl() : url, secret,
                    p.string("state", w.state()), p.string("scope", w.scope()),
                    p.has("eventtypes") ? types : w.eventTypes());
            events.record(NewEvent.created(EventTypes.WEBHOOK_UPDATE, "Webhook " + p.string("name", w.name())
                    + " updated", call.caller().accountId(), call.caller().userId()).about("Webhook", id));
            return null;
        });
        return new ObjectResponse(WebhookResponse.OBJECT_NAME, WebhookResponse.of(webhooks.byUuid(id).orElseThrow()));
    }
}
