package io.kboss.server.api.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.google.gson.JsonObject;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ObjectResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** Answers written straight to the stream read exactly as the envelope tree they replace. */
public class ApiAnswerTest {
    /** Field names as handlers write them; the API lower-cases them. */
    static final class Item {
        final String zoneId;
        final String description;
        final Instant created;
        final boolean isPublic;

        Item(String zoneId, String description, Instant created, boolean isPublic) {
            this.zoneId = zoneId;
            this.description = description;
            this.created = created;
            this.isPublic = isPublic;
        }
    }

    @Test
    public void aListIsWrittenWithCountFirstLowerCasedNamesCloudStackDatesAndNoNulls() {
        ListResponse<Item> list = new ListResponse<>("backupoffering", 12, List.of(
                new Item("z-1", "a <b> & \"c\"", Instant.parse("2030-01-02T03:04:05.678Z"), true),
                new Item("z-2", null, null, false)));
        ApiAnswer a = ApiDispatcher.success("listbackupofferingsresponse", list);
        assertNull("no tree is built for a list", a.body());
        assertEquals("{\"listbackupofferingsresponse\":{\"count\":12,\"backupoffering\":["
                + "{\"zoneid\":\"z-1\",\"description\":\"a <b> & \\\"c\\\"\",\"created\":\"2030-01-02T03:04:05+0000\",\"ispublic\":true},"
                + "{\"zoneid\":\"z-2\",\"ispublic\":false}]}}", a.json());
        assertEquals(a.json(), ApiJson.gson().toJson(a.envelope()));
    }

    @Test
    public void anObjectAnswerAndAnEmptyListMatchTheirTrees() {
        ApiAnswer object = ApiDispatcher.success("createzoneresponse",
                new ObjectResponse("zone", new Item("z", "d", Instant.EPOCH, true)));
        assertEquals("{\"createzoneresponse\":{\"zone\":{\"zoneid\":\"z\",\"description\":\"d\","
                + "\"created\":\"1970-01-01T00:00:00+0000\",\"ispublic\":true}}}", object.json());
        ApiAnswer empty = ApiDispatcher.success("listzonesresponse", new ListResponse<>("zone", 0, Arrays.asList()));
        assertEquals("CloudStack answers an empty list with an empty object", "{\"listzonesresponse\":{}}",
                empty.json());
        assertEquals(empty.json(), ApiJson.gson().toJson(empty.envelope()));
        ApiAnswer pastTheEnd = ApiDispatcher.success("listzonesresponse", new ListResponse<>("zone", 3, List.of()));
        assertEquals("a page past the end keeps the count", "{\"listzonesresponse\":{\"count\":3}}",
                pastTheEnd.json());
    }

    private static final String XML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    @Test
    public void aListInXmlIsItsCountThenOneElementPerItemWithTheCloudStackVersion() {
        ListResponse<Item> list = new ListResponse<>("zone", 2, List.of(
                new Item("z-1", "a <b> & \"c\" 'd'", Instant.parse("2030-01-02T03:04:05Z"), true),
                new Item("z-2", null, null, false)));
        assertEquals(XML_HEAD + "<listzonesresponse cloud-stack-version=\"4.20.0.0\"><count>2</count>"
                + "<zone><zoneid>z-1</zoneid><description>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</description>"
                + "<created>2030-01-02T03:04:05+0000</created><ispublic>true</ispublic></zone>"
                + "<zone><zoneid>z-2</zoneid><ispublic>false</ispublic></zone></listzonesresponse>",
                ApiDispatcher.success("listzonesresponse", list).xml());
        assertEquals(XML_HEAD + "<listzonesresponse cloud-stack-version=\"4.20.0.0\"></listzonesresponse>",
                ApiDispatcher.success("listzonesresponse", new ListResponse<>("zone", 0, List.of())).xml());
    }

    @Test
    public void objectsAsyncAnswersJobResultsAndErrorsTakeCloudStacksXmlShapes() {
        assertEquals(XML_HEAD + "<createzoneresponse cloud-stack-version=\"4.20.0.0\"><zone><zoneid>z</zoneid>"
                + "<description>d</description><created>1970-01-01T00:00:00+0000</created><ispublic>true</ispublic>"
                + "</zone></createzoneresponse>",
                ApiDispatcher.success("createzoneresponse", new ObjectResponse("zone",
                        new Item("z", "d", Instant.EPOCH, true))).xml());
        JsonObject job = new JsonObject();
        job.addProperty("jobid", "j-1");
        job.addProperty("jobstatus", 2);
        JsonObject failure = new JsonObject();
        failure.addProperty("errorcode", 530);
        failure.addProperty("errortext", "disk \u0007 full");
        job.add("jobresult", failure);
        assertEquals(XML_HEAD + "<queryasyncjobresultresponse cloud-stack-version=\"4.20.0.0\"><jobid>j-1</jobid>"
                + "<jobstatus>2</jobstatus><jobresult><errorcode>530</errorcode><errortext>disk \uFFFD full"
                + "</errortext></jobresult></queryasyncjobresultresponse>",
                ApiDispatcher.success("queryasyncjobresultresponse", job).xml());
        ApiAnswer error = ApiDispatcher.error("createzoneresponse",
                new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.INVALID_PARAMETER_VALUE, "name is required"));
        assertEquals(XML_HEAD + "<createzoneresponse cloud-stack-version=\"4.20.0.0\"><errorcode>431</errorcode>"
                + "<cserrorcode>4350</cserrorcode><errortext>name is required</errortext></createzoneresponse>",
                error.xml());
    }

    @Test
    public void otherResultsAndErrorsKeepTheirTreeAndShape() {
        JsonObject job = new JsonObject();
        job.addProperty("jobid", "j-1");
        assertEquals("{\"createbackupresponse\":{\"jobid\":\"j-1\"}}",
                ApiDispatcher.success("createbackupresponse", job).json());
        assertEquals("{\"xresponse\":{\"value\":\"text\"}}", ApiDispatcher.success("xresponse", "text").json());
        ApiAnswer error = ApiDispatcher.error("xresponse",
                new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.SERVER_API, "name is required"));
        assertEquals(431, error.httpStatus());
        assertEquals("{\"xresponse\":{\"errorcode\":431,\"cserrorcode\":" + CsErrorCode.SERVER_API
                + ",\"errortext\":\"name is required\"}}", error.json());
    }
}
