package io.baton.ingress.visitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorRead;
import io.baton.events.VisitorTyping;
import io.baton.ingress.auth.Access;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.http.Writes;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The visitor's signals besides messages, each a VisitorEvent on conversation.inputs.v1:
 * {@code POST .../typing {"typing": true}}, {@code POST .../read {"upToSequence": 12}} and
 * {@code POST .../left {"reason": "closed the tab"}}.
 */
public final class VisitorSignalEndpoint implements Handler {
  public static final int MAX_REASON_CHARACTERS = 500;

  public enum Signal { TYPING, READ, LEFT }

  private final Writes writes;
  private final Signal signal;

  public VisitorSignalEndpoint(Writes writes, Signal signal) {
    this.writes = writes;
    this.signal = signal;
  }

  @Override
  public void handle(Context ctx) {
    ConversationKey key = Access.conversation(ctx, Access.Need.VISITOR);
    ObjectNode body = writes.body(ctx);
    Idempotency.Claim claim = writes.claim(ctx, key.tenant(), body);
    if (claim.replayed()) {
      return;
    }
    VisitorEvent event;
    try {
      FieldErrors errors = new FieldErrors();
      JsonFields fields = new JsonFields(body, "", errors);
      Object signalBody = body(fields);
      errors.throwIfAny();
      event = VisitorEvents.event(key, claim.eventId(key), null, signalBody);
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
    writes.publishInput(ctx, claim, key, event, "visitor " + signal + " " + event.getEventId(),
        () -> {
          ObjectNode answer = Json.object();
          answer.put("eventId", event.getEventId());
          answer.put("conversationId", key.conversationId());
          return answer;
        });
  }

  private Object body(JsonFields fields) {
    if (signal == Signal.TYPING) {
      Boolean typing = fields.optionalBool("typing");
      if (typing == null && !fields.errors().list().stream().anyMatch(e -> e.field().equals("typing"))) {
        fields.errors().add("typing", "'typing' is required");
      }
      return new VisitorTyping(typing != null && typing);
    }
    if (signal == Signal.READ) {
      JsonNode up = fields.raw("upToSequence");
      if (up == null) {
        fields.errors().add("upToSequence", "'upToSequence' is required");
        return new VisitorRead(0L);
      }
      if (!up.isIntegralNumber() || !up.canConvertToLong() || up.asLong() < 1) {
        fields.errors().add("upToSequence", "'upToSequence' must be the sequence of an event (a positive integer)");
        return new VisitorRead(0L);
      }
      return new VisitorRead(up.asLong());
    }
    String reason = fields.optionalString("reason");
    if (reason != null && reason.codePointCount(0, reason.length()) > MAX_REASON_CHARACTERS) {
      fields.errors().add("reason", "'reason' must be at most " + MAX_REASON_CHARACTERS + " characters");
    }
    return new VisitorLeft(reason == null || reason.isBlank() ? null : reason.strip());
  }
}
