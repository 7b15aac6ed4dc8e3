package io.baton.schemas.registry;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The registry could not be asked (unreachable, timed out, 5xx, refused our credentials): the record is fine and is
 * read once the registry answers, so whoever catches this must not dead-letter the record.
 */
public final class SchemaRegistryUnavailableException extends RetriableException {
  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SchemaRegistryUnavailableException(String message) {
    super(message);
  }

  /** True when {@code failure} is one, or was caused by one (a consumer wraps it in its deserialization error). */
  public static boolean isCauseOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryUnavailableException) {
        return true;
      }
    }
    return false;
  }
}
