package io.baton.analytics;

/** A duration as a person reads it, to the second (half up): 42 s, 3 min 05 s, 1 h 02 min. */
public final class HumanDuration {
  private HumanDuration() {}

  public static String of(long ms) {
    long s = (ms + 500) / 1000;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return String.format("%d h %02d min", s / 3600, s % 3600 / 60);
  }
}
