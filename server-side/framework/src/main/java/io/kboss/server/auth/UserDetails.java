package io.kboss.server.auth;

/**
 * What CloudStack keeps about a user besides its name and password; any field may be null (not
 * given, or, in an update, not changed).
 *
 * @param timezone a java.time zone id such as Europe/Paris
 */
public record UserDetails(String firstname, String lastname, String email, String timezone) {
    public static final UserDetails NONE = new UserDetails(null, null, null, null);
}
