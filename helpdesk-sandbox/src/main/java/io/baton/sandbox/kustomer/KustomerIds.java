package io.baton.sandbox.kustomer;

import java.util.concurrent.atomic.AtomicLong;

/** Kustomer's ids: 24 lowercase hex digits (Mongo object ids), here the creation second and a counter. */
final class KustomerIds {
  private static final AtomicLong COUNTER = new AtomicLong(0x5a17c0de00L);

  private KustomerIds() {
  }

  static String next() {
    return String.format("%08x%016x", System.currentTimeMillis() / 1000, COUNTER.incrementAndGet());
  }

  /** Whether it reads as an id at all (anything else is simply not found). */
  static boolean looksLikeId(String s) {
    return s != null && s.matches("[0-9a-f]{24}");
  }
}
