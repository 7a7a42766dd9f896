package io.kboss.server.event.webhook;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ParamType;
import io.kboss.server.api.Params;
import io.kboss.server.event.EventTypes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** The parameters createWebhook and updateWebhook share, and their checks. */
final class WebhookParams {
    static final String[] STATES = {"Enabled", "Disabled"};
    static final String[] SCOPES = {"Local", "Domain", "Global"};
    static final int MAX_URL = 2048;

    private WebhookParams() {
    }

    static CommandSpec.Builder shared(CommandSpec.Builder b) {
        return b.param(ParamSpec.string("description").maxLength(1024).emptyClears()
                .description("a description of the webhook; empty: none"))
                .param(ParamSpec.string("state").allowedValues(STATES).description("Enabled (default) or Disabled: "
                        + "a disabled webhook gets no new deliveries and its pending ones wait"))
                .param(ParamSpec.string("secretkey").maxLength(255).emptyClears().description("the secret that signs "
                        + "each delivery (HMAC-SHA256 of the body in the X-KBOSS-Signature header); empty: unsigned "
                        + "(updateWebhook: removes the secret, later deliveries go unsigned)"))
                .param(ParamSpec.string("scope").allowedValues(SCOPES).description("whose events it receives: Local "
                        + "(its account's, the default), Domain (its domain's and the domains below) or Global (all)"))
                .param(ParamSpec.list("eventtypes", ParamType.STRING).emptyClears()
                        .description("only events of these types "
                                + "(listEventTypes), comma separated; absent or empty: all"));
    }

    /** A text parameter as stored: absent or empty (it clears) is null. */
    static String orNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** The payload URL, checked: absolute http or https with a host, no user name or password in it. */
    static String url(String text) throws ApiException {
        if (text.length() > MAX_URL) {
            throw ApiException.invalidParameter("Parameter payloadurl is longer than " + MAX_URL + " characters");
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw ApiException.invalidParameter("Parameter payloadurl is not a URL (" + e.getReason() + "); give an "
                    + "http:// or https:// URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.invalidParameter("Parameter payloadurl must be an http:// or https:// URL, not '"
                    + (scheme.isEmpty() ? "(no scheme)" : scheme) + "'");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw ApiException.invalidParameter("Parameter payloadurl has no host name");
        }
        if (u.getRawUserInfo() != null) {
            throw ApiException.invalidParameter("Parameter payloadurl must not carry a user name or password; "
                    + "receivers check the X-KBOSS-Signature header instead");
        }
        return text;
    }

    /** The event types as stored (comma separated), each checked; null for all types. */
    static String eventTypes(Params p) throws ApiException {
        List<String> types = p.list("eventtypes");
        if (types.isEmpty()) {
            return null;
        }
        for (String t : types) {
            if (!EventTypes.ALL.containsKey(t)) {
                throw ApiException.invalidParameter("Parameter eventtypes: '" + t + "' is not an event type; "
                        + "allowed: " + String.join(", ", EventTypes.ALL.keySet()));
            }
        }
        return String.join(",", types.stream().distinct().toList());
    }
}
