package io.baton.ingress.kafka;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C trace context for the records the ingress writes: Baton's records carry a {@code traceparent} header. A valid
 * incoming header keeps its trace id (the bot's trace continues through Kafka) with a new span id for the ingress;
 * otherwise a new trace starts here.
 */
public final class Traceparent {
  private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Traceparent() {}

  public static String childOf(String incoming) {
    if (incoming != null) {
      var m = VALID.matcher(incoming.trim());
      if (m.matches() && !m.group(1).equals("0".repeat(32)) && !m.group(2).equals("0".repeat(16))) {
        return "00-" + m.group(1) + "-" + randomHex(8) + "-" + m.group(3);
      }
    }
    return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
