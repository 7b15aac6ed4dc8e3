package io.baton.ingress.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.ConversationEvent;
import io.baton.events.DeliveryFailed;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.InputRejected;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.ingress.http.Json;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a widget sees of a conversation event: the SSE event type, and one line of JSON with the envelope
 * ({@code sequence, eventId, occurredAt, type, controller, status, platform, causationId}) followed by the body's
 * fields under their Avro names, and a visitor message's {@code context} when it carried one. Bodies not listed here (visitor typing and read receipts, or body kinds added to the
 * schema later) are not shown to visitors.
 */
public final class WidgetEventJson {
  private static final Map<Class<?>, String> TYPES = Map.ofEntries(
      Map.entry(VisitorMessage.class, "visitor.message"),
      Map.entry(VisitorLeft.class, "visitor.left"),
      Map.entry(BotMessage.class, "bot.message"),
      Map.entry(HandoverStarted.class, "handover.started"),
      Map.entry(HandoverRejected.class, "handover.rejected"),
      Map.entry(ChatQueued.class, "chat.queued"),
      Map.entry(AgentJoined.class, "agent.joined"),
      Map.entry(AgentMessage.class, "agent.message"),
      Map.entry(AgentTyping.class, "agent.typing"),
      Map.entry(ChatTransferred.class, "chat.transferred"),
      Map.entry(AgentLeft.class, "agent.left"),
      Map.entry(ChatEnded.class, "chat.ended"),
      Map.entry(HandoverFailed.class, "handover.failed"),
      Map.entry(DeliveryFailed.class, "delivery.failed"),
      Map.entry(ControlReturnedToBot.class, "control.returned"));
  /** Events only bots get (by webhook): decisions the router made about their input, not for the visitor's eyes. */
  private static final Map<Class<?>, String> BOT_ONLY_TYPES = Map.of(InputRejected.class, "input.rejected");
  /** Envelope members a body field must not replace (a body's own {@code platform} may fill a null one). */
  private static final Set<String> ENVELOPE =
      Set.of("sequence", "eventId", "occurredAt", "type", "controller", "status", "causationId");

  private WidgetEventJson() {}

  /** The SSE event type, or empty when the visitor should not see this event. */
  public static Optional<String> type(ConversationEvent event) {
    return Optional.ofNullable(event.getBody() == null ? null : TYPES.get(event.getBody().getClass()));
  }

  /** The event type a bot sees: every widget event, plus the bot-only ones; empty when bots do not get it either. */
  public static Optional<String> botType(ConversationEvent event) {
    return type(event).or(() -> Optional.ofNullable(event.getBody() == null ? null
        : BOT_ONLY_TYPES.get(event.getBody().getClass())));
  }

  public static ObjectNode data(ConversationEvent event) {
    String type = botType(event).orElseThrow(() -> new IllegalArgumentException("not a widget event: "
        + (event.getBody() == null ? "no body" : event.getBody().getClass().getSimpleName())));
    ObjectNode data = Json.object();
    data.put("sequence", event.getSequence());
    data.put("eventId", event.getEventId());
    data.put("occurredAt", event.getOccurredAt().toString());
    data.put("type", type);
    data.put("controller", event.getController().name());
    data.put("status", event.getStatus().name());
    data.put("platform", event.getPlatform() == null ? null : event.getPlatform().name());
    // lets a widget replace the message it showed while sending with the one the router recorded (202's eventId)
    data.put("causationId", event.getCausationId());
    SpecificRecord body = (SpecificRecord) event.getBody();
    for (Schema.Field field : body.getSchema().getFields()) {
      JsonNode value = toJson(body.get(field.pos()));
      if (ENVELOPE.contains(field.name()) || (data.has(field.name()) && !data.get(field.name()).isNull()
          && value.isNull())) {
        continue;
      }
      data.set(field.name(), value);
    }
    if (event.getContext() != null) {
      // what the visitor's message carried: a channel's variables (channel_visitor_phone, ...) for the bot
      data.set("context", toJson(event.getContext()));
    }
    return data;
  }

  /** One SSE message: {@code id}, {@code event} and a single {@code data} line; empty when not visitor-visible. */
  public static Optional<String> frame(ConversationEvent event) {
    return type(event).map(type -> "id: " + event.getSequence() + "\nevent: " + type + "\ndata: "
        + Json.write(data(event)) + "\n\n");
  }

  /** Avro values as JSON: records as objects, enums by name, timestamps as ISO-8601. */
  static JsonNode toJson(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    }
    if (value instanceof CharSequence s) {
      return f.textNode(s.toString());
    }
    if (value instanceof Integer i) {
      return f.numberNode(i);
    }
    if (value instanceof Long l) {
      return f.numberNode(l);
    }
    if (value instanceof Double d) {
      return f.numberNode(d);
    }
    if (value instanceof Float x) {
      return f.numberNode(x);
    }
    if (value instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (value instanceof Enum<?> e) {
      return f.textNode(e.name());
    }
    if (value instanceof Instant t) {
      return f.textNode(t.toString());
    }
    if (value instanceof ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return f.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof SpecificRecord r) {
      ObjectNode o = f.objectNode();
      for (Schema.Field field : r.getSchema().getFields()) {
        o.set(field.name(), toJson(r.get(field.pos())));
      }
      return o;
    }
    if (value instanceof List<?> list) {
      ArrayNode a = f.arrayNode();
      list.forEach(item -> a.add(toJson(item)));
      return a;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode o = f.objectNode();
      map.forEach((k, v) -> o.set(k.toString(), toJson(v)));
      return o;
    }
    return f.textNode(value.toString());
  }
}
