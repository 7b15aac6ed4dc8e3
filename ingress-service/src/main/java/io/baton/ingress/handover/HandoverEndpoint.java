package io.baton.ingress.handover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.HandoverRequested;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.http.ConversationKeys;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonBodies;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.kafka.Traceparent;
import io.baton.ingress.visitor.VisitorContextMemory;
import io.baton.topics.ConversationKey;
import io.baton.topics.Topics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/conversations/{id}/handover}: a bot asks to hand the conversation to a helpdesk. A valid request
 * becomes a HandoverRequested on handover.requests.v1 (its eventId is the handover id); the router takes it from there.
 */
public final class HandoverEndpoint implements Handler {
  private final String defaultTenant;
  private final int maxBodyBytes;
  private final EventPublisher publisher;
  private final VisitorContextMemory memory;
  private final Executor responses;

  public HandoverEndpoint(String defaultTenant, int maxBodyBytes, EventPublisher publisher,
      VisitorContextMemory memory, Executor responses) {
    this.defaultTenant = defaultTenant;
    this.maxBodyBytes = maxBodyBytes;
    this.publisher = publisher;
    this.memory = memory;
    this.responses = responses;
  }

  @Override
  public void handle(Context ctx) {
    ConversationKey key = ConversationKeys.resolve(ctx, defaultTenant);
    ObjectNode body = JsonBodies.readObject(ctx, maxBodyBytes);
    HandoverRequested request =
        HandoverRequests.parse(key, body, memory.get(key), UUID.randomUUID().toString(), Instant.now());
    var acked = publisher.publish(Topics.HANDOVER_REQUESTS, key, request,
        Traceparent.childOf(ctx.header("traceparent")));
    Acknowledgements.answerWhenAcked(ctx, "handover request " + request.getEventId(), acked, responses, () -> {
      memory.remember(key, request.getContext());
      ObjectNode answer = Json.object();
      answer.put("handoverId", request.getEventId());
      answer.put("conversationId", key.conversationId());
      return answer;
    });
  }
}
