package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/**
 * executeWebhookDelivery (root admins): one more attempt of a delivery now, on this server, whatever its
 * state (e.g. after fixing a receiver that made it fail); recorded like every attempt and answered. The
 * webhook must be Enabled.
 */
@Component
public class ExecuteWebhookDeliveryCommand implements SyncCommand {
    private static final CommandSpec SPEC = DeliveryResponse.describeFields(CommandSpec
            .named("executeWebhookDelivery")
            .description("Sends a webhook delivery once more now and answers the attempt")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the ID of the delivery (deliveryid in "
                    + "listWebhookDeliveries)")))
            .build();

    private final WebhookRepository webhooks;
    private final WebhookSender sender;

    public ExecuteWebhookDeliveryCommand(WebhookRepository webhooks, WebhookSender sender) {
        this.webhooks = webhooks;
        this.sender = sender;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String id = call.params().uuid("id").toString();
        WebhookRepository.Due d = webhooks.delivery(id).orElseThrow(() -> ApiException.invalidParameter(
                "Parameter id: no webhook delivery has ID " + id + "; list them with listWebhookDeliveries"));
        if (!webhooks.enabled(id)) {
            throw ApiException.invalidParameter("The webhook of delivery " + id + " is Disabled; enable it with "
                    + "updateWebhook first");
        }
        sender.sendNow(d);
        int attempt = d.attempts() + 1;
        return new ObjectResponse(DeliveryResponse.OBJECT_NAME,
                webhooks.attempt(id, attempt).map(DeliveryResponse::of)
                        .orElseThrow(() -> ApiException.invalidParameter("Delivery "
                                + id + " was sent by another server at the same moment; list its attempts with "
                                + "listWebhookDeliveries")));
    }
}
