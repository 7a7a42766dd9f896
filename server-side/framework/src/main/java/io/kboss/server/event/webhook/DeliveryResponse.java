package io.kboss.server.event.webhook;

import io.kboss.server.api.CommandSpec;
import java.time.Instant;

/**
 * One attempt of a webhook delivery, as listWebhookDeliveries answers it: CloudStack's
 * WebhookDeliveryResponse fields plus KBOSS's (deliveryid, attempt, statuscode, duration, state).
 */
public record DeliveryResponse(String id, String deliveryid, String webhookid, String webhookname, String eventid,
        String eventtype, String payload, int attempt, Integer statuscode, boolean success, String response,
        Instant startdate, Instant enddate, long duration, String managementserverid, String state) {
    public static final String OBJECT_NAME = "webhookdelivery";

    static DeliveryResponse of(WebhookRepository.AttemptRow r) {
        return new DeliveryResponse(r.uuid(), r.deliveryUuid(), r.webhookUuid(), r.webhookName(), r.eventUuid(),
                r.eventType(), r.payload(), r.attempt(), r.statusCode(), r.success(), r.response(), r.started(),
                r.ended(), r.durationMs(), r.serverUuid(), r.deliveryState());
    }

    static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "the ID of the attempt")
                .responseField("deliveryid", "string", "the ID of the delivery (one event to one webhook); sent as "
                        + "the X-KBOSS-Delivery header")
                .responseField("webhookid", "string", "the ID of the webhook")
                .responseField("webhookname", "string", "the name of the webhook")
                .responseField("eventid", "string", "the ID of the event delivered")
                .responseField("eventtype", "string", "its type")
                .responseField("payload", "string", "the body sent")
                .responseField("attempt", "integer", "which attempt of the delivery, from 1")
                .responseField("statuscode", "integer", "the HTTP status answered; absent when no answer came")
                .responseField("success", "boolean", "whether the receiver answered 2xx")
                .responseField("response", "string", "the start of the answer's body, or why there was none")
                .responseField("startdate", "date", "when the attempt started")
                .responseField("enddate", "date", "when it ended")
                .responseField("duration", "long", "how long it took, in milliseconds")
                .responseField("managementserverid", "string", "the management server that sent it")
                .responseField("state", "string", "the delivery's state now: PENDING (another attempt will "
                        + "follow), SUCCEEDED or FAILED (webhook.delivery.tries used up)");
    }
}
