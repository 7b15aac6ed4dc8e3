package io.baton.connector.chats;

import io.baton.trace.TraceParent;

import io.baton.connector.CrashPoints;
import io.baton.connector.PlatformLinks;
import io.baton.events.AgentEvent;
import io.baton.events.ChatEnded;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.PlatformLink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One live chat of a handover, as the runtime keeps it: who it belongs to, the platform's state {@code S}, whether it
 * ended (or we are ending it), the last command the platform accepted, and its writes. A chat's writes go to Kafka
 * one after another, each built from the state when the previous one finished, so a link never carries older state
 * than one already written, and events keep their order. Within one write the agent events go first and the link
 * only once Kafka acknowledged them (no transaction): a crash in between leaves the events without the link that
 * records them, so the platform read is repeated from the older link and yields the same event ids, which the
 * router drops.
 */
public final class Chat<S> {
  /** Platform event ids remembered per chat (in its link): a redelivery within this window is dropped. */
  static final int SEEN_EVENTS = 64;
  static final String VERSION_KEY = "baton.v";
  static final String SEEN_KEY = "baton.seen";
  static final String REFS_KEY = "baton.refs";
  /** The trace of the command that opened or last touched the chat: its agent events carry it, also after a resume. */
  static final String TRACE_KEY = "baton.trace";
  /** The sequence of the last command the platform accepted ({@link PlatformLinks#LAST_COMMAND}). */
  static final String LAST_COMMAND_KEY = PlatformLinks.LAST_COMMAND;

  private final Chats<S> chats;
  private final String tenant;
  private final String conversationId;
  private final String handoverId;
  private final String connectionId;
  private volatile S state;
  private volatile boolean ended;
  private volatile boolean ending;
  private volatile boolean released;
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();
  /** The platform's references filed for this chat ({@link #ref}); withdrawn when it ends. */
  private final LinkedHashSet<String> refs = new LinkedHashSet<>();
  private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
  /** The last command sequence the platform accepted, and the one a link on Kafka records. */
  private volatile long lastCommand;
  private volatile long commandInLink;
  private volatile TraceParent trace;
  boolean listening;

  Chat(Chats<S> chats, String tenant, String conversationId, String handoverId, String connectionId) {
    this.chats = chats;
    this.tenant = tenant;
    this.conversationId = conversationId;
    this.handoverId = handoverId;
    this.connectionId = connectionId;
  }

  public String tenant() {
    return tenant;
  }

  public String conversationId() {
    return conversationId;
  }

  /** {@code <tenant>/<conversationId>}: the key of every record of the conversation. */
  public String key() {
    return tenant + "/" + conversationId;
  }

  /** The trace of the command that opened or last touched the chat, or null. */
  public TraceParent trace() {
    return trace;
  }

  void trace(TraceParent trace) {
    if (trace != null) {
      this.trace = trace;
    }
  }

  public String handoverId() {
    return handoverId;
  }

  /** The connection of the handover (its credentials and rate limit); null when it named none. */
  public String connectionId() {
    return connectionId;
  }

  /** The platform's state; null until {@link ChatPlatform#open} set it. */
  public S state() {
    return state;
  }

  public void state(S state) {
    this.state = state;
  }

  /** The chat is over (at the platform, or for us): nothing more is relayed. */
  public boolean ended() {
    return ended;
  }

  /** We are closing it (the visitor's or bot's end): the platform's close that follows is not the agent's. */
  public boolean ending() {
    return ending;
  }

  void ending(boolean ending) {
    this.ending = ending;
  }

  /** Another instance owns the chat now, or the connector stops: leave it alone. */
  public boolean released() {
    return released || chats.closed();
  }

  void release() {
    released = true;
  }

  /** Still ours to poll or stream. */
  public boolean active() {
    return !ended && !released();
  }

  // ---- writing ----

  /** Publishes an agent event. */
  public CompletableFuture<Void> publish(String seed, SpecificRecord body) {
    return write(() -> ChatWrite.event(seed, body));
  }

  /** Publishes an agent event, then the link (once the event is acknowledged). */
  public CompletableFuture<Void> publishWithLink(String seed, SpecificRecord body) {
    return write(() -> ChatWrite.event(seed, body).withLink());
  }

  /** Records the chat's state, so a restart goes on from here. */
  public CompletableFuture<Void> saveLink() {
    return write(ChatWrite::link);
  }

  public CompletableFuture<Void> write(Supplier<ChatWrite> what) {
    return write(what, null);
  }

  /**
   * Writes after the chat's previous write finished (either way): {@code what} is built then (null writes nothing);
   * its agent events are written first, then, once Kafka acknowledged them, the link; {@code written} runs once all
   * of it is acknowledged, before the next write is built. Once the chat is released to another instance, writes
   * fail.
   */
  public CompletableFuture<Void> write(Supplier<ChatWrite> what, Runnable written) {
    synchronized (this) {
      CompletableFuture<Void> next = writes.handle((x, e) -> null).thenCompose(x -> {
        if (released()) {
          // Another instance owns the chat now and goes on from its link: a late write here (a stream event that
          // arrived while the stream was being stopped) would be written twice. It fails, so nothing is written.
          return CompletableFuture.failedFuture(new IllegalStateException(this + " was released"));
        }
        ChatWrite w = what.get();
        if (w == null || w.events.isEmpty() && !w.link) {
          return CompletableFuture.completedFuture(null);
        }
        List<ProducerRecord<byte[], byte[]>> events = eventRecords(w);
        long command = lastCommand;
        List<ProducerRecord<byte[], byte[]>> link = w.link ? linkRecords(w, command) : List.of();
        String detail = CrashPoints.armed() ? describe(w) : null;
        CompletableFuture<Void> eventsDone = events.isEmpty() ? CompletableFuture.completedFuture(null)
            : chats.writes().write(events).thenRun(() -> CrashPoints.reached(CrashPoints.EVENTS_ACKED, detail));
        return eventsDone.thenCompose(y -> link.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
            : chats.writes().write(link).thenRun(() -> {
              if (command > commandInLink) {
                commandInLink = command;
              }
              CrashPoints.reached(CrashPoints.LINK_WRITTEN, detail);
            })).thenRun(() -> {
              if (written != null) {
                written.run();
              }
            });
      });
      writes = next;
      return next;
    }
  }

  /**
   * The platform accepted the conversation's command {@code sequence}: it goes into the link, written after the
   * chat's earlier writes (or not at all when a link on Kafka already records it or a later one).
   */
  public CompletableFuture<Void> commandAccepted(long sequence) {
    synchronized (this) {
      if (sequence > lastCommand) {
        lastCommand = sequence;
      }
    }
    return write(() -> commandInLink >= sequence ? null : ChatWrite.link());
  }

  /** The last command sequence the platform accepted (0: none recorded). */
  public long lastCommand() {
    return lastCommand;
  }

  void restoreLastCommand(long sequence) {
    lastCommand = sequence;
    commandInLink = sequence;
  }

  private static String describe(ChatWrite w) {
    StringBuilder b = new StringBuilder();
    w.events.forEach(e -> b.append(e.seed()).append('=').append(e.body()).append("; "));
    return b.toString();
  }

  /** Completes once every write asked for so far finished (either way). */
  public CompletableFuture<Void> settled() {
    synchronized (this) {
      return writes.handle((x, e) -> null);
    }
  }

  private List<ProducerRecord<byte[], byte[]>> eventRecords(ChatWrite w) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (ChatWrite.Event e : w.events) {
      if (e.body() != null) {
        records.add(chats.agentEvent(event(e.seed(), e.body()), trace));
      }
    }
    return records;
  }

  /** The link (and, once the chat ended, the tombstones of its refs), built now, recording {@code command}. */
  private List<ProducerRecord<byte[], byte[]>> linkRecords(ChatWrite w, long command) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    if (ended) {
      // Nothing more is relayed: webhooks about the chat are dropped where they arrive, and the refs topic stays small.
      synchronized (refs) {
        refs.forEach(ref -> records.add(chats.refTombstone(ref)));
        refs.clear();
      }
    }
    records.add(chats.links().record(toLink(w.linkState, command)));
    return records;
  }

  /** The agent event with its deterministic id: the same seed of the same handover is the same event. */
  public AgentEvent event(String seed, SpecificRecord body) {
    return AgentEvent.newBuilder().setEventId(eventId(handoverId, seed)).setOccurredAt(Instant.now())
        .setTenant(tenant).setConversationId(conversationId).setPlatform(chats.platform().platform())
        .setHandoverId(handoverId).setBody(body).build();
  }

  static String eventId(String handoverId, String seed) {
    return UUID.nameUUIDFromBytes((handoverId + "#" + seed).getBytes(StandardCharsets.UTF_8)).toString();
  }

  PlatformLink toLink(Map<String, String> encoded) {
    return toLink(encoded, lastCommand);
  }

  private PlatformLink toLink(Map<String, String> encoded, long command) {
    Map<String, String> state = new HashMap<>(encoded != null ? encoded
        : this.state == null ? Map.of() : chats.platform().codec().encode(this.state));
    state.put(VERSION_KEY, Integer.toString(chats.platform().codec().version()));
    if (command > 0) {
      state.put(LAST_COMMAND_KEY, Long.toString(command));
    }
    if (trace != null) {
      state.put(TRACE_KEY, trace.toString());
    }
    synchronized (seen) {
      if (!seen.isEmpty()) {
        state.put(SEEN_KEY, String.join("\n", seen));
      }
    }
    synchronized (refs) {
      if (!refs.isEmpty()) {
        state.put(REFS_KEY, String.join("\n", refs));
      }
    }
    return PlatformLink.newBuilder().setTenant(tenant).setConversationId(conversationId)
        .setPlatform(chats.platform().platform()).setHandoverId(handoverId).setConnectionId(connectionId)
        .setState(state).setEnded(ended).setUpdatedAt(Instant.now()).build();
  }

  // ---- platform events ids ----

  /** True when the platform event was handled before (this run, or before a restart, from the link). */
  boolean seen(String platformEventId) {
    synchronized (seen) {
      return seen.contains(platformEventId);
    }
  }

  void remember(String platformEventId) {
    synchronized (seen) {
      seen.add(platformEventId);
      while (seen.size() > SEEN_EVENTS) {
        seen.remove(seen.iterator().next());
      }
    }
  }

  void filed(String ref) {
    synchronized (refs) {
      refs.add(ref);
    }
  }

  void restoreRefs(String joined) {
    if (joined != null && !joined.isEmpty()) {
      for (String ref : joined.split("\n")) {
        filed(ref);
      }
    }
  }

  void restoreSeen(String joined) {
    if (joined != null && !joined.isEmpty()) {
      for (String id : joined.split("\n")) {
        remember(id);
      }
    }
  }

  // ---- the end ----

  void markEnded() {
    ended = true;
  }

  /**
   * The platform ended the chat (an agent closed it, the visitor abandoned it there): marks it ended and gives the
   * {@code ChatEnded} to publish, or null when it is the echo of the close we asked for.
   */
  public SpecificRecord endedByPlatform(EndedBy by, String reason) {
    boolean ours = ending;
    ended = true;
    return ours ? null : new ChatEnded(by, reason);
  }

  /**
   * The platform refused the chat within an answer written as a whole (a poll answer, a stream event): marks it
   * ended and gives the {@code HandoverFailed} to write with the rest of that answer. {@link #refused} publishes it
   * on its own.
   */
  public SpecificRecord failedByPlatform(String reason) {
    ended = true;
    return new HandoverFailed(reason);
  }

  /** The platform refused the chat after taking the request (no agent, routing failed): the handover fails. */
  public CompletableFuture<Void> refused(String seed, String reason) {
    ended = true;
    return publishWithLink(seed, new HandoverFailed(reason));
  }

  /**
   * The platform session is gone (expired, taken over, token refused): the chat ends by {@code timeout} with the
   * reason, unless it already ended or we are ending it (then it is the expected end of our own close).
   */
  public CompletableFuture<Void> gone(String reason) {
    synchronized (this) {
      if (ended || ending) {
        ended = true;
        return CompletableFuture.completedFuture(null);
      }
      ended = true;
    }
    return publishWithLink("gone", new ChatEnded(EndedBy.timeout, reason));
  }

  /**
   * Files the chat under the platform's own reference of it (a conversation id), so a pushed event about that
   * reference reaches this conversation from whichever instance receives it. Written after the chat's earlier writes.
   */
  public CompletableFuture<Void> ref(String ref) {
    return chats.refer(this, ref);
  }

  CompletableFuture<Void> writeRaw(List<ProducerRecord<byte[], byte[]>> records) {
    synchronized (this) {
      CompletableFuture<Void> next = writes.handle((x, e) -> null).thenCompose(x -> chats.writes().write(records));
      writes = next;
      return next;
    }
  }

  @Override
  public String toString() {
    return chats.platform().platform() + " chat " + key() + " (handover " + handoverId + ")";
  }
}
