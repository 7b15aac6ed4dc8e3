package io.baton.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C trace context {@code traceparent} (https://www.w3.org/TR/trace-context/): version, trace id, parent (span)
 * id and flags. Baton writes version 00; a header of a later version is read by its first four fields, as the
 * specification asks, and continued as 00.
 */
public record TraceParent(String traceId, String parentId, String flags) {
  public static final String HEADER = "traceparent";
  private static final Pattern FIELDS = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  public TraceParent {
    if (!FIELDS.matcher("00-" + traceId + "-" + parentId + "-" + flags).matches() || ZERO_TRACE.equals(traceId)
        || ZERO_SPAN.equals(parentId)) {
      throw new IllegalArgumentException("not a valid trace context: " + traceId + "/" + parentId + "/" + flags);
    }
  }

  /** The header's value when it is a valid trace context, else empty (the caller starts a new trace). */
  public static Optional<TraceParent> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.length() < 55 || (value.length() > 55 && value.charAt(55) != '-')) {
      return Optional.empty();
    }
    var m = FIELDS.matcher(value.substring(0, 55));
    if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && value.length() != 55)
        || m.group(2).equals(ZERO_TRACE) || m.group(3).equals(ZERO_SPAN)) {
      return Optional.empty();
    }
    return Optional.of(new TraceParent(m.group(2), m.group(3), m.group(4)));
  }

  /** A new trace, sampled (this is where the trace starts). */
  public static TraceParent start() {
    return new TraceParent(randomHex(16), randomHex(8), "01");
  }

  /** The header's trace continued with a new span, or a new trace when the header is missing or invalid. */
  public static TraceParent continueOrStart(String header) {
    return parse(header).map(TraceParent::child).orElseGet(TraceParent::start);
  }

  /**
   * A trace that is a function of {@code seed}: for a deterministic writer (the router) whose input carried none, so
   * that a replay writes the same ids.
   */
  public static TraceParent derived(String seed) {
    byte[] digest = sha256(seed);
    String trace = HEX.formatHex(digest, 0, 16);
    return new TraceParent(trace.equals(ZERO_TRACE) ? "1" + trace.substring(1) : trace, span(digest, 16), "01");
  }

  /** The same trace with a new random span id: this process's own span. */
  public TraceParent child() {
    return new TraceParent(traceId, randomHex(8), flags);
  }

  /** The same trace with a span id that is a function of {@code seed}, so a replay of the same input repeats it. */
  public TraceParent derivedChild(String seed) {
    return new TraceParent(traceId, span(sha256(traceId + "#" + seed), 0), flags);
  }

  /** The header value. */
  @Override
  public String toString() {
    return "00-" + traceId + "-" + parentId + "-" + flags;
  }

  private static String span(byte[] digest, int from) {
    String span = HEX.formatHex(digest, from, from + 8);
    return span.equals(ZERO_SPAN) ? "0000000000000001" : span;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      RANDOM.nextBytes(b);
    } while (isZero(b));
    return HEX.formatHex(b);
  }

  private static boolean isZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(String seed) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
