package io.satbus.tracker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * JSON responses: bodies written indented (people read them with curl), with
 * {@code Content-Type: application/json}, {@code Content-Length} and {@code Cache-Control:
 * no-store}. Errors share one shape: {@code {"status": 404, "error": "Not Found", "message":
 * "path : /x (expected one of: /health, /metrics, /topology)"}}. Thread-safe.
 */
final class JsonResponses {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter WRITER = JSON.writerWithDefaultPrettyPrinter();

    private JsonResponses() {
    }

    static FullHttpResponse ok(final JsonNode body) {
        return response(HttpResponseStatus.OK, body);
    }

    /** {@code body} with another status than 200, such as /health's 503. */
    static FullHttpResponse of(final HttpResponseStatus status, final JsonNode body) {
        return response(status, body);
    }

    static FullHttpResponse error(final HttpResponseStatus status, final String message) {
        final ObjectNode body = JSON.createObjectNode();
        body.put("status", status.code());
        body.put("error", status.reasonPhrase());
        body.put("message", message);
        return response(status, body);
    }

    private static FullHttpResponse response(final HttpResponseStatus status, final JsonNode body) {
        final byte[] bytes;
        try {
            bytes = WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a JSON tree could not be written", impossible);
        }
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.wrappedBuffer(bytes));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }
}
