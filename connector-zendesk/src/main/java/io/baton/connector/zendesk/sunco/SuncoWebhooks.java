package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.SharedSecretHeader;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The integration's webhook, {@code POST /webhooks/sunco/<connection>}: SunCo proves itself with the webhook's
 * secret in {@code X-API-Key} (no HMAC; compared in constant time with the secret activation learned), and batches
 * events, each with its own id, into one delivery {@code {app, webhook, events[]}}. An event is routed by
 * {@code <connection>/<conversation id>} ({@link #ref}); a delivery for another app than the connection's is refused.
 *
 * <p>The secret has no timestamp to sign, but SunCo gives up on a delivery after 5 tries within 15 minutes: a
 * delivery holding an event created longer ago than {@link #REPLAY_WINDOW} cannot be SunCo's and is refused as a
 * replay; within the window the event id makes a replay harmless.
 */
public final class SuncoWebhooks implements WebhookSource {
  public static final String NAME = "sunco";
  /** Where activation leaves the webhook's secret and the app id among the connection's secrets. */
  static final String SECRET = "sunco.webhookSecret";
  static final String APP = "sunco.appId";

  /** SunCo's 15 minutes of retries, plus the 20 s a try may take and some clock skew. */
  public static final Duration REPLAY_WINDOW = Duration.ofMinutes(20);

  private final SharedSecretHeader apiKey = new SharedSecretHeader("X-API-Key", "", SECRET);
  private final Clock clock;

  public SuncoWebhooks(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** How events about a SunCo conversation find their Baton conversation ({@code PlatformRefs}). */
  public static String ref(String connection, String suncoConversationId) {
    return connection + "/" + suncoConversationId;
  }

  /** The connection of a ref. */
  static String connectionOf(String ref) {
    return ref.substring(0, ref.lastIndexOf('/'));
  }

  @Override
  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    if (!apiKey.verify(request, secrets)) {
      return false;
    }
    String app = secrets.get(APP);
    JsonNode body = read(request);
    return app != null && body != null && MessageDigest.isEqual(app.getBytes(StandardCharsets.UTF_8),
        body.path("app").path("id").asText("").getBytes(StandardCharsets.UTF_8)) && fresh(body.path("events"));
  }

  /** Every event created within the replay window (either side of now: clocks drift). */
  private boolean fresh(JsonNode events) {
    Instant now = clock.instant();
    for (JsonNode event : events) {
      try {
        Instant created = Instant.parse(event.path("createdAt").asText(""));
        if (Duration.between(created, now).abs().compareTo(REPLAY_WINDOW) > 0) {
          return false;
        }
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<WebhookEvent> events(WebhookRequest request) {
    JsonNode body = read(request);
    if (body == null || !body.path("events").isArray()) {
      throw new IllegalArgumentException("not a SunCo webhook delivery (no events)");
    }
    List<WebhookEvent> events = new ArrayList<>();
    for (JsonNode event : body.path("events")) {
      String id = event.path("id").asText("");
      if (id.isEmpty()) {
        throw new IllegalArgumentException("an event without an id");
      }
      String conversation = event.path("payload").path("conversation").path("id").asText("");
      String ref = conversation.isEmpty() ? null : ref(request.path(), conversation);
      try {
        // One SunCo event reaches every webhook subscribed to it (two integrations of the app, two connections): its
        // id is only unique within the connection.
        events.add(new WebhookEvent(request.path() + "/" + id, ref, SuncoClient.JSON.writeValueAsBytes(event)));
      } catch (IOException e) {
        throw new IllegalArgumentException("unreadable event " + id);
      }
    }
    return events;
  }

  private static JsonNode read(WebhookRequest request) {
    try {
      return SuncoClient.JSON.readTree(request.body());
    } catch (IOException e) {
      return null;
    }
  }
}
