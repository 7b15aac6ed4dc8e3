package io.baton.connector.misc.oracle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Oracle's {@code clientTransactionId} (an int64) for a request, derived from what Baton knows of it (a command id),
 * so the same command sent again after a crash carries the same id and Oracle drops the repeat; with the
 * {@code clientRequestTime} Oracle asks for ({@code yyyy-MM-dd'T'HH:mm:ssXXX}).
 */
final class OracleTransactions {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private OracleTransactions() {}

  /** A positive 63-bit id: the first eight bytes of the key's SHA-256. */
  static long id(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code {clientRequestTime, clientTransactionId}}. */
  static Map<String, Object> stamp(long transaction) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clientRequestTime", OffsetDateTime.now(ZoneOffset.UTC).format(TIME));
    body.put("clientTransactionId", transaction);
    return body;
  }

  /** A postMessage body. */
  static Map<String, Object> message(String text, long transaction) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("body", text);
    body.putAll(stamp(transaction));
    return body;
  }
}
