package io.kboss.server.http;

import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.dispatch.ApiAnswer;
import io.kboss.server.api.dispatch.ApiDispatcher;
import io.kboss.server.auth.Authenticator;
import io.kboss.server.auth.Authenticator.Authenticated;
import io.kboss.server.auth.SessionStarted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET}/{@code POST /client/api}: CloudStack's protocol. Parameters come from the query string
 * or a form-encoded body. Authentication runs before the command is looked up, so an anonymous
 * caller learns nothing about which commands exist. Answers are JSON or XML as the {@code response}
 * parameter asks (XML when it is absent, as in CloudStack); nothing thrown below reaches the client
 * except as an error envelope.
 *
 * <p><b>Sessions, as CloudStack's servlet keeps them.</b> A successful {@code login} sets two
 * cookies: {@code JSESSIONID} (the session) and {@code sessionkey} (the key that is also in the login
 * answer). A later call carries the JSESSIONID cookie and the key as the {@code sessionkey}
 * parameter, or as the cookie, or both (then they must agree). The key cookie is
 * {@code SameSite=Strict}: a cross-site request never carries it, so a forged request that rides
 * on the cookies alone has no key and is refused (CloudStack's default is Lax; Strict costs
 * same-origin and non-browser clients nothing).
 */
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    public static final String SESSION_COOKIE = "JSESSIONID";
    public static final String SESSION_KEY_COOKIE = "sessionkey";
    public static final String JSON_CONTENT_TYPE = "application/json; charset=UTF-8";

    private final transient ApiDispatcher dispatcher;
    private final transient Authenticator authenticator;

    public ApiServlet(ApiDispatcher dispatcher, Authenticator authenticator) {
        this.dispatcher = dispatcher;
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long started = System.nanoTime();
        req.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Map<String, String> asSent = new LinkedHashMap<>();
        Map<String, String> lower = new LinkedHashMap<>();
        Map<String, String[]> sent;
        try {
            sent = req.getParameterMap();
        } catch (RuntimeException e) {
            // Jetty refuses bad %-escapes and oversized forms while parsing (BadMessageException); say so
            // in the API's envelope rather than with Jetty's HTML error page.
            write(resp, ResponseFormat.guess(req.getQueryString()), ApiDispatcher.error(
                    CommandSpec.responseKey("error"), new ApiException(ApiErrorCode.MALFORMED_PARAMETER,
                            CsErrorCode.INVALID_PARAMETER_VALUE, "The request's parameters could not be read ("
                                    + e.getMessage() + "); URL-encode every value as UTF-8")));
            return;
        }
        for (Map.Entry<String, String[]> e : sent.entrySet()) {
            String value = e.getValue().length == 0 ? "" : e.getValue()[0];
            asSent.put(e.getKey(), value);
            lower.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), value);
        }
        String command = lower.get("command");
        String responseKey = CommandSpec.responseKey(command == null || command.isBlank() ? "error" : command);
        ResponseFormat format;
        try {
            format = ResponseFormat.of(lower.get("response"));
        } catch (ApiException e) {
            write(resp, ResponseFormat.XML, ApiDispatcher.error(responseKey, e));
            return;
        }
        ApiAnswer answer;
        try {
            answer = answer(req, command, asSent, lower);
        } catch (ApiException e) {
            answer = ApiDispatcher.error(responseKey, e);
        } catch (RuntimeException e) {
            answer = ApiDispatcher.error(responseKey, ApiDispatcher.internalError("API request " + command, e));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} in {} ms", req.getMethod(), command, answer.httpStatus(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        if (answer.result() instanceof SessionStarted) {
            SessionStarted s = (SessionStarted) answer.result();
            // JSESSIONID first: clients that read one Set-Cookie header take the session.
            resp.addHeader("Set-Cookie", SESSION_COOKIE + "=" + s.cookie() + "; Path=/client; HttpOnly; SameSite=Lax");
            resp.addHeader("Set-Cookie",
                    SESSION_KEY_COOKIE + "=" + s.sessionKey() + "; Path=/client; HttpOnly; SameSite=Strict");
        } else if ("logout".equalsIgnoreCase(command) && answer.httpStatus() == 200) {
            resp.addHeader("Set-Cookie", SESSION_COOKIE + "=; Path=/client; Max-Age=0; HttpOnly; SameSite=Lax");
            resp.addHeader("Set-Cookie",
                    SESSION_KEY_COOKIE + "=; Path=/client; Max-Age=0; HttpOnly; SameSite=Strict");
        }
        write(resp, format, answer);
    }

    static void write(HttpServletResponse resp, ResponseFormat format, ApiAnswer answer) throws IOException {
        // Text first, then one UTF-8 encoding: an encoding Writer under Gson's many short writes
        // cost more than the JSON itself (JFR).
        byte[] body = format.render(answer).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(answer.httpStatus());
        setContentType(resp, format.contentType());
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /**
     * Jetty would normalize the header to {@code application/json;charset=utf-8}; CloudStack sends
     * {@code application/json; charset=UTF-8} and some clients compare it literally, so it is put
     * into the header fields as is (the body is written as UTF-8 bytes, so no writer needs it).
     */
    private static void setContentType(HttpServletResponse resp, String contentType) {
        if (resp instanceof org.eclipse.jetty.server.Response) {
            ((org.eclipse.jetty.server.Response) resp).getHttpFields()
                    .put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, contentType);
        } else {
            resp.setContentType(contentType);
        }
    }

    private ApiAnswer answer(HttpServletRequest req, String command, Map<String, String> asSent,
            Map<String, String> lower) throws ApiException {
        if ("login".equalsIgnoreCase(command)) {
            if (!"POST".equals(req.getMethod())) {
                // As CloudStack: a password in a URL ends up in proxy and access logs.
                throw ApiException.invalidParameter("login takes the username and password in a POST body "
                        + "(application/x-www-form-urlencoded); use HTTP POST");
            }
            // A login replaces whatever credentials came along (a stale cookie, say): nothing carries over.
            return dispatcher.dispatch(command, lower, null, null);
        }
        Optional<Authenticated> who = authenticator.authenticate(asSent, cookie(req, SESSION_COOKIE),
                cookie(req, SESSION_KEY_COOKIE));
        if (command == null || command.isBlank()) {
            if (who.isEmpty()) {
                throw ApiException.unauthenticated("unable to verify user credentials and/or request signature");
            }
            throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.INVALID_PARAMETER_VALUE,
                    "Parameter command is required: the name of the API command to run, e.g. command=listApis");
        }
        return dispatcher.dispatch(command, lower, who.map(Authenticated::caller).orElse(null),
                who.map(Authenticated::sessionId).orElse(null));
    }

    private static String cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName()) && !c.getValue().isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }
}
