package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.Transactions;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.EventTypes;
import io.kboss.server.event.NewEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** deleteWebhook (root admins): the webhook goes with its pending and past deliveries. */
@Component
public class DeleteWebhookCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteWebhook")
            .description("Deletes a webhook with its deliveries")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the ID of the webhook"))
            .responseField("success", "boolean", "true")
            .build();

    private final WebhookRepository webhooks;
    private final EventLog events;
    private final TransactionTemplate tx;

    public DeleteWebhookCommand(WebhookRepository webhooks, EventLog events, TransactionTemplate tx) {
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
        String id = call.params().uuid("id").toString();
        Transactions.run(tx, () -> {
            WebhookRepository.Webhook w = webhooks.lockByUuid(id).orElseThrow(() -> ApiException.invalidParameter(
                    "Parameter id: no webhook has ID " + id + "; list them with listWebhooks"));
            webhooks.delete(w.id());
            events.record(NewEvent.created(EventTypes.WEBHOOK_DELETE, "Webhook " + w.name() + " deleted",
                    call.caller().accountId(), call.caller().userId()).about("Webhook", id));
            return null;
        });
        return SuccessResponse.ok();
    }
}
