package io.baton.ingress.http;

import io.baton.events.IdempotencyStage;
import io.baton.events.IdempotentRequest;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Idempotency-Key} on POSTs, in two layers.
 *
 * <p>The answer: the first successful answer to a key (per tenant, method and path) is kept in a ledger every ingress
 * instance shares ({@link SharedIdempotencyLedger}, ingress.idempotency.v1), and a retry with the same key and body
 * gets it again on any instance, byte for byte, without writing anything. A request whose key this instance has not
 * seen writes a claim and waits (at most {@code patience}) until its follower has read the claim back, so everything
 * written before it about the key is known: a retry sent after the first answer always gets that answer. Only
 * successes are kept: after a 4xx or a 503 the claim is released and a retry is evaluated afresh. A retry while the
 * first is in flight (on any instance) gets 409; the same key with another body gets 422. When Kafka does not
 * read the claim back in time the request gets 503 and writes nothing. Answers that carry a credential (a widget
 * token) are kept in this instance's memory only ({@link #claimHere}).
 *
 * <p>The record: a request with a key gets a deterministic event id ({@link Claim#eventId}, a name-based UUID of
 * tenant, method, path, key and conversation), so a retry the ledger cannot answer (the first instance crashed
 * between Kafka's acknowledgement and recording its answer, and the claim lapsed) writes its input again with the
 * same event id, and the router drops the repeat (it drops inputs whose event id it saw recently in the conversation).
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyLedger shared;
  private final IdempotencyLedger local;
  private final Clock clock;
  private final Duration ttl;
  private final Duration patience;
  private final byte[] fingerprintKey;

  /**
   * {@code digestKey}: keys the digests the ledger keeps (bodies may hold secrets), the same on every instance;
   * {@code ttl}: how long an answer is replayed; {@code patience}: the Kafka timeout, how long a claim waits to be
   * read back (a claim holds its key for three times as long: claim, write, answer, unless answered or released).
   */
  Idempotency(IdempotencyLedger shared, IdempotencyLedger local, byte[] digestKey, Duration ttl, Duration patience,
      Clock clock) {
    this.shared = shared;
    this.local = local;
    this.fingerprintKey = hmac(digestKey, "baton ingress.idempotency.v1 body fingerprint");
    this.ttl = ttl;
    this.patience = patience;
    this.clock = clock;
  }

  /** Keyed requests shared by every instance through {@code ledger}; credentials-bearing ones in memory. */
  public static Idempotency shared(SharedIdempotencyLedger ledger, byte[] digestKey, Duration ttl, Duration patience,
      Clock clock) {
    return new Idempotency(ledger, IdempotencyLedger.inMemory(10_000), digestKey, ttl, patience, clock);
  }

  /** One request's hold on its key; {@link #none} when the request has no key. */
  public final class Claim {
    private final IdempotencyLedger ledger;
    private final String key;
    private final String slot;
    private final IdempotentRequest pending;
    private final boolean replayed;

    private Claim(IdempotencyLedger ledger, String key, String slot, IdempotentRequest pending, boolean replayed) {
      this.ledger = ledger;
      this.key = key;
      this.slot = slot;
      this.pending = pending;
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

    /** Keeps the answer for retries; completes once it is durable (answer the client then). */
    public CompletableFuture<?> complete(int status, String contentType, String body, String location) {
      if (pending == null || replayed) {
        return CompletableFuture.completedFuture(null);
      }
      Instant at = now();
      return ledger.record(key, IdempotentRequest.newBuilder(pending).setStage(IdempotencyStage.answered)
          .setStatus(status).setContentType(contentType).setBody(body).setLocation(location).setAt(at)
          .setHoldsUntil(at.plus(ttl)).build());
    }

    /** Nothing was written: a retry with this key is a new request. */
    public void release() {
      if (pending != null && !replayed) {
        ledger.record(key, released(pending));
      }
    }
  }

  public final Claim none = new Claim(null, null, null, null, false);

  /**
   * Claims the request's key in the shared ledger, or replays the first answer. {@code tenant} scopes keys;
   * {@code canonicalBody} is the request as parsed (so whitespace does not matter), "" for requests without a body.
   */
  public Claim claim(Context ctx, String tenant, String canonicalBody) {
    return claim(ctx, tenant, canonicalBody, shared);
  }

  /** As {@link #claim}, kept in this instance only: for answers that must never be written to Kafka. */
  public Claim claimHere(Context ctx, String tenant, String canonicalBody) {
    return claim(ctx, tenant, canonicalBody, local);
  }

  private Claim claim(Context ctx, String tenant, String canonicalBody, IdempotencyLedger ledger) {
    String idempotencyKey = ctx.header(HEADER);
    if (idempotencyKey == null) {
      return none;
    }
    if (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY_LENGTH
        || !idempotencyKey.chars().allMatch(c -> c >= 32 && c < 127)) {
      throw Problem.badField("invalid-idempotency-key", "Invalid Idempotency-Key", HEADER,
          HEADER + " must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters").exception();
    }
    String slot = tenant + "\n" + ctx.method().name() + " " + ctx.path() + "\n" + idempotencyKey;
    String key = tenant + "/" + HexFormat.of().formatHex(hmac(fingerprintKey, slot));
    String fingerprint = HexFormat.of().formatHex(hmac(fingerprintKey, canonicalBody));
    IdempotencySlots.Slot holder = ledger.holder(key, clock.instant());
    if (holder == null) {
      Instant at = now();
      IdempotentRequest pending = IdempotentRequest.newBuilder().setClaimId(UUID.randomUUID().toString())
          .setFingerprint(fingerprint).setStage(IdempotencyStage.pending).setAt(at)
          .setHoldsUntil(at.plus(patience.multipliedBy(3))).build();
      IdempotencySlots.Outcome outcome = await(ctx, ledger, key, pending);
      if (outcome.won()) {
        return new Claim(ledger, key, slot, pending, false);
      }
      holder = outcome.holder();
    }
    IdempotentRequest first = holder.step();
    if (!first.getFingerprint().equals(fingerprint)) {
      throw Problem.typed(422, "idempotency-key-reused", "Idempotency-Key reused",
          "this " + HEADER + " was used for a different request body; use a new key for a new request",
          List.of(new FieldError(HEADER, "used before with another body"))).exception();
    }
    if (!holder.answered()) {
      ctx.header("Retry-After", "1");
      throw Problem.typed(409, "idempotency-key-in-progress", "Request in progress",
          "a request with this " + HEADER + " is still being processed; retry shortly", List.of()).exception();
    }
    ctx.status(first.getStatus());
    if (first.getContentType() != null) {
      ctx.contentType(first.getContentType());
    }
    if (first.getLocation() != null) {
      ctx.header("Location", first.getLocation());
    }
    ctx.header("Idempotent-Replayed", "true");
    ctx.result(first.getBody() == null ? "" : first.getBody());
    return new Claim(ledger, key, slot, null, true);
  }

  /** The claim's outcome; 503 (having released the claim) when it is not known within {@code patience}. */
  private IdempotencySlots.Outcome await(Context ctx, IdempotencyLedger ledger, String key,
      IdempotentRequest pending) {
    try {
      return ledger.claim(key, pending).get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      ledger.record(key, released(pending));
      ctx.header("Retry-After", "5");
      throw Acknowledgements.unavailable().exception();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Acknowledgements.unavailable().exception();
    }
  }

  private IdempotentRequest released(IdempotentRequest pending) {
    Instant at = now();
    return IdempotentRequest.newBuilder(pending).setStage(IdempotencyStage.released).setAt(at).setHoldsUntil(at)
        .build();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String eventIdOf(String slot, ConversationKey conversation) {
    // Prefixed, so no other name-based id in Baton can collide with one made from a request.
    String name = "baton.ingress.idempotency-key\n" + slot + "\n" + conversation;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
