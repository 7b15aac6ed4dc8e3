package io.baton.ingress.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.events.TokenClaim;
import io.baton.events.TokenClaimAction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay rule alone: the same records in the same order decide the same holders. */
class TokenHoldsTest {
  static int ids;

  static TokenClaim claim(String connection) {
    return record(connection, TokenClaimAction.claim, null);
  }

  static TokenClaim release(String connection, String holding) {
    return record(connection, TokenClaimAction.release, holding);
  }

  static TokenClaim record(String connection, TokenClaimAction action, String holding) {
    return TokenClaim.newBuilder().setClaimId("claim-" + ++ids).setTenant("demo").setConnectionId(connection)
        .setAction(action).setHolding(holding).setAt(Instant.ofEpochMilli(ids)).build();
  }

  @Test
  void theFirstClaimWhileFreeWinsAndTheHolderWinsAgain() {
    TokenHolds holds = new TokenHolds();
    TokenClaim a = claim("a");
    TokenHolds.Outcome first = holds.apply("t", a);
    assertEquals(new TokenHolds.Outcome(true, true, new TokenHolds.Holding("demo", "a", a.getClaimId(), a.getAt())),
        first);
    TokenHolds.Outcome lost = holds.apply("t", claim("b"));
    assertEquals(new TokenHolds.Outcome(false, false, first.holder()), lost);
    // a retry by the holder (after a crash between its claim and its save) wins again, as a new holding
    TokenClaim again = claim("a");
    TokenHolds.Outcome retried = holds.apply("t", again);
    assertEquals(List.of(true, false, again.getClaimId()),
        List.of(retried.won(), retried.newly(), retried.holder().claimId()));
    // another token is another matter
    assertEquals(true, holds.apply("u", claim("b")).won());
  }

  @Test
  void onlyTheHoldersReleaseFreesTheTokenAndANamedHoldingOnlyThatOne() {
    TokenHolds holds = new TokenHolds();
    TokenClaim first = claim("a");
    holds.apply("t", first);
    assertNull(holds.apply("t", release("b", null)));
    assertEquals("a", holds.holder("t").connectionId(), "a release by another connection changes nothing");
    holds.apply("t", claim("a")); // a newer holding by the same connection
    holds.apply("t", release("a", first.getClaimId()));
    assertEquals("a", holds.holder("t").connectionId(), "a late release of an ended holding changes nothing");
    holds.apply("t", release("a", null));
    assertNull(holds.holder("t"));
    TokenHolds.Outcome b = holds.apply("t", claim("b"));
    assertEquals(List.of(true, true, "b"), List.of(b.won(), b.newly(), b.holder().connectionId()));
  }
}
