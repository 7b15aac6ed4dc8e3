package io.baton.ingress.connection;

import io.baton.events.TokenClaim;
import io.baton.events.TokenClaimAction;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Who holds each token, by the one rule every ingress replays connections.claims.v1 with, record after record in the
 * topic's order: a claim while the token is free, or by its holder, wins (and starts a new holding named by the
 * claim's id); a claim while another connection holds it loses; a release by the holder frees it (a release naming a
 * holding frees only that one, so a late release on the holder's behalf cannot end a newer holding). Same records,
 * same order: same holders on every instance, across restarts.
 */
final class TokenHolds {
  /** A connection holding a token since its winning claim {@code claimId}, written {@code at}. */
  record Holding(String tenant, String connectionId, String claimId, Instant at) {}

  /**
   * What a claim decided: {@code won}, whether the connection {@code newly} took the token (it did not hold it just
   * before), and the holder after it (the claimant's own holding when won, the other connection's when lost).
   */
  record Outcome(boolean won, boolean newly, Holding holder) {}

  private final Map<String, Holding> byToken = new HashMap<>();

  /** Applies the next record of {@code token}; the outcome of a claim, null for a release. */
  synchronized Outcome apply(String token, TokenClaim record) {
    Holding current = byToken.get(token);
    boolean byHolder = current != null && current.connectionId().equals(record.getConnectionId());
    if (record.getAction() == TokenClaimAction.release) {
      if (byHolder && (record.getHolding() == null || record.getHolding().equals(current.claimId()))) {
        byToken.remove(token);
      }
      return null;
    }
    if (current != null && !byHolder) {
      return new Outcome(false, false, current);
    }
    Holding won = new Holding(record.getTenant(), record.getConnectionId(), record.getClaimId(), record.getAt());
    byToken.put(token, won);
    return new Outcome(true, !byHolder, won);
  }

  /** The holder of {@code token} as far as the topic has been read; null when free. */
  synchronized Holding holder(String token) {
    return byToken.get(token);
  }
}
