package io.baton.ingress.handover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.visitor.VisitorContexts;
import io.baton.topics.ConversationKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a bot's Agent Handover payload into a HandoverRequested: the payload exactly as bot platforms send it
 * ({@code crmPlatform}, {@code connectionId} and the platform's fields), plus two members of Baton's own:
 * {@code context} (what is known of the visitor) and {@code transcript} (the bot phase, when the bot sends it).
 * Every error of the request is collected and reported at once as a 422.
 */
public final class HandoverRequests {
  /** Members that are Baton's, not the platform's: never searched for placeholders. */
  private static final Set<String> BATON_MEMBERS = Set.of("context", "transcript");
  /** Payload members whose string value is JSON text. */
  private static final Set<String> JSON_TEXT_MEMBERS = Set.of("sessionInformation");
  static final String KNOWN_PLATFORMS =
      Arrays.stream(Platform.values()).map(Platform::name).collect(Collectors.joining(", "));

  private HandoverRequests() {}

  /**
   * @param remembered the context this ingress remembers for the conversation, or null; the request's
   *     {@code context} is merged over it, and the result fills the placeholders and goes into the record
   */
  public static HandoverRequested parse(ConversationKey key, ObjectNode body, VisitorContext remembered,
      String eventId, Instant now) {
    FieldErrors errors = new FieldErrors();
    JsonFields fields = new JsonFields(body, "", errors);
    VisitorContext context = VisitorContexts.merge(remembered, VisitorContexts.parse(fields, "context"));
    List<TranscriptEntry> transcript = transcript(fields);

    ObjectNode payload = body.deepCopy();
    payload.remove(BATON_MEMBERS);
    Placeholders.fill(payload, context, JSON_TEXT_MEMBERS, errors);
    JsonFields payloadFields = new JsonFields(payload, "", errors);
    Platform platform = platform(payloadFields);
    String connectionId = payloadFields.optionalString("connectionId");
    if (connectionId != null && connectionId.isBlank()) {
      errors.add("connectionId", "'connectionId' must not be empty; leave it out to use the tenant's default");
    }
    SpecificRecord typed = platform == null ? null : PlatformPayloads.read(platform, payloadFields);
    errors.throwIfAny();

    return HandoverRequested.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(now.truncatedTo(ChronoUnit.MILLIS))
        .setTenant(key.tenant())
        .setConversationId(key.conversationId())
        .setPlatform(platform)
        .setConnectionId(connectionId)
        .setPayload(typed)
        .setContext(context)
        .setTranscript(transcript)
        .build();
  }

  private static Platform platform(JsonFields f) {
    JsonNode raw = f.raw("crmPlatform");
    if (raw == null) {
      f.errors().add("crmPlatform", "'crmPlatform' is required; known platforms: " + KNOWN_PLATFORMS);
      return null;
    }
    if (raw.isTextual() && raw.textValue().equalsIgnoreCase("sunco")) {
      return Platform.zendesk_sunco; // the handover seed's name for Sunshine Conversations
    }
    if (raw.isTextual()) {
      for (Platform p : Platform.values()) {
        if (p.name().equals(raw.textValue())) {
          return p;
        }
      }
    }
    f.errors().add("crmPlatform", "'crmPlatform' must be one of " + KNOWN_PLATFORMS + ", got "
        + (raw.isTextual() ? "'" + raw.textValue() + "'" : JsonFields.describe(raw)));
    return null;
  }

  /** Null when absent: the router then uses its own record of the conversation. */
  static List<TranscriptEntry> transcript(JsonFields f) {
    if (!f.has("transcript")) {
      return null;
    }
    return f.objects("transcript", e -> TranscriptEntry.newBuilder()
        .setRole(role(e))
        .setText(e.presentString("text"))
        .setAt(at(e))
        .build());
  }

  private static TranscriptRole role(JsonFields e) {
    String role = e.requiredString("role");
    for (TranscriptRole r : TranscriptRole.values()) {
      if (r.name().equals(role)) {
        return r;
      }
    }
    if (!role.isEmpty()) {
      e.errors().add(e.path("role"), "'" + e.path("role") + "' must be one of visitor, bot, agent, system, got '"
          + role + "'");
    }
    return TranscriptRole.system;
  }

  private static Instant at(JsonFields e) {
    String at = e.requiredString("at");
    if (at.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      OffsetDateTime parsed = OffsetDateTime.parse(at);
      // RFC 3339's four-digit years (the document's date-time); a year like +999999999 has no epoch millisecond
      if (parsed.getYear() >= 0 && parsed.getYear() <= 9999) {
        return parsed.toInstant().truncatedTo(ChronoUnit.MILLIS);
      }
    } catch (DateTimeParseException ex) {
      // said below
    }
    e.errors().add(e.path("at"), "'" + e.path("at")
        + "' must be an ISO-8601 timestamp with an offset, e.g. 2025-05-01T10:15:30Z, got '" + at + "'");
    return Instant.EPOCH;
  }
}
