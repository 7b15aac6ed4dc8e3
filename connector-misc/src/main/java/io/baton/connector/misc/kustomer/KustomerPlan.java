package io.baton.connector.misc.kustomer;

import java.util.Locale;

/** Kustomer's org-wide API limit per 60-second window, by plan. */
enum KustomerPlan {
  professional(300), business(500), enterprise(1000), ultimate(2000);

  final int perMinute;

  KustomerPlan(int perMinute) {
    this.perMinute = perMinute;
  }

  static KustomerPlan of(String name) {
    return valueOf(name.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * As a token bucket that never exceeds {@code perMinute} in any 60 s window: a burst of a tenth of it, the rest
   * spread over the minute (burst + 60 s of refill = the limit). Kustomer's window is fixed, so this stays under it
   * whatever the window's phase.
   */
  static int burst(int perMinute) {
    return Math.max(1, perMinute / 10);
  }

  static double perSecond(int perMinute) {
    return Math.max(perMinute - burst(perMinute), 1) / 60.0;
  }
}
