package io.baton.connector.chats;

import io.baton.connector.calls.CallTrace;
import io.baton.trace.TraceParent;

import io.baton.connector.AgentEvents;
import io.baton.connector.ConnectorHost;
import io.baton.connector.PlatformConnector;
import io.baton.connector.PlatformLinks;
import io.baton.connector.OrderedWrites;
import io.baton.connector.channel.VisitorChannel;
import io.baton.connector.webhooks.PlatformRefs;
import io.baton.events.AgentEvent;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliverToVisitor;
import io.baton.events.EndChat;
import io.baton.events.PlatformActivity;
import io.baton.events.PlatformLink;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat lifecycle every connector shares, around one platform's {@link ChatPlatform} slot: the registry of live
 * chats, the guards (a command for another handover or an ended chat), a repeated start going on with the known
 * chat, each chat's ordered writes and deterministic event ids, the echo of our own close, pushed events handed in
 * the conversation's lane and dropped when seen before, and chats resumed from their links or released when their
 * partition moves. A link that cannot be read ends that one conversation with a clear reason and a dead letter;
 * the others go on.
 */
public final class Chats<S> implements PlatformConnector {
  private static final Logger log = LoggerFactory.getLogger(Chats.class);

  private final ChatPlatform<S> platform;
  private final VisitorChannel channel;
  private final OrderedWrites writes;
  private final PlatformLinks links;
  private final PlatformRefs refs;
  private final Map<String, Chat<S>> chats = new ConcurrentHashMap<>();
  private final UnreadableLinks unreadable;
  private volatile boolean closed;

  public Chats(ChatPlatform<S> platform, ConnectorHost.Context context) {
    this(platform, null, context);
  }

  /** A platform that is also the visitor's channel: {@code channel} takes the router's {@link DeliverToVisitor}. */
  public Chats(ChatPlatform<S> platform, VisitorChannel channel, ConnectorHost.Context context) {
    this.platform = platform;
    this.channel = channel;
    this.writes = context.writes();
    this.links = context.links();
    this.refs = context.refs();
    this.unreadable = new UnreadableLinks(platform.platform(), links);
  }

  ChatPlatform<S> platform() {
    return platform;
  }

  OrderedWrites writes() {
    return writes;
  }

  PlatformLinks links() {
    return links;
  }

  boolean closed() {
    return closed;
  }

  ProducerRecord<byte[], byte[]> agentEvent(AgentEvent event, TraceParent trace) {
    return AgentEvents.record(event, trace);
  }

  /** The chat of a conversation key ({@code <tenant>/<conversationId>}), if this instance has it. */
  public Optional<Chat<S>> chat(String key) {
    return Optional.ofNullable(chats.get(key));
  }

  /** Chats this instance holds that have not ended (tests, metrics). */
  public int liveChats() {
    return (int) chats.values().stream().filter(c -> !c.ended()).count();
  }

  // ---- commands ----

  @Override
  public CompletionStage<Void> handle(ConnectorCommand command) {
    Object body = command.getBody();
    String key = command.getTenant() + "/" + command.getConversationId();
    if (body instanceof DeliverToVisitor delivery) {
      return channel != null ? channel.deliver(command, delivery) : CompletableFuture.failedFuture(
          new UnsupportedOperationException(platform.platform() + " is not a visitor channel"));
    }
    if (body instanceof StartChat start) {
      unreadable.forget(key);
      return start(key, command, start);
    }
    String broken = unreadable.take(key);
    if (broken != null) {
      Chat<S> ended = new Chat<>(this, command.getTenant(), command.getConversationId(), command.getHandoverId(),
          command.getConnectionId());
      chats.put(key, ended);
      return unreadable.endOnCommand(ended, broken);
    }
    Chat<S> chat = chats.get(key);
    if (body instanceof PlatformActivity activity) {
      return activity(chat, command, activity); // a platform's event keeps the chat in the conversation's trace
    }
    if (chat != null && CallTrace.current() != null) {
      chat.trace(CallTrace.current());
    }
    if (chat == null || !chat.handoverId().equals(command.getHandoverId()) || chat.state() == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no " + platform.platform()
          + " chat for handover " + command.getHandoverId()));
    }
    if (chat.ended()) {
      return body instanceof EndChat ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(new IllegalStateException("the " + platform.platform()
              + " chat has ended"));
    }
    if (body instanceof SendVisitorMessage send) {
      return platform.send(chat, command.getEventId(), send.getMessage());
    }
    if (body instanceof SetVisitorTyping typing) {
      return platform.typing(chat, command.getEventId(), typing.getTyping());
    }
    if (body instanceof EndChat end) {
      chat.ending(true);
      return platform.end(chat, command.getEventId(), end.getReason()).toCompletableFuture()
          .whenComplete((x, e) -> chat.ending(e == null))
          .thenCompose(x -> {
            chat.markEnded();
            return chat.saveLink();
          });
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException("unsupported command "
        + body.getClass().getSimpleName()));
  }

  /** The platform accepted the command: its sequence goes into the chat's link (not for a chat never opened). */
  @Override
  public CompletionStage<Void> handled(ConnectorCommand command) {
    Chat<S> chat = chats.get(command.getTenant() + "/" + command.getConversationId());
    if (chat == null || command.getSequence() <= 0 || !chat.handoverId().equals(command.getHandoverId())
        || chat.state() == null && !chat.ended()) {
      return CompletableFuture.completedFuture(null);
    }
    return chat.commandAccepted(command.getSequence());
  }

  private CompletionStage<Void> start(String key, ConnectorCommand command, StartChat start) {
    Chat<S> known = chats.get(key);
    Chat<S> chat;
    if (known != null && known.handoverId().equals(command.getHandoverId())) {
      if (known.ended()) {
        return CompletableFuture.completedFuture(null); // a repeat of a start whose chat is over: nothing to open
      }
      chat = known; // a repeated start: the platform goes on from what the link recorded
      log.info("{}: the start is repeated; going on with the known chat", chat);
    } else {
      if (known != null && !known.ended()) {
        // The router moved on to a new handover: the old chat is not ours to relay any more.
        log.warn("{}: replaced by handover {}", known, command.getHandoverId());
        known.release();
        platform.stop(known);
      }
      String connection = command.getConnectionId() != null ? command.getConnectionId()
          : start.getHandover().getConnectionId();
      chat = new Chat<>(this, command.getTenant(), command.getConversationId(), command.getHandoverId(), connection);
      chats.put(key, chat);
    }
    if (CallTrace.current() != null) {
      chat.trace(CallTrace.current());
    }
    return platform.open(chat, start).thenRun(() -> listen(chat));
  }

  private void listen(Chat<S> chat) {
    synchronized (chat) {
      if (chat.listening || !chat.active()) {
        return;
      }
      chat.listening = true;
    }
    platform.listen(chat);
  }

  private CompletionStage<Void> activity(Chat<S> chat, ConnectorCommand command, PlatformActivity activity) {
    if (chat == null || !chat.handoverId().equals(command.getHandoverId()) || chat.state() == null) {
      log.debug("{} event {} for a chat not live here; dropped", platform.platform(), activity.getPlatformEventId());
      return CompletableFuture.completedFuture(null);
    }
    String id = activity.getPlatformEventId();
    if (chat.ended() || chat.seen(id)) {
      return CompletableFuture.completedFuture(null);
    }
    return platform.activityAsync(chat, activity).toCompletableFuture().thenCompose(events -> chat.write(() -> {
      chat.remember(id); // with the link of these events: a redelivery after a restart is known too
      return (events == null ? ChatWrite.link() : events).withLink();
    }));
  }

  // ---- refs (pushed events find their conversation through them) ----

  CompletableFuture<Void> refer(Chat<S> chat, String ref) {
    if (refs == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("this connector takes no pushed events"));
    }
    chat.filed(ref);
    return chat.writeRaw(List.of(refs.record(ref, chat.tenant(), chat.conversationId(), chat.handoverId(),
        chat.connectionId())));
  }

  ProducerRecord<byte[], byte[]> refTombstone(String ref) {
    return refs.tombstone(ref);
  }

  // ---- links: resume, release, unreadable ----

  @Override
  public void resume(PlatformLink link) {
    String key = link.getTenant() + "/" + link.getConversationId();
    Chat<S> chat = new Chat<>(this, link.getTenant(), link.getConversationId(), link.getHandoverId(),
        link.getConnectionId());
    chat.restoreLastCommand(PlatformLinks.lastCommand(link).orElse(0));
    try {
      Map<String, String> state = link.getState();
      int version = (int) LinkCodec.number(state, Chat.VERSION_KEY, 1);
      if (version > platform.codec().version()) {
        throw new IllegalArgumentException("link version " + version + " is newer than this connector's "
            + platform.codec().version());
      }
      if (!state.isEmpty() || !link.getEnded()) {
        chat.state(platform.codec().decode(version, state));
      }
      chat.restoreSeen(state.get(Chat.SEEN_KEY));
      chat.trace(TraceParent.parse(state.get(Chat.TRACE_KEY)).orElse(null));
      chat.restoreRefs(state.get(Chat.REFS_KEY));
    } catch (RuntimeException e) {
      chats.put(key, chat);
      unreadable.endNow(chat, link, e);
      return;
    }
    if (link.getEnded()) {
      chat.markEnded();
    }
    chats.put(key, chat);
    if (!chat.ended()) {
      log.info("resuming {}", chat);
      listen(chat);
    }
  }

  /**
   * A link of this platform that cannot be read at all ({@code ConnectorHost} already dead-lettered its bytes): the
   * conversation's next command ends its handover with the reason.
   */
  @Override
  public void unreadable(String conversationKey, String reason) {
    chats.remove(conversationKey);
    unreadable.remember(conversationKey, reason);
  }

  @Override
  public CompletionStage<Void> release(PlatformLink link) {
    Chat<S> chat = chats.remove(link.getTenant() + "/" + link.getConversationId());
    if (chat == null) {
      return CompletableFuture.completedFuture(null);
    }
    chat.release();
    log.info("released {}", chat);
    return platform.stop(chat).toCompletableFuture().handle((x, e) -> null).thenCompose(x -> chat.settled());
  }

  @Override
  public void close() {
    closed = true;
    for (Chat<S> chat : chats.values()) {
      try {
        platform.stop(chat);
      } catch (RuntimeException e) {
        log.warn("{}: could not stop it: {}", chat, e.toString());
      }
    }
    platform.close();
  }
}
