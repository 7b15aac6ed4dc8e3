package io.baton.connector.chat2desk.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.channel.VisitorEvents;
import io.baton.connector.chat2desk.Chat2DeskClient;
import io.baton.connector.chat2desk.Chat2DeskRefs;
import io.baton.connector.chat2desk.Chat2DeskSettings;
import io.baton.connector.chat2desk.Chat2DeskWebhooks;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.events.Attachment;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import java.io.IOException;
import java.net.URLConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat2Desk as the visitor's channel, inbound (the webhook events no live chat takes, {@link Chat2DeskRefs}). A
 * client's {@code inbox} message becomes a {@link VisitorEvent} of conversation {@code c2d-<connection>-<client>}
 * (tenant: the connection's) with the seed's channel variables, its text and files, when the dialog is the bot's: with
 * an {@code operatorId} setting only dialogs assigned to that operator, without it only the general queue's (no
 * operator). A client with a live Baton handover inside Chat2Desk (as the webhook found it on arrival,
 * {@link Chat2DeskWebhooks#HANDOVER_LIVE}) has every message logged, whoever holds the dialog.
 * Messages of the external channel Baton injects its widget visitors through are its own echo, and dropped. A
 * {@code close_dialog} becomes the seed's service message {@code c2d: dialog closed} when the connection's
 * {@code serviceMessages} is on (for a dialog of the bot, of a live handover, or any when the bot takes the general
 * queue). Event ids derive from Chat2Desk's ids, so a redelivery is one event.
 */
public final class Chat2DeskVisitors {
  public static final String DIALOG_CLOSED = "c2d: dialog closed";
  private static final Logger log = LoggerFactory.getLogger(Chat2DeskVisitors.class);

  private final PlatformConnections connections;
  private final VisitorEvents visitorEvents;

  public Chat2DeskVisitors(PlatformConnections connections, VisitorEvents visitorEvents) {
    this.connections = connections;
    this.visitorEvents = visitorEvents;
  }

  /** Completes once what the event means is on Kafka (nothing for events that are not the visitor's). */
  public CompletionStage<Void> unrouted(WebhookEvent event) {
    if (!Chat2DeskRefs.isChannel(event.ref())) {
      return CompletableFuture.completedFuture(null); // a handover's side, and no handover is live
    }
    String connection = Chat2DeskRefs.connectionOf(event.ref());
    String tenant = connections.tenant(connection).orElse(null);
    JsonNode e;
    Chat2DeskSettings settings;
    try {
      e = Chat2DeskClient.JSON.readTree(event.payload());
      settings = Chat2DeskSettings.of(connections.settings(connection));
    } catch (IOException | IllegalArgumentException x) {
      log.warn("Chat2Desk connection {}: event {} dropped: {}", connection, event.eventId(), x.getMessage());
      return CompletableFuture.completedFuture(null);
    }
    if (tenant == null) {
      return CompletableFuture.completedFuture(null); // a connection of the environment has no tenant: no channel
    }
    String client = Chat2DeskRefs.clientOf(event.ref());
    boolean live = e.path(Chat2DeskWebhooks.HANDOVER_LIVE).asBoolean(false);
    String operator = id(e.path("operator_id"));
    boolean bots = settings.operatorId() != null ? settings.operatorId().equals(operator) : operator == null;
    String hook = e.path("hook_type").asText();
    VisitorMessage body;
    if (hook.equals("inbox")) {
      boolean ownEcho = settings.externalChannelId() != null
          && settings.externalChannelId().equals(id(e.path("channel_id")));
      if (!"from_client".equals(e.path("type").asText("from_client")) || ownEcho || !(live || bots)) {
        return CompletableFuture.completedFuture(null);
      }
      body = new VisitorMessage(e.path("text").asText(""), attachments(e.path("attachments")));
    } else if (hook.equals("close_dialog")) {
      if (!settings.serviceMessages() || !(live || bots || settings.operatorId() == null)) {
        return CompletableFuture.completedFuture(null);
      }
      body = new VisitorMessage(DIALOG_CLOSED, List.of());
    } else {
      return CompletableFuture.completedFuture(null);
    }
    VisitorEvent visitor = VisitorEvent.newBuilder().setEventId(visitorEvents.eventId(event.eventId()))
        .setOccurredAt(instant(e.path("event_time").asText(null))).setTenant(tenant)
        .setConversationId(Chat2DeskConversations.of(connection, client)).setContext(context(e, client))
        .setBody(body).build();
    log.debug("Chat2Desk connection {}, client {}: the visitor's {}", connection, client, hook);
    return visitorEvents.publish(visitor, connection);
  }

  /** The seed's channel variables of the event; what Chat2Desk did not send is left out. */
  static VisitorContext context(JsonNode e, String client) {
    Map<String, String> attributes = new LinkedHashMap<>();
    put(attributes, "channel_message_id", id(e.path("message_id")));
    put(attributes, "channel_message_recipient", id(e.path("operator_id")));
    put(attributes, "channel_visitor_id", client);
    put(attributes, "channel_conversation_id", id(e.path("dialog_id")));
    String phone = text(e.path("client").path("phone"));
    String name = text(e.path("client").path("name"));
    put(attributes, "channel_visitor_phone", phone);
    put(attributes, "channel_visitor_firstname", name);
    put(attributes, "channel_chat_id", client + "|chat2desk");
    return VisitorContext.newBuilder().setName(name).setPhone(phone).setAttributes(attributes).build();
  }

  private static List<Attachment> attachments(JsonNode list) {
    List<Attachment> out = new ArrayList<>();
    for (JsonNode a : list) {
      String url = text(a.path("link"));
      if (url == null) {
        continue;
      }
      String name = text(a.path("name"));
      if (name == null) {
        String path = url.replaceAll("[?#].*", "");
        name = path.substring(path.lastIndexOf('/') + 1);
      }
      String type = URLConnection.guessContentTypeFromName(name);
      out.add(new Attachment(url, name, type == null ? "application/octet-stream" : type, 0L));
    }
    return out;
  }

  private static void put(Map<String, String> attributes, String name, String value) {
    if (value != null) {
      attributes.put(name, value);
    }
  }

  /** An id as Chat2Desk sends it (a number, sometimes a string); null, 0 and blank are none. */
  private static String id(JsonNode node) {
    String value = text(node);
    return value == null || value.equals("0") ? null : value;
  }

  private static String text(JsonNode node) {
    return (node.isNumber() || node.isTextual()) && !node.asText().isBlank() ? node.asText() : null;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? Instant.now() : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.now();
    }
  }
}
