package io.baton.sandbox.liveagent;

import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.Snapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chats and how they are routed: each button's queue in order of arrival, the visitors' positions in it, and
 * whether agents are online to take chats. Guarded by the simulator's lock (methods without their own locking are
 * called with it held).
 */
final class ButtonQueues {
  private static final Logger log = LoggerFactory.getLogger(LiveAgentSimulator.class);

  private final Object lock;
  private final ChasitorMailbox mailbox;
  private final Map<String, ChatState> chatsBySessionId = new LinkedHashMap<>();
  private long nextQueueTicket;
  private volatile boolean agentsOnline = true;

  ButtonQueues(Object lock, ChasitorMailbox mailbox) {
    this.lock = lock;
    this.mailbox = mailbox;
  }

  boolean agentsOnline() {
    return agentsOnline;
  }

  void setAgentsOnline(boolean online) { agentsOnline = online; }

  List<LiveAgentChat> chats() {
    return Snapshots.all(lock, chatsBySessionId, ChatState::snapshot);
  }

  Optional<LiveAgentChat> chat(String sessionId) {
    return Snapshots.one(lock, chatsBySessionId, sessionId, ChatState::snapshot);
  }

  List<DeskChat> deskChats() {
    return Snapshots.all(lock, chatsBySessionId, ChatState::deskChat);
  }

  Optional<DeskChat> deskChat(String sessionId) {
    return Snapshots.one(lock, chatsBySessionId, sessionId, ChatState::deskChat);
  }

  ChatState requireChat(String sessionId) {
    ChatState chat = sessionId == null ? null : chatsBySessionId.get(sessionId);
    if (chat == null) {
      throw new ChatNotFoundException(sessionId);
    }
    return chat;
  }

  ChatState requireEstablished(String sessionId, String what) {
    ChatState chat = requireChat(sessionId);
    if (chat.status != ChatStatus.ESTABLISHED) {
      throw new ChatStateException("Cannot " + what + " chat " + sessionId + ": it is " + chat.status
          + " (only an ESTABLISHED chat)");
    }
    return chat;
  }

  /**
   * ChasitorInit: the chat request is queued on its button (ChatRequestSuccess with its position) or, with no agent
   * online, fails at once (ChatRequestFail "Unavailable").
   */
  ChatState request(ChasitorSession session, ChasitorInitRequest request, List<Runnable> deliveries) {
    ChatState chat = new ChatState(session, request, nextQueueTicket++);
    session.chat = chat;
    chatsBySessionId.put(session.id, chat);
    if (!agentsOnline) {
      chat.status = ChatStatus.ENDED;
      mailbox.send(session, "ChatRequestFail", Json.object("reason", "Unavailable", "postChatUrl", ""), deliveries);
      log.info("Live Agent chat {} failed: no agent online for button {}", session.id, request.buttonId());
      return chat;
    }
    int position = (int) queuedOn(request.buttonId()).count();
    chat.queuePosition = position;
    mailbox.send(session, "ChatRequestSuccess", Json.object(
        "queuePosition", position,
        "estimatedWaitTime", estimatedWait(position),
        "geoLocation", Json.object(),
        "url", "",
        "oref", "",
        "postChatUrl", "",
        "customDetails", request.prechatDetails(),
        "visitorId", UUID.randomUUID().toString()), deliveries);
    log.info("Live Agent chat {} queued on button {} at position {}", session.id, request.buttonId(), position);
    return chat;
  }

  /** The chat ends; if it was waiting, the chats behind it move up. */
  void end(ChatState chat, String endedBy, List<Runnable> deliveries) {
    boolean wasQueued = chat.status == ChatStatus.QUEUED;
    chat.status = ChatStatus.ENDED;
    chat.endedBy = endedBy;
    chat.queuePosition = 0;
    chat.visitorTyping = false;
    if (wasQueued) {
      announceQueuePositions(deliveries);
    }
  }

  /** Recomputes 1-based positions per button; visitors who asked for queue updates hear about changes. */
  void announceQueuePositions(List<Runnable> deliveries) {
    Map<String, List<ChatState>> queues = chatsBySessionId.values().stream()
        .filter(c -> c.status == ChatStatus.QUEUED)
        .sorted(Comparator.comparingLong(c -> c.queueTicket))
        .collect(Collectors.groupingBy(c -> c.request.buttonId(), LinkedHashMap::new, Collectors.toList()));
    for (List<ChatState> queue : queues.values()) {
      for (int i = 0; i < queue.size(); i++) {
        ChatState chat = queue.get(i);
        int position = i + 1;
        if (chat.queuePosition != position) {
          chat.queuePosition = position;
          if (chat.request.receiveQueueUpdates()) {
            mailbox.send(chat.session, "QueueUpdate", Json.object("position", position,
                "estimatedWaitTime", estimatedWait(position)), deliveries);
          }
        }
      }
    }
  }

  /** GET Visitor/Availability for the given button ids. */
  ChasitorResponse availability(List<String> buttonIds, boolean needEstimatedWaitTime) {
    List<Map<String, Object>> results = new ArrayList<>();
    synchronized (lock) {
      for (String id : buttonIds) {
        Map<String, Object> result = Json.object("id", id);
        if (agentsOnline) {
          // Offline buttons omit isAvailable, as observed in public clients (missing = false).
          result.put("isAvailable", true);
          if (needEstimatedWaitTime) {
            result.put("estimatedWaitTime", estimatedWait((int) queuedOn(id).count() + 1));
          }
        }
        results.add(result);
      }
    }
    return ChasitorResponse.json(Json.object("messages", List.of(
        Json.object("type", "Availability", "message", Json.object("results", results)))));
  }

  private Stream<ChatState> queuedOn(String buttonId) {
    return chatsBySessionId.values().stream()
        .filter(c -> c.status == ChatStatus.QUEUED && c.request.buttonId().equals(buttonId));
  }

  private static int estimatedWait(int position) {
    return position * LiveAgentSimulator.ESTIMATED_SECONDS_PER_QUEUE_POSITION;
  }
}
