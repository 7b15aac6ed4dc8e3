package io.baton.ingress.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.Json;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Mints widget tokens. {@code POST /v1/conversations/{id}/widget-token} takes a bot key (the bot backend mints a token
 * for the page it serves); {@code POST /dev/widget-tokens/{id}} takes nothing and exists only when a dev tenant is
 * configured (the local stack's demo page).
 */
public final class WidgetTokenEndpoint {
  private final WidgetTokens tokens;
  private final Duration ttl;
  private final Clock clock;
  private final Idempotency idempotency;

  public WidgetTokenEndpoint(WidgetTokens tokens, Duration ttl, Clock clock, Idempotency idempotency) {
    this.idempotency = idempotency;
    this.tokens = tokens;
    this.ttl = ttl;
    this.clock = clock;
  }

  public void mint(Context ctx) {
    ConversationKey key = Access.conversation(ctx, Access.Need.BOT);
    answer(ctx, key);
  }

  public void mintForDev(Context ctx, String devTenant) {
    String id = Access.conversationId(ctx);
    answer(ctx, new ConversationKey(devTenant, id));
  }

  private void answer(Context ctx, ConversationKey key) {
    // a token is a credential: its answer is never written to Kafka, a retry on another instance mints another
    Idempotency.Claim claim = idempotency.claimHere(ctx, key.tenant(), "");
    if (claim.replayed()) {
      return;
    }
    Instant expires = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ObjectNode answer = Json.object();
    answer.put("token", tokens.mint(key, expires));
    answer.put("conversationId", key.conversationId());
    answer.put("expiresAt", expires.toString());
    String body = Json.write(answer);
    claim.complete(201, "application/json", body, null);
    ctx.status(201).header("Cache-Control", "no-store").contentType("application/json").result(body);
  }
}
