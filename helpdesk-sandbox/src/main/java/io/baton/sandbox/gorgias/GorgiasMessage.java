package io.baton.sandbox.gorgias;

import java.time.Instant;
import java.util.List;

/**
 * One ticket message as stored: incoming ({@code from_agent:false}, sent by a customer), outgoing (by a user) or an
 * internal note ({@code channel:"internal-note"}, {@code public:false}, never sent to the customer).
 *
 * @param senderId        a customer's id when {@code fromAgent} is false, else a user's
 * @param receiverId      the customer it goes to (outgoing), or null
 * @param sentDatetime    when it was sent: given by the caller for an imported message (never sent again), set by
 *                        Gorgias when it sends one itself
 * @param sentByGorgias   whether Gorgias sent it (the caller left {@code sent_datetime} empty)
 */
public record GorgiasMessage(long id, long ticketId, String channel, String via, boolean fromAgent, boolean isPublic,
    long senderId, Long receiverId, String subject, String bodyText, String bodyHtml, List<Attachment> attachments,
    String externalId, Instant createdDatetime, Instant sentDatetime, boolean sentByGorgias) {

  public static final String INTERNAL_NOTE = "internal-note";

  /** A file by its URL. */
  public record Attachment(String url, String name, String contentType, Long size) {}

  public GorgiasMessage {
    attachments = List.copyOf(attachments);
  }

  public boolean internalNote() {
    return INTERNAL_NOTE.equals(channel);
  }
}
