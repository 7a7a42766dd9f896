package io.kboss.server.alert;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** listAlerts: failures that need an administrator, newest first (root admins). */
@Component
public class ListAlertsCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listAlerts")
            .description("Lists alerts, newest first: failed backups, validations and other queued work, and "
                    + "webhook deliveries that failed their last attempt")
            .roles(Role.ROOT_ONLY)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the alert with this ID"))
            .param(ParamSpec.integer("type").min(0).max(Short.MAX_VALUE).description("only alerts of this type "
                    + "number"))
            .param(ParamSpec.string("name").maxLength(64).description("only alerts of this name, e.g. "
                    + "ALERT.BACKUP"))
            .responseObject("alert")
            .responseField("id", "string", "the ID of the alert")
            .responseField("type", "short", "its type: 100 backup, 101 validation, 102 other queued work, 103 "
                    + "webhook delivery")
            .responseField("name", "string", "its type's name (ALERT.BACKUP, ...)")
            .responseField("description", "string", "what failed")
            .responseField("sent", "date", "when it was raised")
            .build();

    private final Alerts alerts;

    public ListAlertsCommand(Alerts alerts) {
        this.alerts = alerts;
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
        Short type = p.has("type") ? p.integer("type").shortValue() : null;
        String like = call.paging().likePattern();
        return new ListResponse<>("alert", alerts.count(uuid, type, p.string("name"), like),
                alerts.list(uuid, type, p.string("name"), like, call.paging().offset(), call.paging().pageSize()));
    }
}
