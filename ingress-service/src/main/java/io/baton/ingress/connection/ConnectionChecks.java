package io.baton.ingress.connection;

import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks the ingress can make of a connection itself; the connector checks the rest (credentials work, webhook
 * registered) and writes the status to connections.v1 later. A connection that fails a check is saved inactive with
 * the reason. The Chat2Desk rule (a token is active in one connection only: Chat2Desk delivers a token's webhooks to
 * one URL) is decided by {@link TokenClaims}, so it holds across instances.
 */
final class ConnectionChecks {
  private static final Logger log = LoggerFactory.getLogger(ConnectionChecks.class);
  /** The secret holding a Chat2Desk API token. */
  static final String CHAT2DESK_TOKEN = "token";

  /** {@code claimed}: the token digest this verdict newly took (to give back if the connection is not stored). */
  record Verdict(ConnectionStatus status, String reason, String claimed) {}

  private final ConnectionStore store;
  private final SealedSecrets box;
  private final boolean startActive;
  private final TokenClaims claims;
  private final Executor executor;
  private final Duration unsavedGrace;

  /**
   * {@code claims} null when no secrets key is configured (then no connection has a token). {@code unsavedGrace}: how
   * long a holder whose connection this instance has not read may still be saving it.
   */
  ConnectionChecks(ConnectionStore store, SealedSecrets box, boolean startActive, TokenClaims claims,
      Executor executor, Duration unsavedGrace) {
    this.store = store;
    this.box = box;
    this.startActive = startActive;
    this.claims = claims;
    this.executor = executor;
    this.unsavedGrace = unsavedGrace;
  }

  CompletableFuture<Verdict> check(String tenant, String connectionId, Platform platform, boolean enabled,
      Map<String, String> secrets) {
    if (!enabled) {
      return CompletableFuture.completedFuture(new Verdict(ConnectionStatus.inactive, "deactivated through the API",
          null));
    }
    String token = platform == Platform.chat2desk ? secrets.get(CHAT2DESK_TOKEN) : null;
    if (token == null || claims == null) {
      return CompletableFuture.completedFuture(passed(null));
    }
    List<String> digests = claims.digests(platform.name(), token);
    String digest = digests.get(0);
    for (String older : digests.subList(1, digests.size())) { // held under a key being rotated out
      TokenHolds.Holding holder = claims.holder(older);
      if (holder != null && !holder.connectionId().equals(connectionId) && stillHolds(holder, older)) {
        return CompletableFuture.completedFuture(taken(tenant, holder));
      }
    }
    return claims.claim(digest, tenant, connectionId).thenComposeAsync(outcome -> {
      if (outcome.won() || stillHolds(outcome.holder(), digest)) {
        return CompletableFuture.completedFuture(verdict(tenant, outcome, digest));
      }
      // the holder let go without a release reaching the topic (a crash, a connector's verdict): end that holding
      log.info("connection {}: ending connection {}'s stale hold on a Chat2Desk token", connectionId,
          outcome.holder().connectionId());
      return claims.release(digest, outcome.holder().tenant(), outcome.holder().connectionId(),
          outcome.holder().claimId())
          .thenComposeAsync(released -> claims.claim(digest, tenant, connectionId), executor)
          .thenApply(again -> verdict(tenant, again, digest));
    }, executor);
  }

  /**
   * Gives back the token {@code before} had when {@code after} (stored) lets go of it: deactivated, deleted, or given
   * another token (an enabled connection keeping its token either holds it or just lost its claim: nothing to give).
   * Completes when the release is acknowledged; never fails (a release that did not reach Kafka leaves a stale hold,
   * which the next claimant ends).
   */
  CompletableFuture<Void> released(Connection before, Connection after) {
    String held = tokenOf(before);
    if (held == null || (after.getEnabled() && held.equals(tokenOf(after)))) {
      return CompletableFuture.completedFuture(null);
    }
    return claims.release(held, before.getTenant(), before.getConnectionId(), null).handle((ok, error) -> {
      if (error != null) {
        log.warn("connection {}: its Chat2Desk token's release was not stored: {}", before.getConnectionId(),
            error.toString());
      }
      return null;
    });
  }

  /**
   * For a re-seal under a new sealing key: claims the token {@code c} holds under that key's digest (it may hold it
   * under an older key's only, which goes with that key). Never fails: a claim lost or not stored is logged.
   */
  CompletableFuture<Void> claimAnew(Connection c) {
    String digest = heldToken(c);
    if (digest == null) {
      return CompletableFuture.completedFuture(null);
    }
    return claims.claim(digest, c.getTenant(), c.getConnectionId()).handle((outcome, error) -> {
      if (error != null) {
        log.warn("connection {}: its Chat2Desk token's claim under the new key was not stored: {}",
            c.getConnectionId(), error.toString());
      } else if (!outcome.won()) {
        log.warn("connections {} and {} are both active with one Chat2Desk token; deactivate one",
            outcome.holder().connectionId(), c.getConnectionId());
      }
      return null;
    });
  }

  /**
   * Gives back a token claimed for a connection whose record was then not stored. Completes when the release is
   * acknowledged; never fails (a release that did not reach Kafka is logged: the holding then lapses as a stale one).
   */
  CompletableFuture<Void> undo(String tenant, String connectionId, Verdict verdict) {
    if (verdict.claimed() == null) {
      return CompletableFuture.completedFuture(null);
    }
    return claims.release(verdict.claimed(), tenant, connectionId, null).handle((ok, error) -> {
      if (error != null) {
        log.warn("connection {}: its Chat2Desk token's release was not stored: {}", connectionId, error.toString());
      }
      return null;
    });
  }

  /**
   * Claims the tokens of connections that were active before the claims topic existed (or whose claim was lost with
   * the topic): every token held, by the stored records, by no one. A token two old connections share goes to the
   * first claim; the other is logged and left as it is until it is next changed. Every instance does it at start; a
   * repeat is a claim by the holder, which changes nothing.
   */
  void claimUnclaimedTokens(Duration patience) {
    if (claims == null) {
      return;
    }
    CompletableFuture<?>[] pending = store.all().stream().filter(c -> {
      String token = heldToken(c);
      return token != null && claims.holder(token) == null;
    }).map(c -> claims.claim(heldToken(c), c.getTenant(), c.getConnectionId()).thenAccept(outcome -> {
      if (!outcome.won()) {
        log.warn("connections {} and {} are both active with one Chat2Desk token; deactivate one",
            outcome.holder().connectionId(), c.getConnectionId());
      }
    })).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(pending).get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the Chat2Desk tokens of existing connections could not be claimed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while claiming the Chat2Desk tokens of existing connections", e);
    }
  }

  /**
   * Whether {@code holder} may still hold the token as far as this instance knows: its connection holds it by the
   * stored record, or the record read is not newer than the claim (the save that follows a claim may not have been
   * read yet), or it has not been read at all but the claim is recent.
   */
  private boolean stillHolds(TokenHolds.Holding holder, String digest) {
    Connection c = store.get(holder.connectionId()).orElse(null);
    if (c == null) {
      return Instant.now().isBefore(holder.at().plus(unsavedGrace));
    }
    String token = heldToken(c) == null ? null : plainToken(c);
    return token != null && claims.digests(Platform.chat2desk.name(), token).contains(digest)
        || !c.getUpdatedAt().isAfter(holder.at());
  }

  /** The digest of the token {@code c} holds by its record: an enabled Chat2Desk connection, active or pending. */
  private String heldToken(Connection c) {
    if (c == null || !c.getEnabled()
        || (c.getStatus() != ConnectionStatus.active && c.getStatus() != ConnectionStatus.pending)) {
      return null;
    }
    return tokenOf(c);
  }

  /** The digest of {@code c}'s Chat2Desk token, whatever its status; null without one (or unreadable). */
  private String tokenOf(Connection c) {
    String token = plainToken(c);
    return token == null ? null : claims.digest(Platform.chat2desk.name(), token);
  }

  /** {@code c}'s Chat2Desk token itself; null without one (or unreadable). */
  private String plainToken(Connection c) {
    if (c == null || claims == null || c.getPlatform() != Platform.chat2desk || c.getEncryptedSecrets() == null) {
      return null;
    }
    try {
      return ConnectionJson.secrets(box, c).get(CHAT2DESK_TOKEN);
    } catch (IllegalStateException sealedWithAnotherKey) {
      return null;
    }
  }

  private Verdict verdict(String tenant, TokenHolds.Outcome outcome, String digest) {
    if (outcome.won()) {
      return passed(outcome.newly() ? digest : null);
    }
    return taken(tenant, outcome.holder());
  }

  private static Verdict taken(String tenant, TokenHolds.Holding holder) {
    // another tenant's connection id is not named
    String where = holder.tenant().equals(tenant) ? "connection " + holder.connectionId()
        : "a connection of another tenant";
    return new Verdict(ConnectionStatus.inactive,
        "this Chat2Desk token is already active in " + where + "; a token may be active in one connection only", null);
  }

  private Verdict passed(String claimed) {
    return startActive ? new Verdict(ConnectionStatus.active, null, claimed)
        : new Verdict(ConnectionStatus.pending, "waiting for the connector to check it", claimed);
  }
}
