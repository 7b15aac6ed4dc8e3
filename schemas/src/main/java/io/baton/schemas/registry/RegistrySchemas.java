package io.baton.schemas.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Writer schemas by id from a Confluent-API registry ({@code GET /schemas/ids/{id}}), for the ids the catalogue does not
 * hold (a newer producer's). A registered id never changes, so every schema found is kept. One per process
 * ({@link #use}): the serdes are shared constants of the topic catalogue.
 *
 * <p>While the registry cannot be asked, a lookup retries for up to {@code wait} (backing off from 100 ms to 2 s),
 * then throws {@link SchemaRegistryUnavailableException}: bounded, so a poll loop is never stuck for good, and not a
 * {@code SerializationException}, so the record is not dead-lettered but read again later.
 */
public final class RegistrySchemas {
  private static volatile RegistrySchemas processWide;

  private final RegistryHttp http;
  private final Duration wait;
  private final Map<Integer, Optional<Schema>> known = new ConcurrentHashMap<>();

  public RegistrySchemas(SchemaRegistrySettings settings, Duration requestTimeout, Duration wait) {
    this.http = new RegistryHttp(settings, requestTimeout);
    this.wait = wait;
  }

  /** Every serde of this process asks {@code settings}' registry from now on (empty: the catalogue alone). */
  public static void use(Optional<SchemaRegistrySettings> settings) {
    // Under the router's 10 s transaction timeout (exactly-once), so a wait does not also abort its transaction.
    processWide = settings.map(s -> new RegistrySchemas(s, Duration.ofSeconds(3), Duration.ofSeconds(6)))
        .orElse(null);
  }

  /** Every serde of this process asks {@code registry} from now on (null: the catalogue alone). */
  public static void use(RegistrySchemas registry) {
    processWide = registry;
  }

  /** The registry this process asks, if any. */
  public static Optional<RegistrySchemas> processWide() {
    return Optional.ofNullable(processWide);
  }

  public SchemaRegistrySettings settings() {
    return http.settings();
  }

  /** The schema registered under {@code id}, or empty when the registry holds none (40403). */
  public Optional<Schema> byId(int id) {
    Optional<Schema> cached = known.get(id);
    if (cached != null) {
      return cached;
    }
    Optional<Schema> found = askWithRetries(id);
    if (found.isPresent()) { // an id not found yet may be registered a moment later
      known.put(id, found);
    }
    return found;
  }

  private Optional<Schema> askWithRetries(int id) {
    long deadline = System.nanoTime() + wait.toNanos();
    long backoffMs = 100;
    while (true) {
      try {
        return ask(id);
      } catch (SchemaRegistryUnavailableException e) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        try {
          Thread.sleep(Math.min(backoffMs, Math.max(1, left / 1_000_000)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoffMs = Math.min(backoffMs * 2, 2000);
      }
    }
  }

  private Optional<Schema> ask(int id) {
    RegistryHttp.Reply reply = http.get("/schemas/ids/" + id);
    if (reply.status() == 404 && reply.errorCode() == 40403) {
      return Optional.empty();
    }
    if (!reply.ok()) {
      throw new SchemaRegistryUnavailableException("schema registry " + http.settings().url()
          + " answered GET /schemas/ids/" + id + " with " + reply.status() + " (" + reply.message() + ")");
    }
    String type = reply.body().path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new IllegalStateException("schema id " + id + " is a " + type + " schema, not Avro");
    }
    try {
      return Optional.of(new Schema.Parser().parse(reply.body().path("schema").asText()));
    } catch (SchemaParseException e) {
      throw new IllegalStateException("schema id " + id + " in the registry is not valid Avro: " + e.getMessage(), e);
    }
  }
}
