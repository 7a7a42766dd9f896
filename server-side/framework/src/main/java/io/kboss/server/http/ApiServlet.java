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
 * caller learns nothing about which commands exist. Answers are always JSON; nothing thrown below
 * reaches the client except as an error envelope.
 */
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    public static final String SESSION_COOKIE = "JSESSIONID";
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
            write(resp, ApiDispatcher.error(CommandSpec.responseKey("error"), new ApiException(
                    ApiErrorCode.MALFORMED_PARAMETER, CsErrorCode.INVALID_PARAMETER_VALUE, "The request's parameters "
                            + "could not be read (" + e.getMessage() + "); URL-encode every value as UTF-8")));
            return;
        }
        for (Map.Entry<String, String[]> e : sent.entrySet()) {
            String value = e.getValue().length == 0 ? "" : e.getValue()[0];
            asSent.put(e.getKey(), value);
            lower.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), value);
        }
        String command = lower.get("command");
        String responseKey = CommandSpec.responseKey(command == null || command.isBlank() ? "error" : command);
        ApiAnswer answer;
        try {
            answer = answer(req.getMethod(), command, asSent, lower, sessionCookie(req));
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
            resp.addHeader("Set-Cookie", SESSION_COOKIE + "=" + ((SessionStarted) answer.result()).cookie()
                    + "; Path=/client; HttpOnly; SameSite=Lax");
        } else if ("logout".equalsIgnoreCase(command) && answer.httpStatus() == 200) {
            resp.addHeader("Set-Cookie", SESSION_COOKIE + "=; Path=/client; Max-Age=0; HttpOnly; SameSite=Lax");
        }
        write(resp, answer);
    }

    private static void write(HttpServletResponse resp, ApiAnswer answer) throws IOException {
        // Text first, then one UTF-8 encoding: an encoding Writer under Gson's many short writes
        // cost more than the JSON itself (JFR).
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(answer.httpStatus());
        setJsonContentType(resp);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /**
     * Jetty would normalize the header to {@code application/json;charset=utf-8}; CloudStack sends
     * {@code application/json; charset=UTF-8} and some clients compare it literally, so it is put
     * into the header fields as is (the body is written as UTF-8 bytes, so no writer needs it).
     */
    private static void setJsonContentType(HttpServletResponse resp) {
        if (resp instanceof org.eclipse.jetty.server.Response) {
            ((org.eclipse.jetty.server.Response) resp).getHttpFields()
                    .put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, JSON_CONTENT_TYPE);
        } else {
            resp.setContentType(JSON_CONTENT_TYPE);
        }
    }

    private ApiAnswer answer(String method, String command, Map<String, String> asSent, Map<String, String> lower,
            String cookie) throws ApiException {
        String format = lower.get("response");
        if (format != null && !format.equalsIgnoreCase("json")) {
            throw ApiException.invalidParameter("Parameter response must be json; this server does not answer in "
                    + format);
        }
        if ("login".equalsIgnoreCase(command)) {
            if (!"POST".equals(method)) {
                // As CloudStack: a password in a URL ends up in proxy and access logs.
                throw ApiException.invalidParameter("login takes the username and password in a POST body "
                        + "(application/x-www-form-urlencoded); use HTTP POST");
            }
            // A login replaces whatever credentials came along (a stale cookie, say): nothing carries over.
            return dispatcher.dispatch(command, lower, null, null);
        }
        Optional<Authenticated> who = authenticator.authenticate(asSent, cookie);
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

    private static String sessionCookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (SESSION_COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
