package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.channel.VisitorEvents;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.events.Attachment;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorTyping;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SunCo as the visitor's channel, inbound: a webhook event about a conversation with no live handover (no chat filed
 * under it) is the visitor talking to the bot when the connection's integration is in control (or nobody is: the
 * switchboard's default takes the next message). A user's message becomes a {@link VisitorEvent} of Baton
 * conversation {@code sunco-<id>}, tenant the connection's, with the name and email of the full user; their typing
 * too. The event id derives from the SunCo message (or event) id, so a redelivery is one event.
 */
final class SuncoVisitors {
  private static final Logger log = LoggerFactory.getLogger(SuncoVisitors.class);

  private final PlatformConnections connections;
  private final VisitorEvents visitorEvents;

  SuncoVisitors(PlatformConnections connections, VisitorEvents visitorEvents) {
    this.connections = connections;
    this.visitorEvents = visitorEvents;
  }

  /** Completes once what the event means is on Kafka (nothing for events that are not the visitor's). */
  CompletionStage<Void> unrouted(WebhookEvent event) {
    String connection = SuncoWebhooks.connectionOf(event.ref());
    JsonNode e;
    try {
      e = SuncoClient.JSON.readTree(event.payload());
    } catch (IOException x) {
      return CompletableFuture.completedFuture(null);
    }
    JsonNode payload = e.path("payload");
    JsonNode conversation = payload.path("conversation");
    String integration = connections.settings(connection).get("integrationId");
    JsonNode active = conversation.path("activeSwitchboardIntegration");
    boolean ours = active.isMissingNode() || active.isNull()
        || integration != null && integration.equals(active.path("integrationId").asText());
    String tenant = connections.tenant(connection).orElse(null);
    if (!ours || tenant == null) {
      return CompletableFuture.completedFuture(null);
    }
    String type = e.path("type").asText();
    JsonNode author = type.equals("conversation:message") ? payload.path("message").path("author")
        : payload.path("activity").path("author");
    if (!"user".equals(author.path("type").asText())) {
      return CompletableFuture.completedFuture(null);
    }
    SpecificRecord body;
    String seed;
    Instant at = instant(e.path("createdAt").asText(null));
    if (type.equals("conversation:message")) {
      JsonNode message = payload.path("message");
      if (SuncoMessages.ours(message)) {
        return CompletableFuture.completedFuture(null); // a transcript line Baton posted as the user
      }
      body = message(message.path("content"));
      seed = message.path("id").asText(event.eventId());
      at = instant(message.path("received").asText(null));
    } else if (type.equals("conversation:typing")) {
      String activity = payload.path("activity").path("type").asText();
      if (!activity.startsWith("typing:")) {
        return CompletableFuture.completedFuture(null);
      }
      body = new VisitorTyping(activity.equals("typing:start"));
      seed = "typing-" + event.eventId();
    } else {
      return CompletableFuture.completedFuture(null);
    }
    if (body == null) {
      return CompletableFuture.completedFuture(null);
    }
    VisitorEvent visitor = VisitorEvent.newBuilder().setEventId(visitorEvents.eventId(seed))
        .setOccurredAt(at).setTenant(tenant)
        .setConversationId(SuncoConversationIds.of(conversation.path("id").asText()))
        .setContext(context(author)).setBody(body).build();
    log.debug("SunCo conversation {}: the visitor's {}", conversation.path("id").asText(), type);
    return visitorEvents.publish(visitor, connection);
  }

  private static VisitorMessage message(JsonNode content) {
    String type = content.path("type").asText();
    List<Attachment> attachments = new ArrayList<>();
    if (type.equals("image") || type.equals("file")) {
      String url = content.path("mediaUrl").asText();
      attachments.add(new Attachment(url, content.path("altText").asText(url.substring(url.lastIndexOf('/') + 1)),
          content.path("mediaType").asText("application/octet-stream"), content.path("mediaSize").asLong(0)));
    } else if (!type.equals("text")) {
      return null;
    }
    // A tapped quick reply carries its payload: that is what the bot matches on.
    String text = content.path("payload").isTextual() ? content.path("payload").asText()
        : content.path("text").asText("");
    return new VisitorMessage(text, attachments);
  }

  private static VisitorContext context(JsonNode author) {
    JsonNode profile = author.path("user").path("profile");
    String given = profile.path("givenName").asText("");
    String surname = profile.path("surname").asText("");
    String name = (given + " " + surname).trim();
    if (name.isEmpty()) {
      name = author.path("displayName").asText("");
    }
    String email = profile.path("email").asText("");
    return VisitorContext.newBuilder().setName(name.isEmpty() ? null : name).setEmail(email.isEmpty() ? null : email)
        .build();
  }

  private static Instant instant(String text) {
    try {
      return text == null ? Instant.now() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.now();
    }
  }
}
