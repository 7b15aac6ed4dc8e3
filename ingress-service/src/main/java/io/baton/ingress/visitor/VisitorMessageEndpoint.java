package io.baton.ingress.visitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.Attachment;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.ingress.auth.Access;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.http.Writes;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * {@code POST /v1/conversations/{id}/messages}: a visitor's chat message becomes a VisitorEvent on conversation.inputs.v1;
 * the router decides whether the bot or an agent gets it. The context the widget sends along is remembered for
 * handover placeholders once the message is stored.
 */
public final class VisitorMessageEndpoint implements Handler {
  /** Long enough for any chat message, short enough for every helpdesk's message limit. */
  public static final int MAX_TEXT_CHARACTERS = 4000;

  private final Writes writes;
  private final VisitorContextMemory memory;

  public VisitorMessageEndpoint(Writes writes, VisitorContextMemory memory) {
    this.writes = writes;
    this.memory = memory;
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
    VisitorContext context;
    try {
      FieldErrors errors = new FieldErrors();
      JsonFields fields = new JsonFields(body, "", errors);
      List<Attachment> attachments = Attachments.parse(fields, "attachments");
      JsonNode sent = fields.raw("attachments");
      String text = text(fields, sent != null && sent.isArray() && sent.size() > 0);
      context = VisitorContexts.parse(fields, "context");
      errors.throwIfAny();
      event = VisitorEvents.event(key, claim.eventId(key), context,
          VisitorMessage.newBuilder().setText(text).setAttachments(attachments).build());
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
    writes.publishInput(ctx, claim, key, event, "visitor message " + event.getEventId(), () -> {
      if (context != null) {
        memory.remember(key, context);
      }
      ObjectNode answer = Json.object();
      answer.put("eventId", event.getEventId());
      answer.put("conversationId", key.conversationId());
      return answer;
    });
  }

  /**
   * 1..4000 characters (code points) as sent, not only whitespace; stored stripped. Optional (empty) when
   * the message carries attachments.
   */
  static String text(JsonFields fields, boolean withAttachments) {
    JsonNode raw = fields.raw("text");
    if (raw == null) {
      if (!withAttachments) {
        fields.errors().add("text", "'text' is required");
      }
      return "";
    }
    if (!raw.isTextual()) {
      fields.errors().add("text", "'text' must be a string, got " + JsonFields.describe(raw));
      return "";
    }
    // the limit applies to the text as sent (as the OpenAPI maxLength says), the emptiness check to it stripped
    int length = raw.textValue().codePointCount(0, raw.textValue().length());
    String text = raw.textValue().strip();
    if (text.isEmpty() && !withAttachments) {
      fields.errors().add("text", "'text' must not be empty");
      return "";
    }
    if (length > MAX_TEXT_CHARACTERS) {
      fields.errors().add("text",
          "'text' must be at most " + MAX_TEXT_CHARACTERS + " characters, got " + length);
      return "";
    }
    return text;
  }

  static String text(JsonFields fields) {
    return text(fields, false);
  }
}
