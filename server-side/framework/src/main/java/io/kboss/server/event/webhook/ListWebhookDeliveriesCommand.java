package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** listWebhookDeliveries (root admins): every attempt of every delivery and how it went, newest first. */
@Component
public class ListWebhookDeliveriesCommand implements SyncCommand {
    private static final CommandSpec SPEC = DeliveryResponse.describeFields(CommandSpec
            .named("listWebhookDeliveries")
            .description("Lists the attempts of webhook deliveries with their results, newest first")
            .roles(Role.ROOT_ONLY)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the attempt with this ID"))
            .param(ParamSpec.uuid("webhookid").description("only attempts of this webhook's deliveries"))
            .param(ParamSpec.uuid("eventid").description("only attempts to deliver this event"))
            .param(ParamSpec.date("startdate").description("only attempts started at or after this time"))
            .param(ParamSpec.date("enddate").description("only attempts started at or before this time")))
            .build();

    private final WebhookRepository webhooks;

    public ListWebhookDeliveriesCommand(WebhookRepository webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        String id = str(p.uuid("id"));
        String webhook = str(p.uuid("webhookid"));
        String event = str(p.uuid("eventid"));
        if (webhook != null && webhooks.byUuid(webhook).isEmpty()) {
            throw ApiException.invalidParameter("Parameter webhookid: no webhook has ID " + webhook);
        }
        if (event != null && !webhooks.eventExists(event)) {
            throw ApiException.invalidParameter("Parameter eventid: no event has ID " + event);
        }
        Instant from = p.date("startdate");
        Instant to = p.date("enddate");
        return new ListResponse<>(DeliveryResponse.OBJECT_NAME, webhooks.countAttempts(id, webhook, event, from, to),
                webhooks.attempts(id, webhook, event, from, to, call.paging().offset(), call.paging().pageSize())
                        .stream().map(DeliveryResponse::of).toList());
    }

    private static String str(UUID u) {
        return u == null ? null : u.toString();
    }
}
