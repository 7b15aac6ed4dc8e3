package io.baton.ingress.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.Attachment;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.QuickReply;
import io.baton.ingress.auth.Access;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.http.Writes;
import io.baton.ingress.visitor.Attachments;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code POST /v1/conversations/{id}/bot-messages}: the bot answers the visitor, optionally with quick-reply buttons;
 * a BotEvent on conversation.inputs.v1 (bots may also produce there directly, without a transaction). Bot keys only.
 */
public final class BotMessageEndpoint implements Handler {
  public static final int MAX_TEXT_CHARACTERS = 4000;
  public static final int MAX_QUICK_REPLIES = 13; // the most any widget channel renders (Messenger's limit)
  public static final int MAX_TITLE_CHARACTERS = 80;
  public static final int MAX_PAYLOAD_CHARACTERS = 1000;

  private final Writes writes;

  public BotMessageEndpoint(Writes writes) {
    this.writes = writes;
  }

  @Override
  public void handle(Context ctx) {
    ConversationKey key = Access.conversation(ctx, Access.Need.BOT);
    ObjectNode body = writes.body(ctx);
    Idempotency.Claim claim = writes.claim(ctx, key.tenant(), body);
    if (claim.replayed()) {
      return;
    }
    BotEvent event;
    try {
      FieldErrors errors = new FieldErrors();
      JsonFields f = new JsonFields(body, "", errors);
      String sent = f.requiredString("text");
      String text = sent.strip();
      if (sent.codePointCount(0, sent.length()) > MAX_TEXT_CHARACTERS) {
        errors.add("text", "'text' must be at most " + MAX_TEXT_CHARACTERS + " characters");
      }
      JsonNode raw = f.raw("quickReplies");
      List<QuickReply> replies;
      if (raw != null && raw.isArray() && raw.size() > MAX_QUICK_REPLIES) {
        errors.add("quickReplies", "'quickReplies' may hold at most " + MAX_QUICK_REPLIES + " buttons");
        replies = List.of();
      } else {
        replies = f.objects("quickReplies", BotMessageEndpoint::quickReply);
      }
      List<Attachment> attachments = Attachments.parse(f, "attachments");
      errors.throwIfAny();
      event = BotEvent.newBuilder().setEventId(claim.eventId(key))
          .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setTenant(key.tenant())
          .setConversationId(key.conversationId())
          .setBody(BotMessage.newBuilder().setText(text).setQuickReplies(replies).setAttachments(attachments).build())
          .build();
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
    writes.publishInput(ctx, claim, key, event, "bot message " + event.getEventId(), () -> {
      ObjectNode answer = Json.object();
      answer.put("eventId", event.getEventId());
      answer.put("conversationId", key.conversationId());
      return answer;
    });
  }

  private static QuickReply quickReply(JsonFields q) {
    String title = q.requiredString("title");
    if (title.codePointCount(0, title.length()) > MAX_TITLE_CHARACTERS) {
      q.errors().add(q.path("title"), "'" + q.path("title") + "' must be at most " + MAX_TITLE_CHARACTERS
          + " characters");
    }
    String payload = q.optionalString("payload");
    if (payload == null) {
      payload = title; // a button without a payload answers with its title, as in most bot frameworks
    }
    if (payload.codePointCount(0, payload.length()) > MAX_PAYLOAD_CHARACTERS) {
      q.errors().add(q.path("payload"), "'" + q.path("payload") + "' must be at most " + MAX_PAYLOAD_CHARACTERS
          + " characters");
    }
    return new QuickReply(title, payload);
  }
}
