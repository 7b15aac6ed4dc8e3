package io.baton.sandbox.sunco;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SunCo's ids are 24 hex digits (MongoDB object ids: a time part, then a counter); the sandbox makes them the same
 * shape so a client's checks (such as {@code page[after]}'s length of 24) hold. They sort by creation.
 */
final class ObjectIds {
  private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextInt(1 << 20));

  private ObjectIds() {
  }

  static String next() {
    long seconds = System.currentTimeMillis() / 1000;
    return String.format("%08x%016x", seconds & 0xffffffffL, COUNTER.incrementAndGet());
  }

  /** A webhook secret or key secret: 32 hex digits, as the spec's examples show. */
  static String secret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }
}
