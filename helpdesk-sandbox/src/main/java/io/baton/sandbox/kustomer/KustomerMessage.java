package io.baton.sandbox.kustomer;

import java.time.Instant;
import java.util.List;

/**
 * One chat message of a conversation.
 *
 * @param direction {@code in} (the customer's) or {@code out} (an org user's)
 * @param createdBy the org user who sent an outbound message; null for the customer's
 * @param auto      an automated (AI/bot) outbound message
 * @param imported  part of a handoff's transcript (stored, never delivered as new)
 */
public record KustomerMessage(String id, String conversationId, String customerId, String direction, String body,
    List<Attachment> attachments, String createdBy, boolean auto, String externalId, Instant sentAt,
    Instant createdAt, boolean imported) {

  /** A file sent with a message; {@code contentLength} null when the sender did not give it. */
  public record Attachment(String url, String name, String contentType, Long contentLength) {}

  public KustomerMessage {
    attachments = List.copyOf(attachments);
  }

  public boolean inbound() {
    return "in".equals(direction);
  }

  /** The first 100 characters of the body, as Kustomer's {@code preview}. */
  public String preview() {
    String text = body == null ? "" : body;
    return text.length() <= 100 ? text : text.substring(0, 100);
  }
}
