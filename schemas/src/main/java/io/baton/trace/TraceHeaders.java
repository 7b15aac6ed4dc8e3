package io.baton.trace;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The trace context on Kafka records: the headers {@code traceparent} and {@code tracestate} (the latter carried
 * along untouched, as the W3C specification asks of a participant that does not add its own entries).
 */
public final class TraceHeaders {
  public static final String TRACESTATE = "tracestate";

  private TraceHeaders() {}

  /** The record's trace context, empty when it has none or an invalid one. */
  public static Optional<TraceParent> parent(Headers headers) {
    return Optional.ofNullable(text(headers, TraceParent.HEADER)).flatMap(TraceParent::parse);
  }

  /** The record's {@code tracestate}, or null. */
  public static String state(Headers headers) {
    return text(headers, TRACESTATE);
  }

  /** Replaces the record's trace headers: the given parent, and {@code state} when there is one. */
  public static Headers write(Headers headers, TraceParent parent, String state) {
    headers.remove(TraceParent.HEADER);
    headers.remove(TRACESTATE);
    headers.add(TraceParent.HEADER, parent.toString().getBytes(StandardCharsets.US_ASCII));
    if (state != null) {
      headers.add(TRACESTATE, state.getBytes(StandardCharsets.US_ASCII));
    }
    return headers;
  }

  private static String text(Headers headers, String name) {
    Header header = headers == null ? null : headers.lastHeader(name);
    return header == null || header.value() == null ? null
        : new String(header.value(), StandardCharsets.US_ASCII);
  }
}
