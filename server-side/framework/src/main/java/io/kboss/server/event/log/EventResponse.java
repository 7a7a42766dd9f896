package io.kboss.server.event.log;

import io.kboss.server.api.CommandSpec;
import java.time.Instant;

/**
 * An event as listEvents answers it and as a webhook delivery's body carries it: CloudStack's
 * EventResponse fields, uuids only.
 */
public record EventResponse(String id, String type, String level, String description, String account,
        String accountid, String domainid, String domain, String username, String state, String resourcetype,
        String resourceid, Instant created) {
    public static final String OBJECT_NAME = "event";

    static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "the ID of the event")
                .responseField("type", "string", "the event's type (listEventTypes), e.g. BACKUP.CREATE")
                .responseField("level", "string", "INFO, WARN or ERROR")
                .responseField("description", "string", "what happened")
                .responseField("account", "string", "the account whose resource the event is about")
                .responseField("accountid", "string", "the ID of that account")
                .responseField("domainid", "string", "the ID of the account's domain")
                .responseField("domain", "string", "the name of the account's domain")
                .responseField("username", "string", "the user who asked; 'system' for the server's own work")
                .responseField("state", "string", "Scheduled, Started or Completed (long work), Created (at once)")
                .responseField("resourcetype", "string", "what the event is about (Backup, VirtualMachine, ...)")
                .responseField("resourceid", "string", "the ID of what it is about")
                .responseField("created", "date", "when the event was recorded");
    }
}
