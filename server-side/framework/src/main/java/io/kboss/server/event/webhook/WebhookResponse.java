package io.kboss.server.event.webhook;

import io.kboss.server.api.CommandSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A webhook as createWebhook, listWebhooks and updateWebhook answer it: CloudStack's fields, the secret masked. */
public record WebhookResponse(String id, String name, String description, String state, String payloadurl,
        String secretkey, String scope, List<String> eventtypes, String account, String domainid, String domain,
        Instant created) {
    public static final String OBJECT_NAME = "webhook";
    private static final int SHOWN_TAIL = 4;

    static WebhookResponse of(WebhookRepository.Webhook w) {
        return new WebhookResponse(w.uuid(), w.name(), w.description(), w.state(), w.payloadUrl(),
                mask(w.secretKey()), w.scope(), w.eventTypes() == null
                        ? null
                        : Arrays.asList(w.eventTypes().split(",")),
                w.accountName(), w.domainUuid(), w.domainName(), w.created());
    }

    /**
     * Never the whole secret: stars, and the last four characters only of a secret long enough (16 and more)
     * that they give nothing away, so an administrator can tell two secrets apart.
     */
    static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        return secret.length() >= 16 ? "********" + secret.substring(secret.length() - SHOWN_TAIL) : "********";
    }

    static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "the ID of the webhook")
                .responseField("name", "string", "its name")
                .responseField("description", "string", "its description")
                .responseField("state", "string", "Enabled or Disabled")
                .responseField("payloadurl", "string", "where deliveries are POSTed")
                .responseField("secretkey", "string", "the secret that signs deliveries, masked (never shown whole)")
                .responseField("scope", "string", "Local (its account's events), Domain (its domain's and below) "
                        + "or Global (all)")
                .responseField("eventtypes", "list", "the event types it receives; absent: all")
                .responseField("account", "string", "its account")
                .responseField("domainid", "string", "the ID of its domain")
                .responseField("domain", "string", "the name of its domain")
                .responseField("created", "date", "when it was created");
    }
}
