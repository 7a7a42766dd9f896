package io.kboss.server.api.dispatch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * A finished API answer: the HTTP status, the envelope's key and body, and the handler's result
 * object (null on errors) for the HTTP layer to act on, e.g. to set a session cookie after login.
 *
 * <p>A list or object result is kept as the handler's object and written straight to the client
 * ({@link #writeTo}): building a Gson tree first and printing it was over a third of the server's
 * time for a page of offerings. Other results keep their tree in {@code body}.
 *
 * @param body the envelope's content as a tree, or null when {@code result} is written as it is
 */
public record ApiAnswer(int httpStatus, String responseKey, JsonElement body, Object result) {

    /** The whole envelope as a tree ({@code {"<command>response": {...}}}), built on demand. */
    public JsonObject envelope() {
        JsonObject env = new JsonObject();
        env.add(responseKey, body != null ? body : ApiJson.toTree(result));
        return env;
    }

    /** Writes the envelope as JSON; the writer is flushed, not closed. */
    public void writeTo(Writer out) throws IOException {
        JsonWriter w = ApiJson.gson().newJsonWriter(out);
        w.beginObject();
        w.name(responseKey);
        if (body != null) {
            ApiJson.gson().toJson(body, w);
        } else {
            ApiJson.gson().toJson(result, result.getClass(), w);
        }
        w.endObject();
        w.flush();
    }

    /** The envelope in CloudStack's XML shape (see {@link ApiXml}). */
    public String xml() {
        return ApiXml.document(responseKey, body != null ? body : ApiJson.toTree(result),
                io.kboss.server.api.ApiVersion.CLOUDSTACK);
    }

    /**
     * The envelope as JSON text. Gson writes many short pieces; a StringBuilder takes them for a
     * fraction of what an encoding stream writer costs per call (the profile showed that cost).
     */
    public String json() {
        TextBuffer text = new TextBuffer();
        try {
            writeTo(text);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return text.toString();
    }

    /** An unsynchronized in-memory Writer (StringWriter locks on every write). */
    private static final class TextBuffer extends Writer {
        private final StringBuilder text = new StringBuilder(4096);

        @Override
        public void write(char[] chars, int off, int len) {
            text.append(chars, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            text.append(str, off, off + len);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public Writer append(CharSequence csq) {
            text.append(csq);
            return this;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
