package io.baton.ingress.visitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.http.ConversationKeys;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonBodies;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.kafka.Traceparent;
import io.baton.topics.ConversationKey;
import io.baton.topics.Topics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/conversations/{id}/messages}: a visitor's chat message becomes a VisitorEvent on visitor.events.v1;
 * the router decides whether the bot or an agent gets it. The context the widget sends along is remembered for
 * handover placeholders once the message is stored.
 */
public final class VisitorMessageEndpoint implements Handler {
  /** Long enough for any chat message, short enough for every helpdesk's message limit. */
  public static final int MAX_TEXT_CHARACTERS = 4000;

  private final String defaultTenant;
  private final int maxBodyBytes;
  private final EventPublisher publisher;
  private final VisitorContextMemory memory;
  private final Executor responses;

  public VisitorMessageEndpoint(String defaultTenant, int maxBodyBytes, EventPublisher publisher,
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
    FieldErrors errors = new FieldErrors();
    JsonFields fields = new JsonFields(body, "", errors);
    String text = text(fields);
    VisitorContext context = VisitorContexts.parse(fields, "context");
    errors.throwIfAny();

    VisitorEvent event = VisitorEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setTenant(key.tenant())
        .setConversationId(key.conversationId())
        .setContext(context)
        .setBody(VisitorMessage.newBuilder().setText(text).setAttachments(List.of()).build())
        .build();
    var acked = publisher.publish(Topics.VISITOR_EVENTS, key, event, Traceparent.childOf(ctx.header("traceparent")));
    Acknowledgements.answerWhenAcked(ctx, "visitor message " + event.getEventId(), acked, responses, () -> {
      if (context != null) {
        memory.remember(key, context);
      }
      ObjectNode answer = Json.object();
      answer.put("eventId", event.getEventId());
      answer.put("conversationId", key.conversationId());
      return answer;
    });
  }

  /** Required, 1..4000 characters (code points) once surrounding whitespace is stripped; stored stripped. */
  static String text(JsonFields fields) {
    JsonNode raw = fields.raw("text");
    if (raw == null) {
      fields.errors().add("text", "'text' is required");
      return "";
    }
    if (!raw.isTextual()) {
      fields.errors().add("text", "'text' must be a string, got " + JsonFields.describe(raw));
      return "";
    }
    String text = raw.textValue().strip();
    if (text.isEmpty()) {
      fields.errors().add("text", "'text' must not be empty");
      return "";
    }
    int length = text.codePointCount(0, text.length());
    if (length > MAX_TEXT_CHARACTERS) {
      fields.errors().add("text",
          "'text' must be at most " + MAX_TEXT_CHARACTERS + " characters, got " + length);
      return "";
    }
    return text;
  }
}
