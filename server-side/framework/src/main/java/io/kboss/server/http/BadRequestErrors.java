package io.kboss.server.http;

import com.google.gson.JsonObject;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.dispatch.ApiJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers requests Jetty refuses before any servlet sees them (a URL or headers over
 * {@link HttpServer#MAX_REQUEST_HEAD_BYTES}, a request that is not HTTP) with a CloudStack error
 * envelope in JSON instead of Jetty's HTML page: the HTTP status (414, 431, 400) is also the
 * {@code errorcode}, and the text says what to change. The request was never parsed, so its
 * {@code command} and {@code response} are unknown: the envelope is {@code errorresponse}, in
 * JSON, the one format every CloudStack client reads for errors. Pages outside the API keep
 * Jetty's handling, without stack traces.
 */
final class BadRequestErrors extends ErrorHandler {

    BadRequestErrors() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        JsonObject body = new JsonObject();
        body.addProperty("errorcode", status);
        body.addProperty("cserrorcode", CsErrorCode.INVALID_PARAMETER_VALUE);
        body.addProperty("errortext", text(status, reason));
        JsonObject envelope = new JsonObject();
        envelope.add("errorresponse", body);
        fields.put(HttpHeader.CONTENT_TYPE, ApiServlet.JSON_CONTENT_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(ApiJson.gson().toJson(envelope).getBytes(StandardCharsets.UTF_8));
    }

    static String text(int status, String reason) {
        switch (status) {
            case 414 :
                return "The request's URL is too long: the request line and headers may hold at most "
                        + HttpServer.MAX_REQUEST_HEAD_BYTES + " bytes. Send the parameters in a POST body "
                        + "(application/x-www-form-urlencoded) instead of the URL";
            case 431 :
                return "The request's headers are too large: the request line and headers may hold at most "
                        + HttpServer.MAX_REQUEST_HEAD_BYTES + " bytes. Send fewer or smaller cookies and headers";
            default :
                return "The request could not be read as HTTP (" + (reason == null ? "status " + status : reason)
                        + "); send a GET or POST to /client/api with URL-encoded parameters";
        }
    }
}
