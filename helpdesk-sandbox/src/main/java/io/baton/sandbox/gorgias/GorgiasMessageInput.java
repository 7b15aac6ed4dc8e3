package io.baton.sandbox.gorgias;

import static io.baton.sandbox.gorgias.GorgiasRequests.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A message object of {@code POST /tickets} ({@code messages[]}) or {@code POST /tickets/{id}/messages}, checked as
 * far as it can be without the account: {@code channel} and {@code from_agent} required, {@code channel} and
 * {@code via} from Gorgias' lists, {@code sender}/{@code receiver} as {@code {id}} and/or {@code {email}}, a body or
 * an attachment, dates ISO 8601, no unknown field.
 *
 * @param sender   the sender reference, or null (then the API user for an agent's message; required otherwise)
 * @param receiver the receiver reference, or null
 */
record GorgiasMessageInput(String channel, String via, boolean fromAgent, Ref sender, Ref receiver, String subject,
    String bodyText, String bodyHtml, List<GorgiasMessage.Attachment> attachments, String externalId,
    Instant sentDatetime, Instant createdDatetime) {

  /** A reference to a customer or a user: by id, by email, or both (the id wins). */
  record Ref(Long id, String email, String name) {}

  /** Gorgias' legacy channel slugs. */
  static final Set<String> CHANNELS = Set.of("aircall", "amazon", "api", "chat", "contact_form", "email", "facebook",
      "facebook-mention", "facebook-messenger", "facebook-recommendations", "help-center", "instagram-ad-comment",
      "instagram-comment", "instagram-direct-message", "instagram-mention", "internal-note", "phone", "sms", "twitter",
      "twitter-direct-message", "whatsapp", "yotpo-review");
  /** How a message was received or sent. */
  static final Set<String> VIAS = Set.of("aircall", "api", "chat", "contact_form", "email", "facebook",
      "facebook-messenger", "form", "gorgias_chat", "help-center", "helpdesk", "instagram", "internal-note", "phone",
      "rule", "self_service", "shopify", "sms", "twilio", "twitter", "whatsapp", "yotpo", "zendesk");
  private static final Set<String> FIELDS = Set.of("channel", "via", "from_agent", "sender", "receiver", "source",
      "subject", "body_text", "body_html", "stripped_text", "attachments", "external_id", "message_id",
      "sent_datetime", "created_datetime", "integration_id", "meta", "headers", "actions", "macros", "mention_ids");
  private static final Set<String> REF_FIELDS = Set.of("id", "email", "name", "firstname", "lastname");
  private static final Set<String> ATTACHMENT_FIELDS = Set.of("url", "name", "content_type", "size", "public",
      "extra");

  GorgiasMessageInput {
    attachments = List.copyOf(attachments);
  }

  boolean internalNote() {
    return GorgiasMessage.INTERNAL_NOTE.equals(channel);
  }

  /** Reads one message object; {@code prefix} names it in errors ({@code messages.0}, or empty). */
  static GorgiasMessageInput read(JsonNode m, String prefix) {
    if (!m.isObject()) {
      throw GorgiasError.invalid(prefix.isEmpty() ? "_schema" : prefix, "Not a valid message object.");
    }
    GorgiasRequests.only(m, prefix, FIELDS);
    String channel = GorgiasRequests.choice(m, prefix, "channel", CHANNELS);
    if (channel == null) {
      throw GorgiasError.invalid(path(prefix, "channel"), "Missing data for required field.");
    }
    String via = GorgiasRequests.choice(m, prefix, "via", VIAS);
    boolean fromAgent = GorgiasRequests.requiredFlag(m, prefix, "from_agent");
    Ref sender = ref(m, prefix, "sender");
    Ref receiver = ref(m, prefix, "receiver");
    if (!fromAgent && sender == null) {
      throw GorgiasError.invalid(path(prefix, "sender"), "An incoming message needs a sender (a customer).");
    }
    if (!fromAgent && receiver != null) {
      throw GorgiasError.invalid(path(prefix, "receiver"), "An incoming message has no receiver.");
    }
    if (GorgiasMessage.INTERNAL_NOTE.equals(channel) && !fromAgent) {
      throw GorgiasError.invalid(path(prefix, "from_agent"), "An internal note is always from an agent.");
    }
    List<GorgiasMessage.Attachment> attachments = attachments(m, prefix);
    String text = GorgiasRequests.text(m, prefix, "body_text");
    String html = GorgiasRequests.text(m, prefix, "body_html");
    if (blank(text) && blank(html) && attachments.isEmpty()) {
      throw GorgiasError.invalid(path(prefix, "body_text"), "A message needs a body_text, a body_html or an "
          + "attachment.");
    }
    return new GorgiasMessageInput(channel, via, fromAgent, sender, receiver,
        GorgiasRequests.text(m, prefix, "subject", 998), text, html, attachments,
        GorgiasRequests.text(m, prefix, "external_id", 255), GorgiasRequests.datetime(m, prefix, "sent_datetime"),
        GorgiasRequests.datetime(m, prefix, "created_datetime"));
  }

  /** {@code {id}} and/or {@code {email}}; null when absent. */
  static Ref ref(JsonNode body, String prefix, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    String at = path(prefix, field);
    if (!v.isObject()) {
      throw GorgiasError.invalid(at, "Not a valid object: give {\"id\"} or {\"email\"}.");
    }
    GorgiasRequests.only(v, at, REF_FIELDS);
    Long id = GorgiasRequests.id(v, at, "id");
    String email = GorgiasRequests.text(v, at, "email");
    if (email != null && !email.trim().matches(GorgiasCustomers.EMAIL)) {
      throw GorgiasError.invalid(path(at, "email"), "Not a valid email address.");
    }
    if (id == null && email == null) {
      throw GorgiasError.invalid(at, "Give an id or an email.");
    }
    return new Ref(id, email == null ? null : email.trim(), GorgiasRequests.text(v, at, "name"));
  }

  private static List<GorgiasMessage.Attachment> attachments(JsonNode m, String prefix) {
    JsonNode v = m.path("attachments");
    if (v.isMissingNode() || v.isNull()) {
      return List.of();
    }
    String at = path(prefix, "attachments");
    if (!v.isArray()) {
      throw GorgiasError.invalid(at, "Not a valid list.");
    }
    List<GorgiasMessage.Attachment> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode a = v.get(i);
      String ap = at + "." + i;
      if (!a.isObject()) {
        throw GorgiasError.invalid(ap, "Not a valid attachment object.");
      }
      GorgiasRequests.only(a, ap, ATTACHMENT_FIELDS);
      String url = GorgiasRequests.requiredText(a, ap, "url");
      if (!url.matches("https?://\\S+")) {
        throw GorgiasError.invalid(path(ap, "url"), "Not a valid URL.");
      }
      JsonNode size = a.path("size");
      out.add(new GorgiasMessage.Attachment(url, GorgiasRequests.text(a, ap, "name"),
          GorgiasRequests.text(a, ap, "content_type"), size.isIntegralNumber() ? size.asLong() : null));
    }
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
