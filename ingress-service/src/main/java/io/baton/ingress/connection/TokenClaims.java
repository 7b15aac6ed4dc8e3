package io.baton.ingress.connection;

import io.baton.events.TokenClaim;
import io.baton.events.TokenClaimAction;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.kafka.TopicFollower;
import io.baton.secrets.KeyRing;
import io.baton.trace.TraceParent;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that may be active in one connection only, decided through connections.claims.v1 so that every ingress
 * instance agrees, also when two of them are asked at the same moment: a claim is written, this instance's follower
 * replays the topic by {@link TokenHolds}' rule, and the claim's outcome is what the follower decided when it reached
 * the claim. Tokens appear on the topic only as a keyed digest (HMAC-SHA256 with a key derived from the secrets key
 * that seals). While the secrets keys rotate, a token may be held under the digest of an older key: {@link #digests}
 * gives every key's, so a check finds that holding too (and an instance's start claims its active connections'
 * tokens anew under the sealing key's digest).
 */
public final class TokenClaims implements AutoCloseable {
  private final TokenHolds holds = new TokenHolds();
  private final Map<String, CompletableFuture<TokenHolds.Outcome>> awaited = new ConcurrentHashMap<>();
  private final TopicFollower<TokenClaim> follower;
  private final EventPublisher publisher;
  private final List<byte[]> digestKeys = new ArrayList<>();
  private final Duration timeout;

  /** {@code timeout}: how long a claim waits for its outcome (its write's acknowledgement and its reading back). */
  public TokenClaims(KafkaSettings kafka, EventPublisher publisher, KeyRing secretsKeys, Duration timeout) {
    this.publisher = publisher;
    for (String id : secretsKeys.ids()) {
      digestKeys.add(hmac(secretsKeys.key(id).orElseThrow(), "baton connections.claims.v1 token digest"));
    }
    this.timeout = timeout;
    this.follower = new TopicFollower<>(kafka, Topics.TOKEN_CLAIMS, (token, record) -> {
      if (record == null) {
        return;
      }
      TokenHolds.Outcome outcome = holds.apply(token, record);
      CompletableFuture<TokenHolds.Outcome> waiting = outcome == null ? null : awaited.remove(record.getClaimId());
      if (waiting != null) {
        waiting.complete(outcome);
      }
    });
  }

  /** Returns once every claim written before has been replayed. */
  public void start() {
    follower.start();
  }

  /** The topic's key of a platform's token: a digest the token cannot be read back from (the sealing key's). */
  public String digest(String platform, String token) {
    return HexFormat.of().formatHex(hmac(digestKeys.get(0), platform + "\n" + token));
  }

  /** The token's digests under every secrets key, the sealing key's first. */
  List<String> digests(String platform, String token) {
    return digestKeys.stream().map(k -> HexFormat.of().formatHex(hmac(k, platform + "\n" + token))).toList();
  }

  /** Claims {@code token} for a connection; completes with the outcome once this instance has replayed the claim. */
  CompletableFuture<TokenHolds.Outcome> claim(String token, String tenant, String connectionId) {
    String claimId = UUID.randomUUID().toString();
    CompletableFuture<TokenHolds.Outcome> outcome = new CompletableFuture<>();
    awaited.put(claimId, outcome);
    publisher.publish(Topics.TOKEN_CLAIMS, token, record(claimId, tenant, connectionId, TokenClaimAction.claim, null),
        TraceParent.start(), null).whenComplete((ok, error) -> {
          if (error != null) {
            outcome.completeExceptionally(error);
          }
        });
    return outcome.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, error) -> awaited.remove(claimId));
  }

  /**
   * Releases {@code token} if {@code connectionId} holds it ({@code holding} not null: only that holding, for a release
   * on the holder's behalf). Completes when Kafka acknowledged the release.
   */
  CompletableFuture<?> release(String token, String tenant, String connectionId, String holding) {
    return publisher.publish(Topics.TOKEN_CLAIMS, token, record(UUID.randomUUID().toString(), tenant, connectionId,
        TokenClaimAction.release, holding), TraceParent.start(), null);
  }

  /** The holder of {@code token} as far as this instance has read. */
  TokenHolds.Holding holder(String token) {
    return holds.holder(token);
  }

  private static TokenClaim record(String claimId, String tenant, String connectionId, TokenClaimAction action,
      String holding) {
    return TokenClaim.newBuilder().setClaimId(claimId).setTenant(tenant).setConnectionId(connectionId)
        .setAction(action).setHolding(holding).setAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
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

  @Override
  public void close() {
    follower.close();
  }
}
