package io.baton.sandbox.dixa;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one simulated Dixa conversation (what the agent view shows).
 *
 * @param status   {@code open}, {@code pending}, {@code closed} or {@code abandoned}
 * @param queueId  the queue it waits in, null before a transfer
 * @param assignee the agent's name, null while unassigned
 */
public record DixaConversation(long id, String requesterId, String channel, String externalId, String status,
    String queueId, String assignee, List<String> tags, List<Message> messages, Instant createdAt) {

  /** @param direction {@code inbound} (from the end user) or {@code outbound} (from an agent or the bot) */
  public record Message(String messageId, String direction, String authorId, String text, List<String> attachmentUrls,
      Instant createdAt) {}
}
