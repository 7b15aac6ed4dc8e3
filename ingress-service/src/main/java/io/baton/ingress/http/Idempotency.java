package io.baton.ingress.http;

import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code Idempotency-Key} on POSTs, in two layers.
 *
 * <p>The answer: the first successful answer to a key is kept (per tenant, method and path) and a retry with the same
 * key and body gets it again, without writing anything. Only successes are kept: after a 4xx or a 503 nothing was
 * written, so a retry is evaluated afresh. A retry while the first is still in flight gets 409; the same key with
 * another body gets 422. This table is in this instance's memory (bounded, {@code ttl}).
 *
 * <p>The record: a request with a key gets a deterministic event id ({@link Claim#eventId}, a name-based UUID of
 * tenant, method, path, key and conversation), so a retry that this table cannot answer (it reached another instance, or this one
 * crashed between Kafka's acknowledgement and the answer) writes its input again with the same event id, and the
 * router drops the repeat (it drops inputs whose event id it saw recently in the conversation). Such a retry gets a
 * fresh 202 with the same ids, not a replay; a retry with the same key and another body on another instance is not
 * detected (no 422): its record has the same event id, so the router drops it as a repeat of the first.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;

  private record Entry(String fingerprint, Integer status, String contentType, String body, String location,
      Instant at) {
    boolean inFlight() {
      return status == null;
    }
  }

  private final Map<String, Entry> entries;
  private final Duration ttl;
  private final Clock clock;

  public Idempotency(int capacity, Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** One request's hold on its key; {@link #NONE} when the request has no key. */
  public final class Claim {
    private final String slot;
    private final String fingerprint;
    private final boolean replayed;

    private Claim(String slot, String fingerprint, boolean replayed) {
      this.slot = slot;
      this.fingerprint = fingerprint;
      this.replayed = replayed;
    }

    /**
     * The event id of the record this request writes to {@code conversation}: with an Idempotency-Key, a name-based
     * UUID of tenant, method, path and key, and the conversation (the same on every instance and after a restart, so
     * the router drops a retry's record as a repeat; the conversation only matters where the path does not name it,
     * Segment's track, so that one key reused for two conversations never gives two handovers one id); without a
     * key, a new random id on every call (call it once per request).
     */
    public String eventId(ConversationKey conversation) {
      return slot == null ? UUID.randomUUID().toString() : eventIdOf(slot, conversation);
    }

    /** True when the first answer has been written to the response: the caller does nothing else. */
    public boolean replayed() {
      return replayed;
    }

    /** Keeps the answer for retries. */
    public void complete(int status, String contentType, String body, String location) {
      if (slot != null) {
        synchronized (entries) {
          entries.put(slot, new Entry(fingerprint, status, contentType, body, location, clock.instant()));
        }
      }
    }

    /** Nothing was written: a retry with this key is a new request. */
    public void release() {
      if (slot != null && !replayed) {
        synchronized (entries) {
          Entry e = entries.get(slot);
          if (e != null && e.inFlight()) {
            entries.remove(slot);
          }
        }
      }
    }
  }

  public final Claim none = new Claim(null, null, false);

  /**
   * Claims the request's key, or replays the first answer. {@code tenant} scopes keys; {@code canonicalBody} is the
   * request as parsed (so whitespace does not matter), "" for requests without a body.
   */
  public Claim claim(Context ctx, String tenant, String canonicalBody) {
    String key = ctx.header(HEADER);
    if (key == null) {
      return none;
    }
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 32 && c < 127)) {
      throw Problem.badField("invalid-idempotency-key", "Invalid Idempotency-Key", HEADER,
          HEADER + " must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters").exception();
    }
    String slot = slot(tenant, ctx.method().name(), ctx.path(), key);
    String fingerprint = sha256(canonicalBody);
    Instant now = clock.instant();
    synchronized (entries) {
      Entry e = entries.get(slot);
      if (e != null && !e.inFlight() && e.at().plus(ttl).isBefore(now)) {
        entries.remove(slot);
        e = null;
      }
      if (e == null) {
        entries.put(slot, new Entry(fingerprint, null, null, null, null, now));
        return new Claim(slot, fingerprint, false);
      }
      if (!e.fingerprint().equals(fingerprint)) {
        throw Problem.typed(422, "idempotency-key-reused", "Idempotency-Key reused",
            "this " + HEADER + " was used for a different request body; use a new key for a new request",
            List.of(new FieldError(HEADER, "used before with another body"))).exception();
      }
      if (e.inFlight()) {
        ctx.header("Retry-After", "1");
        throw Problem.typed(409, "idempotency-key-in-progress", "Request in progress",
            "a request with this " + HEADER + " is still being processed; retry shortly", List.of()).exception();
      }
      ctx.status(e.status());
      if (e.contentType() != null) {
        ctx.contentType(e.contentType());
      }
      if (e.location() != null) {
        ctx.header("Location", e.location());
      }
      ctx.header("Idempotent-Replayed", "true");
      ctx.result(e.body() == null ? "" : e.body());
      return new Claim(slot, fingerprint, true);
    }
  }

  private static String slot(String tenant, String method, String path, String key) {
    return tenant + "\n" + method + " " + path + "\n" + key;
  }

  private static String eventIdOf(String slot, ConversationKey conversation) {
    // Prefixed, so no other name-based id in Baton can collide with one made from a request.
    String name = "baton.ingress.idempotency-key\n" + slot + "\n" + conversation;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
