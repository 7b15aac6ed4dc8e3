package io.baton.connector.chats;

import io.baton.connector.AgentEvents;
import io.baton.connector.PlatformLinks;
import io.baton.events.ChatEnded;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a conversation whose link cannot be read: its handover ends with the reason ({@code ChatEnded} by
 * {@code failure}), its link is replaced by an ended one, and the unreadable link is a dead letter. Only that
 * conversation is affected. A link whose bytes are not even a link is known by its key only, so its conversation
 * ends when its next command says which handover it belongs to.
 */
final class UnreadableLinks {
  private static final Logger log = LoggerFactory.getLogger(UnreadableLinks.class);
  private static final String WHY = "the connector could not read its state of this chat: ";

  private final Platform platform;
  private final PlatformLinks links;
  /** Conversations known by key only, with the reason. */
  private final Map<String, String> pending = new ConcurrentHashMap<>();

  UnreadableLinks(Platform platform, PlatformLinks links) {
    this.platform = platform;
    this.links = links;
  }

  /** The link of {@code key} could not be read at all (its bytes are already a dead letter). */
  void remember(String key, String reason) {
    pending.put(key, reason);
    log.error("{} chat {}: its link cannot be read ({}); its next command ends the handover", platform, key, reason);
  }

  /** A new handover's start: whatever was unreadable of the old one does not matter any more. */
  void forget(String key) {
    pending.remove(key);
  }

  /** The reason, once, when the conversation's link was unreadable; else null. */
  String take(String key) {
    return pending.remove(key);
  }

  /** Ends the handover of {@code chat} (new, for the command's handover) and fails the command with the reason. */
  CompletionStage<Void> endOnCommand(Chat<?> chat, String reason) {
    chat.markEnded();
    log.error("{}: ended, its link could not be read: {}", chat, reason);
    return chat.write(() -> ChatWrite.event("unreadable", new ChatEnded(EndedBy.failure, WHY + reason))
        .withLink(Map.of()))
        .thenCompose(x -> CompletableFuture.failedFuture(new IllegalStateException(
            "the " + platform + " chat's link could not be read: " + reason)));
  }

  /** The state in a readable link does not decode: the chat ends now, with the link as a dead letter. */
  void endNow(Chat<?> chat, PlatformLink link, RuntimeException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    log.error("{}: its link cannot be read ({}); the handover ends", chat, reason);
    chat.markEnded();
    if (link.getEnded()) {
      return; // over anyway: nothing to tell anyone
    }
    var topic = Topics.connectorLinks(platform);
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.deadLetters(topic.name()).name(),
        chat.key().getBytes(StandardCharsets.UTF_8), topic.valueSerde().serializer().serialize(topic.name(), link));
    dead.headers().add("baton.error", reason.getBytes(StandardCharsets.UTF_8));
    // The end first, then (once acknowledged) the ended link and the dead letter: a crash in between ends it again
    // on the next start, with the same event id, which the router drops.
    chat.writeRaw(List.of(AgentEvents.record(chat.event("unreadable", new ChatEnded(EndedBy.failure, WHY + reason)))));
    chat.writeRaw(List.of(links.record(chat.toLink(Map.of())), dead)).exceptionally(x -> {
      log.error("{}: could not record the end of the unreadable chat: {}", chat, x.toString());
      return null;
    });
  }
}
