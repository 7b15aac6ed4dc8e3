package io.baton.service;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads numeric settings from a service's environment. A blank or absent variable means "not set"; a value that is
 * not a whole number fails at start-up with the variable's name, so a typo never runs with a default silently.
 */
public final class EnvironmentSettings {

  private EnvironmentSettings() {}

  /** The variable's whole number, or empty when it is absent or blank. */
  public static OptionalLong wholeNumber(Map<String, String> env, String name) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(raw.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + raw + "'", e);
    }
  }

  /** The variable's whole number, or {@code fallback} when it is absent or blank. */
  public static long wholeNumber(Map<String, String> env, String name, long fallback) {
    return wholeNumber(env, name).orElse(fallback);
  }

  /** As {@link #wholeNumber(Map, String, long)}, for settings that must fit an {@code int}. */
  public static int integer(Map<String, String> env, String name, int fallback) {
    long value = wholeNumber(env, name, fallback);
    if (value != (int) value) {
      throw new IllegalArgumentException(name + " must be a whole number up to " + Integer.MAX_VALUE + ", was '"
          + env.get(name) + "'");
    }
    return (int) value;
  }
}
