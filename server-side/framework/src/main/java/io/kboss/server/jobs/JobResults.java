package io.kboss.server.jobs;

import com.google.gson.JsonObject;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.dispatch.ApiJson;

/** The {@code jobresult} JSON of a finished job, as queryAsyncJobResult answers it. */
public final class JobResults {
    private JobResults() {
    }

    /** A succeeded job's result: the command's answer, serialized as the API serializes answers. */
    public static String success(Object value) {
        return ApiJson.gson().toJson(ApiJson.toTree(value));
    }

    /** A failed job's result: CloudStack's error envelope fields. */
    public static String failure(ApiException e) {
        return failure(e.errorCode().httpStatus(), e.csErrorCode(), e.getMessage());
    }

    /** The errorcode a failure's result carries (530 when it carries none). */
    static int errorCodeOf(String resultJson) {
        if (resultJson == null) {
            return 530;
        }
        var tree = com.google.gson.JsonParser.parseString(resultJson);
        return tree.isJsonObject() && tree.getAsJsonObject().has("errorcode")
                ? tree.getAsJsonObject().get("errorcode").getAsInt()
                : 530;
    }

    static String failure(int errorCode, int csErrorCode, String text) {
        JsonObject o = new JsonObject();
        o.addProperty("errorcode", errorCode);
        o.addProperty("cserrorcode", csErrorCode);
        o.addProperty("errortext", text);
        return ApiJson.gson().toJson(o);
    }
}
