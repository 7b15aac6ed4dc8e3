package io.baton.connector.chats;

import java.util.Map;

/**
 * How a platform's chat state is kept in its link ({@code PlatformLink.state}): a typed class written as named
 * strings under a version. A new version must still read the older ones; {@link #decode} throws
 * ({@link IllegalArgumentException} with what is wrong) when it cannot, and only that conversation is affected.
 *
 * @param <S> the platform's state of one chat
 */
public interface LinkCodec<S> {
  /** The version {@link #encode} writes (1 unless overridden). Links written before versions existed are version 1. */
  default int version() {
    return 1;
  }

  Map<String, String> encode(S state);

  S decode(int version, Map<String, String> state);

  /** A required entry, or a clear error naming it. */
  static String required(Map<String, String> state, String name) {
    String value = state.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the link has no '" + name + "'");
    }
    return value;
  }

  /** One of an enum's names ({@code fallback} when absent), or a clear error naming the entry and what it may be. */
  static <E extends Enum<E>> E oneOf(Map<String, String> state, String name, E fallback) {
    String value = state.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(fallback.getDeclaringClass(), value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the link's '" + name + "' is not one of "
          + java.util.Arrays.toString(fallback.getDeclaringClass().getEnumConstants()) + ": " + value);
    }
  }

  /** A whole number entry, or a clear error naming it. */
  static long number(Map<String, String> state, String name, long fallback) {
    String value = state.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the link's '" + name + "' is not a number: " + value);
    }
  }
}
