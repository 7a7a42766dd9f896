package io.kboss.server.auth;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The user fields createAccount, createUser and updateUser share (CloudStack's firstname, lastname,
 * email and timezone): declared once, checked once.
 */
public final class UserDetailsParams {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private UserDetailsParams() {
    }

    public static CommandSpec.Builder declare(CommandSpec.Builder b) {
        return b.param(ParamSpec.string("firstname").maxLength(255).description("the user's first name"))
                .param(ParamSpec.string("lastname").maxLength(255).description("the user's last name"))
                .param(ParamSpec.string("email").maxLength(255).description("the user's email address"))
                .param(ParamSpec.string("timezone").maxLength(64)
                        .description("the user's time zone, a zone id such as Europe/Paris or UTC"));
    }

    /** The details given in the call (absent ones null), checked. */
    public static UserDetails of(Params p) throws ApiException {
        String email = p.string("email");
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw ApiException.invalidParameter("Parameter email must be an address such as ops@example.com; got '"
                    + email + "'");
        }
        String zone = p.string("timezone");
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw ApiException.invalidParameter("Parameter timezone must be a time zone id such as Europe/Paris, "
                        + "America/New_York or UTC; got '" + zone + "'");
            }
        }
        return new UserDetails(trimmed(p.string("firstname")), trimmed(p.string("lastname")), email, zone);
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }
}
