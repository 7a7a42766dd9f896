package io.kboss.server.auth;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.auth.domain.RequestSignature;
import io.kboss.server.auth.domain.SignatureExpiry;
import io.kboss.server.config.FrameworkProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Establishes who makes a call: by API key and signature, or by login session (the JSESSIONID
 * cookie plus the {@code sessionkey}, as a parameter or a cookie). Every refusal is the same 401 to the client, so a caller cannot learn
 * whether an API key exists; the log says which check failed (never the key's secret).
 */
@Component
public class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final String REFUSED = "unable to verify user credentials and/or request signature";

    private final AccountRepository accounts;
    private final SignedCallUsers signedCallUsers;
    private final SessionRepository sessions;
    private final Clock clock;
    private final FrameworkProperties properties;

    public Authenticator(AccountRepository accounts, SignedCallUsers signedCallUsers, SessionRepository sessions,
            Clock clock, FrameworkProperties properties) {
        this.accounts = accounts;
        this.signedCallUsers = signedCallUsers;
        this.sessions = sessions;
        this.clock = clock;
        this.properties = properties;
    }

    /** Who called, and the session row id when the call came with a session. */
    public record Authenticated(Caller caller, String sessionId) {
    }

    /**
     * @param params request parameters with names as sent
     * @param sessionCookie the JSESSIONID cookie, or null
     * @param sessionKeyCookie the sessionkey cookie, or null
     * @return empty when the call carries no credentials at all
     * @throws ApiException 401 when credentials are present but wrong, expired or incomplete
     */
    public Optional<Authenticated> authenticate(Map<String, String> params, String sessionCookie,
            String sessionKeyCookie) throws ApiException {
        String apiKey = anyCase(params, "apikey");
        String signature = anyCase(params, "signature");
        if (apiKey != null || signature != null) {
            return Optional.of(new Authenticated(bySignature(params, apiKey, signature), null));
        }
        String sessionKey = params.get("sessionkey");
        if (sessionKey != null || sessionCookie != null || sessionKeyCookie != null) {
            return Optional.of(bySession(sessionCookie, sessionKey, sessionKeyCookie));
        }
        return Optional.empty();
    }

    private Caller bySignature(Map<String, String> params, String apiKey, String signature) throws ApiException {
        if (apiKey == null || signature == null) {
            throw refuse("signed call without " + (apiKey == null ? "apiKey" : "signature"),
                    "A signed call needs both apiKey and signature");
        }
        String version = anyCase(params, "signatureversion");
        if ("3".equals(version)) {
            String expiresText = anyCase(params, "expires");
            Instant expires = expiresText == null ? null : SignatureExpiry.parse(expiresText);
            if (expires == null) {
                throw refuse("signatureVersion 3 without a valid expires",
                        "signatureVersion=3 needs expires as an ISO-8601 date and time with offset, e.g. 2030-01-01T00:00:00+0000");
            }
            if (!expires.isAfter(clock.instant())) {
                throw refuse("expired signature (expires " + expiresText + ")",
                        "The request expired at " + expiresText + "; sign it again with a later expires");
            }
        } else if (version != null && !"2".equals(version)) {
            // CloudStack treats any other value as the unversioned (v2) scheme; so do we.
            LOG.debug("Unknown signatureVersion {} treated as version 2", version);
        }
        // Read at most SignedCallUsers.TTL ago: the bound on another server's stale view.
        Optional<UserAccount> user = signedCallUsers.findByApiKey(apiKey);
        if (user.isEmpty() || user.get().secretKey() == null) {
            throw refuse("unknown API key", null);
        }
        if (!RequestSignature.verify(params, signature, user.get().secretKey())) {
            throw refuse("signature mismatch for user " + user.get().username(), null);
        }
        if (!user.get().isEnabled()) {
            throw refuse("disabled user " + user.get().username(), null);
        }
        return user.get().caller();
    }

    /**
     * As CloudStack's servlet: the session is the JSESSIONID cookie, and its key comes as the
     * {@code sessionkey} parameter, as the {@code sessionkey} cookie, or as both, which must agree.
     */
    private Authenticated bySession(String cookie, String keyParameter, String keyCookie) throws ApiException {
        if (cookie == null) {
            throw refuse("session call without the JSESSIONID cookie",
                    "A logged-in call needs the JSESSIONID cookie that login set, with the sessionkey");
        }
        if (keyParameter == null && keyCookie == null) {
            throw refuse("session call without a sessionkey",
                    "A logged-in call needs the sessionkey from login, as the sessionkey parameter or cookie");
        }
        if (keyParameter != null && keyCookie != null && !keyParameter.equals(keyCookie)) {
            throw refuse("sessionkey parameter and cookie differ", null);
        }
        String sessionKey = keyParameter != null ? keyParameter : keyCookie;
        String id = SessionRepository.sessionId(cookie, sessionKey);
        Optional<Long> userId = sessions.touch(id, clock.instant(), properties.sessionIdleTimeout());
        if (userId.isEmpty()) {
            throw refuse("unknown or expired session", "The session is unknown or expired; log in again");
        }
        Optional<UserAccount> user = accounts.findUserById(userId.get());
        if (user.isEmpty() || !user.get().isEnabled()) {
            throw refuse("session of a removed or disabled user", null);
        }
        return new Authenticated(user.get().caller(), id);
    }

    private static ApiException refuse(String logReason, String hint) {
        LOG.info("API call refused: {}", logReason);
        return ApiException.unauthenticated(hint == null ? REFUSED : REFUSED + ". " + hint);
    }

    /** CloudStack accepts apiKey, signature, signatureVersion and expires in any letter case. */
    static String anyCase(Map<String, String> params, String lowerName) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase(lowerName)) {
                return e.getValue();
            }
        }
        return null;
    }
}
