package io.baton.connector.chats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one write of a chat puts on Kafka: agent events (each with the seed of its deterministic id) and, maybe, the
 * chat's link, which is sent only once the events are acknowledged. Built when the chat's previous write finished,
 * from the state then.
 */
public final class ChatWrite {
  /** An agent event: {@code seed} names it within the handover (a platform event id, {@code "queued"}, ...). */
  public record Event(String seed, SpecificRecord body) {}

  final List<Event> events = new ArrayList<>();
  boolean link;
  Map<String, String> linkState;

  private ChatWrite() {}

  public static ChatWrite event(String seed, SpecificRecord body) {
    return new ChatWrite().and(seed, body);
  }

  public static ChatWrite events(List<Event> events) {
    ChatWrite w = new ChatWrite();
    w.events.addAll(events);
    return w;
  }

  /** Only the link, with the chat's current state. */
  public static ChatWrite link() {
    return new ChatWrite().withLink();
  }

  public ChatWrite and(String seed, SpecificRecord body) {
    events.add(new Event(seed, body));
    return this;
  }

  /** The link goes with the events, encoded from the chat's state when written. */
  public ChatWrite withLink() {
    link = true;
    return this;
  }

  /**
   * The link goes with the events, with this encoded state rather than the chat's current one: the state as it will
   * be once the write is acknowledged (a poll cursor the chat only moves to afterwards).
   */
  public ChatWrite withLink(Map<String, String> encodedState) {
    link = true;
    linkState = encodedState;
    return this;
  }
}
