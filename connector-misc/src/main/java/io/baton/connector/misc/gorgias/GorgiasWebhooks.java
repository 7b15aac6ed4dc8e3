package io.baton.connector.misc.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.SharedSecretHeader;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries of a connection's HTTP integration, {@code POST /webhooks/gorgias/<connection>}: the integration's
 * {@link #FORM} rendered by Gorgias with the ticket, one per request. Gorgias signs nothing, so the integration
 * carries the connection's secret in {@link #HEADER}, compared in constant time; without it: 401, nothing published.
 * Gorgias delivers a change as it happens, so a delivery whose ticket was last updated longer ago than the replay
 * window (past Gorgias's few retries [guess]) is refused as a replay; a replay inside it only makes the ticket be read.
 * The form names its connection, which must be the path's: another connection's delivery is refused too.
 *
 * <p>A delivery only says "look at this ticket" ({@link GorgiasAgentEvents} reads it): its id is the ticket's state it
 * describes (the last message, the status and the update time), so a redelivery is dropped while any change is not.
 */
final class GorgiasWebhooks implements WebhookSource {
  static final String NAME = "gorgias";
  static final String HEADER = "X-Baton-Secret";
  /** Where activation leaves the webhook secret among what the connection's deliveries are checked with. */
  static final String SECRET = "gorgias.webhookSecret";
  /** The form's entry naming the connection (a constant, not a template): a delivery is for its path's connection. */
  static final String CONNECTION = "connection";

  private final SharedSecretHeader secret = new SharedSecretHeader(HEADER, "", SECRET);
  private final Duration replayWindow;
  private final Clock clock;

  GorgiasWebhooks(Duration replayWindow, Clock clock) {
    this.replayWindow = replayWindow;
    this.clock = clock;
  }

  /** The body Gorgias renders for every delivery of the connection's integration (Gorgias's template variables). */
  static Map<String, String> form(String connection) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put(CONNECTION, connection);
    form.put("ticket_id", "{{ticket.id}}");
    form.put("ticket_status", "{{ticket.status}}");
    form.put("ticket_updated_datetime", "{{ticket.updated_datetime}}");
    form.put("message_id", "{{ticket.messages[-1].id}}");
    form.put("message_from_agent", "{{ticket.messages[-1].from_agent}}");
    form.put("message_created_datetime", "{{ticket.messages[-1].created_datetime}}");
    return Map.copyOf(form);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    if (!secret.verify(request, secrets)) {
      return false;
    }
    try {
      JsonNode form = GorgiasClient.JSON.readTree(request.body());
      if (!request.path().equals(text(form.path(CONNECTION)))) {
        return false; // a delivery of another connection's integration, copied here with this one's secret
      }
      Instant at = instant(text(form.path("ticket_updated_datetime")));
      return at != null && Duration.between(at, clock.instant()).abs().compareTo(replayWindow) <= 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Gorgias's datetimes: ISO 8601, with an offset or without one (then UTC, as Gorgias writes them); else null. */
  static Instant instant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  @Override
  public List<WebhookEvent> events(WebhookRequest request) {
    JsonNode form;
    try {
      form = GorgiasClient.JSON.readTree(request.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    String ticket = form == null ? "" : text(form.path("ticket_id"));
    if (!ticket.matches("[0-9]+")) {
      throw new IllegalArgumentException("a delivery without a ticket id");
    }
    String id = request.path() + "/" + ticket + "/" + text(form.path("message_id")) + "/"
        + text(form.path("ticket_status")) + "/" + text(form.path("ticket_updated_datetime"));
    return List.of(new WebhookEvent(id, GorgiasChat.ref(request.path(), ticket), request.body()));
  }

  /** A rendered value: Gorgias renders every variable as text (a number may come as one). */
  static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "" : node.asText("").trim();
  }
}
