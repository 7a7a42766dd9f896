package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.NamedOwner;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.AccountRef;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.backup.Transactions;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.EventTypes;
import io.kboss.server.event.NewEvent;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * createWebhook (root admins): where the events of an account, a domain or the whole cloud are POSTed.
 * The webhook belongs to {@code account} of {@code domainid} when given (its Local scope is that account),
 * else to the caller's account; {@code domainid} alone sets the domain a Domain scope covers.
 */
@Component
public class CreateWebhookCommand implements SyncCommand {
    private static final CommandSpec SPEC = WebhookResponse.describeFields(WebhookParams.shared(CommandSpec
            .named("createWebhook")
            .description("Creates a webhook: events of its scope and types are POSTed to its payload URL as JSON, "
                    + "signed with its secret key, retried with backoff")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.string("name").required().maxLength(255).description("the webhook's name"))
            .param(ParamSpec.string("payloadurl").required().maxLength(WebhookParams.MAX_URL)
                    .description("the http:// or https:// URL deliveries are POSTed to"))
            .param(ParamSpec.string("account").maxLength(255).description("the account the webhook belongs to "
                    + "(its Local scope); needs domainid"))
            .param(ParamSpec.uuid("domainid").description("the domain of account, or the domain a Domain scope "
                    + "covers"))))
            .build();

    private final WebhookRepository webhooks;
    private final Directory directory;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    public CreateWebhookCommand(WebhookRepository webhooks, Directory directory, EventLog events,
            TransactionTemplate tx, Clock clock) {
        this.webhooks = webhooks;
        this.directory = directory;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        Caller caller = call.caller();
        String url = WebhookParams.url(p.string("payloadurl"));
        String types = WebhookParams.eventTypes(p);
        long accountId = caller.accountId();
        long domainId = caller.domainId();
        NamedOwner.requireDomainWithAccount(p);
        if (p.has("domainid")) {
            String uuid = p.uuid("domainid").toString();
            DomainRef d = directory.domain(uuid).orElseThrow(() -> ApiException.invalidParameter(
                    "Parameter domainid: no domain has ID " + uuid));
            domainId = d.id();
            if (p.has("account")) {
                String name = p.string("account");
                AccountRef a = directory.account(d.id(), name).orElseThrow(() -> ApiException.invalidParameter(
                        "Parameter account: domain " + d.name() + " has no account " + name));
                accountId = a.id();
            }
        }
        String uuid = UUID.randomUUID().toString();
        String secret = WebhookParams.orNull(p.string("secretkey"));
        long owner = accountId;
        long domain = domainId;
        Transactions.run(tx, () -> {
            webhooks.insert(uuid, p.string("name"), WebhookParams.orNull(p.string("description")), url, secret,
                    p.string("state", "Enabled"), p.string("scope", "Local"), types, owner, domain,
                    clock.instant());
            events.record(NewEvent.created(EventTypes.WEBHOOK_CREATE, "Webhook " + p.string("name") + " created",
                    caller.accountId(), caller.userId()).about("Webhook", uuid));
            return null;
        });
        return new ObjectResponse(WebhookResponse.OBJECT_NAME, WebhookResponse.of(webhooks.byUuid(uuid)
                .orElseThrow()));
    }
}
