package io.kboss.server.api.dispatch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiCommand;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CallerContext;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Params;
import io.kboss.server.api.SyncCommand;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one authenticated API call: finds the command, checks the caller's role, validates the
 * parameters, runs the handler (or launches its job) and wraps the outcome in CloudStack's
 * envelope. Nothing thrown by a handler escapes: refusals become their error envelope, and any
 * other failure is logged with a correlation id and answered 530 with that id, never a stack trace.
 */
public final class ApiDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    static final String NO_SUCH_COMMAND = "The given command does not exist or it is not available for user";

    private final CommandRegistry registry;
    private final ParamValidator validator = new ParamValidator();
    private final AsyncJobLauncher jobs;

    public ApiDispatcher(CommandRegistry registry, AsyncJobLauncher jobs) {
        this.registry = registry;
        this.jobs = jobs;
    }

    /**
     * @param command the {@code command} parameter as sent
     * @param params all request parameters, names lower-cased, values decoded
     */
    public ApiAnswer dispatch(String command, Map<String, String> params, Caller caller) {
        return dispatch(command, params, caller, null);
    }

    /**
     * @param caller null when the call carried no credentials: only commands declared
     *     {@code withoutAuthentication()} run then; all others are refused with 401
     * @param sessionId the login session of the call, or null
     */
    public ApiAnswer dispatch(String command, Map<String, String> params, Caller caller, String sessionId) {
        String responseKey = CommandSpec.responseKey(command == null ? "error" : command);
        try {
            ApiCommand c = registry.find(command);
            if (caller == null && (c == null || c.spec().requiresAuthentication())) {
                throw ApiException.unauthenticated("unable to verify user credentials and/or request signature. "
                        + "Log in (command=login) and send the sessionkey, or sign the request with your API key");
            }
            if (c == null || (caller != null && !c.spec().roles().contains(caller.role()))) {
                // CloudStack answers both cases alike so callers cannot probe for admin commands.
                throw new ApiException(ApiErrorCode.UNSUPPORTED_ACTION, CsErrorCode.SERVER_API, NO_SUCH_COMMAND);
            }
            CommandSpec spec = c.spec();
            responseKey = spec.responseKey();
            Params typed = validator.validate(spec, params);
            ApiCall call = new ApiCall(spec, caller, typed, sessionId);
            Object result;
            try (CallerContext.Scope scope = CallerContext.of(caller)) {
                if (c instanceof AsyncCommand) {
                    AsyncStart start = ((AsyncCommand) c).start(call);
                    String jobId = jobs.launch(call, start);
                    JsonObject o = new JsonObject();
                    if (start.resourceId() != null) {
                        o.addProperty("id", start.resourceId());
                    }
                    o.addProperty("jobid", jobId);
                    result = o;
                } else {
                    result = ((SyncCommand) c).execute(call);
                    if (result instanceof ListResponse<?> list && spec.isList()
                            && call.paging().exceeds(list.items().size())) {
                        throw ApiException
                                .invalidParameter(spec.name() + " has " + list.count() + " items, more than the "
                                        + CommandSpec.MAX_PAGE_SIZE
                                        + " that pagesize=-1 answers at once; page through them with "
                                        + "page and pagesize (at most " + CommandSpec.MAX_PAGE_SIZE + " per page)");
                    }
                }
            }
            return success(responseKey, result);
        } catch (ApiException e) {
            return error(responseKey, e);
        } catch (RuntimeException e) {
            return error(responseKey, internalError("API command " + command, e));
        }
    }

    public static ApiAnswer success(String responseKey, Object result) {
        if (ApiJson.writesAnObject(result)) {
            return new ApiAnswer(200, responseKey, null, result);
        }
        JsonElement body = result instanceof JsonElement ? (JsonElement) result : ApiJson.toTree(result);
        return new ApiAnswer(200, responseKey, body.isJsonObject() ? body : wrapValue(body), result);
    }

    private static JsonElement wrapValue(JsonElement body) {
        JsonObject o = new JsonObject();
        o.add("value", body);
        return o;
    }

    public static ApiAnswer error(String responseKey, ApiException e) {
        JsonObject body = new JsonObject();
        body.addProperty("errorcode", e.errorCode().httpStatus());
        body.addProperty("cserrorcode", e.csErrorCode());
        body.addProperty("errortext", e.getMessage());
        return new ApiAnswer(e.errorCode().httpStatus(), responseKey, body, null);
    }

    /**
     * Logs an unexpected failure with a fresh correlation id and returns the 530 the client sees:
     * the id lets an operator find the stack trace; the client never gets it.
     */
    public static ApiException internalError(String what, Throwable cause) {
        String id = UUID.randomUUID().toString();
        LOG.error("{} failed unexpectedly (correlation id {})", what, id, cause);
        return new ApiException(ApiErrorCode.INTERNAL_ERROR, CsErrorCode.INTERNAL_ERROR,
                "Internal error while running " + what + "; correlation id " + id
                        + ". Retry later; if it persists, give this id to the operator, who finds the cause in the server log.");
    }
}
