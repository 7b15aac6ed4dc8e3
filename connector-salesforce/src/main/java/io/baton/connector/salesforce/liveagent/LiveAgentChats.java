package io.baton.connector.salesforce.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.AgentEvents;
import io.baton.connector.ConnectorHost;
import io.baton.connector.PlatformConnector;
import io.baton.connector.PlatformLinks;
import io.baton.connector.TransactionalWrites;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryAfter;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ConnectorCommand;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Agent chats on the visitor side: opens them (SessionId, ChasitorInit), relays visitor messages, typing and
 * ends, and runs one asynchronous long-poll loop per chat (no thread per chat: a loop is a chain of futures on a small
 * fixed pool) that turns Live Agent messages into agent events. The events of a poll answer and the link with the
 * next {@code ack} are written in one Kafka transaction, and only then is the answer acknowledged: a crash at any
 * point makes Live Agent send the answer again, and the connector publishes it exactly once.
 *
 * <p>A 503 (affinity change) stops the session's requests until ReconnectSession brought the new affinity token;
 * then the sequence starts again and the interrupted requests are sent again. A 403 (session expired) or 409
 * (duplicate poll) ends the chat.
 */
public final class LiveAgentChats implements PlatformConnector {
  private static final Logger log = LoggerFactory.getLogger(LiveAgentChats.class);
  private static final int MAX_RECONNECTS_PER_REQUEST = 3;

  private final SalesforceConfig config;
  private final PlatformLinks links;
  private final TransactionalWrites writes;
  private final PlatformCalls calls;
  private final LiveAgentAvailability availability;
  private final LiveAgentClient client;
  private final ExecutorService http;
  private final Map<String, LiveAgentSession> sessions = new ConcurrentHashMap<>();
  private final Map<LiveAgentSession, Boolean> polling = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "liveagent-timer");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  public LiveAgentChats(SalesforceConfig config, ConnectorHost.Context context) {
    this.config = config;
    this.links = context.links();
    this.writes = context.writes();
    this.calls = context.calls();
    this.availability = new LiveAgentAvailability(config, calls);
    AtomicInteger n = new AtomicInteger();
    // A few threads serve every chat: they only parse answers and chain the next request.
    this.http = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "liveagent-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.client = new LiveAgentClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(http)
        .connectTimeout(Duration.ofSeconds(5)).build(), config.apiVersion(), config.requestTimeout());
  }

  /** Chats this instance is polling now (tests, metrics). */
  public int activeChats() {
    return polling.size();
  }

  @Override
  public CompletionStage<Void> handle(ConnectorCommand command) {
    Object body = command.getBody();
    if (body instanceof StartChat start) {
      return start(command, start);
    }
    LiveAgentSession session = sessions.get(command.getTenant() + "/" + command.getConversationId());
    if (session == null || !session.handoverId.equals(command.getHandoverId())) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Live Agent chat for handover "
          + command.getHandoverId()));
    }
    if (session.ended) {
      return body instanceof EndChat ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(new IllegalStateException("the Live Agent chat has ended"));
    }
    if (body instanceof SendVisitorMessage send) {
      // Live Agent answers 500 to a message before ChatRequestSuccess; before an agent joins it queues it for them.
      return session.requestAccepted.thenCompose(x -> post(session, command, "Chasitor/ChatMessage",
          Map.of("text", textOf(send)), 0));
    }
    if (body instanceof SetVisitorTyping typing) {
      // Sent once the request succeeded, like a message, whether or not an agent is there at this moment: every
      // command takes the next sequence number, so a replay numbers commands exactly as the first run did (see post).
      return session.requestAccepted.thenCompose(x -> post(session, command,
          typing.getTyping() ? "Chasitor/ChasitorTyping" : "Chasitor/ChasitorNotTyping", null, 0));
    }
    if (body instanceof EndChat) {
      session.ending = true;
      return post(session, command, "Chasitor/ChatEnd", Map.of("reason", "client"), 0)
          .exceptionallyCompose(
              e -> ended(e) ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(e))
          .thenCompose(x -> {
            session.ended = true;
            return saveLink(session);
          });
    }
    return CompletableFuture
        .failedFuture(new IllegalArgumentException("unsupported command " + body.getClass().getSimpleName()));
  }

  private CompletionStage<Void> start(ConnectorCommand command, StartChat start) {
    String key = command.getTenant() + "/" + command.getConversationId();
    LiveAgentSession known = sessions.get(key);
    SalesforceLiveAgentHandover payload = (SalesforceLiveAgentHandover) start.getHandover().getPayload();
    if (known != null && known.handoverId.equals(command.getHandoverId())) {
      return open(command, start, CompletableFuture.completedFuture(known)); // a replay: finish it, open nothing new
    }
    if (!config.checkAvailability()) {
      return open(command, start, newSession(command, payload));
    }
    return availability.check(payload.getLiveAgentHostname(), payload.getOrganizationId(), payload.getDeploymentId(),
        List.of(payload.getButtonId())).thenCompose(buttons -> {
          if (buttons.stream().anyMatch(b -> b.id().equals(payload.getButtonId()) && b.available())) {
            return open(command, start, newSession(command, payload));
          }
          return handoverFailed(command, "no agent is available for button " + payload.getButtonId()
              + " (Live Agent Availability)");
        });
  }

  private CompletableFuture<LiveAgentSession> newSession(ConnectorCommand command,
      SalesforceLiveAgentHandover payload) {
    String key = command.getTenant() + "/" + command.getConversationId();
    String restUrl = config.liveAgentRestUrl(payload.getLiveAgentHostname());
    String org = payload.getOrganizationId();
    return calls.call(org, "SessionId", () -> client.sessionId(restUrl)).thenCompose(json -> {
      LiveAgentSession s = new LiveAgentSession(command.getTenant(), command.getConversationId(),
          command.getHandoverId(), restUrl, org, json.path("id").asText(), json.path("key").asText(),
          json.path("affinityToken").asText(), pollTimeout(json));
      sessions.put(key, s);
      return saveLink(s).thenApply(x -> s);
    });
  }

  private CompletionStage<Void> open(ConnectorCommand command, StartChat start,
      CompletableFuture<LiveAgentSession> session) {
    return session.thenCompose(s -> {
      Map<String, Object> init = ChasitorInit.body(s.sessionId, start.getHandover(), start.getTranscript());
      return post(s, command, "Chasitor/ChasitorInit", init, 0).thenRun(() -> startPolling(s));
    });
  }

  /** The handover ends here, with its reason, and no chat is opened; the id makes a replay of it a duplicate. */
  private CompletableFuture<Void> handoverFailed(ConnectorCommand command, String reason) {
    String id =
        UUID.nameUUIDFromBytes((command.getEventId() + "#unavailable").getBytes(StandardCharsets.UTF_8)).toString();
    return writes.write(List.of(AgentEvents.record(AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now())
        .setTenant(command.getTenant()).setConversationId(command.getConversationId()).setPlatform(Platform.salesforce)
        .setHandoverId(command.getHandoverId()).setBody(new HandoverFailed(reason)).build())));
  }

  /** {@code clientPollTimeout} is a string of seconds; a poll not answered by then is abandoned and sent again. */
  private static Duration pollTimeout(JsonNode sessionId) {
    try {
      return Duration.ofSeconds(Long.parseLong(sessionId.path("clientPollTimeout").asText("40").trim()));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(40);
    }
  }

  /**
   * Sends with the command's sequence number while the link recording that number is written; the command completes
   * only when both are done, so its offset is committed after its link. Writing the link first would put a Kafka
   * transaction before every request. A crash in between is safe because numbering is deterministic: each command,
   * in offset order, takes the next number, so a replay from the older link gives every command the number it had
   * (or the one the link recorded), and Live Agent drops what it already has. 429 and 5xx are retried by
   * {@link PlatformCalls} with the same number; a 503 reconnects, then sends again.
   */
  private CompletableFuture<Void> post(LiveAgentSession session, ConnectorCommand command, String path, Object body,
      int reconnects) {
    LiveAgentSession.Stamp stamp = session.stampFor(command.getEventId());
    if (stamp.sequence() == LiveAgentSession.ALREADY_SENT) {
      return CompletableFuture.completedFuture(null); // accepted before a reconnect; sending it again would double it
    }
    String affinity = stamp.affinity();
    CompletableFuture<Void> saved = saveLink(session);
    return calls.call(session.org, path, () -> client.post(session, stamp, path, body))
        .thenCompose(x -> saved)
        .exceptionallyCompose(e -> {
          Throwable cause = unwrap(e);
          if (cause instanceof LiveAgentClient.AffinityChanged && reconnects < MAX_RECONNECTS_PER_REQUEST) {
            return reconnect(session, affinity).thenCompose(x -> {
              session.forget(command.getEventId());
              return post(session, command, path, body, reconnects + 1);
            });
          }
          if (cause instanceof PlatformCallFailed failed && failed.status() == 403) {
            sessionGone(session, 403);
            return CompletableFuture.failedFuture(new IllegalStateException("the Live Agent session expired (403)"));
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  /** Writes the session's link (and what goes with it) after its previous link write, from the state then. */
  private CompletableFuture<Void> writeLinked(LiveAgentSession session,
      java.util.function.Supplier<List<ProducerRecord<byte[], byte[]>>> records) {
    return writeLinked(session, records, () -> {});
  }

  /** {@code written} runs inside the chain, so the next write is built from the state it leaves. */
  private CompletableFuture<Void> writeLinked(LiveAgentSession session,
      java.util.function.Supplier<List<ProducerRecord<byte[], byte[]>>> records, Runnable written) {
    synchronized (session) {
      CompletableFuture<Void> next = session.linkWrites.handle((x, e) -> null)
          .thenCompose(x -> writes.write(records.get())).thenRun(written);
      session.linkWrites = next;
      return next;
    }
  }

  private CompletableFuture<Void> saveLink(LiveAgentSession session) {
    return writeLinked(session, () -> List.of(links.record(session.toLink())));
  }

  /** One ReconnectSession per affinity change, however many requests hit the 503. */
  private CompletableFuture<Void> reconnect(LiveAgentSession session, String staleAffinity) {
    synchronized (session) {
      if (!session.affinity.equals(staleAffinity)) {
        return CompletableFuture.completedFuture(null); // another request already reconnected
      }
      if (session.reconnecting == null || session.reconnecting.isDone()) {
        log.info("{}: affinity changed, reconnecting", session);
        session.reconnecting = calls.call(session.org, "ReconnectSession", () -> client.reconnectSession(session))
            .thenCompose(token -> {
              session.resetSequence(token);
              return saveLink(session);
            });
      }
      return session.reconnecting;
    }
  }

  @Override
  public void resume(PlatformLink link) {
    LiveAgentSession session = LiveAgentSession.fromLink(link);
    sessions.put(session.conversationKey(), session);
    log.info("resuming {}", session);
    if (polling.putIfAbsent(session, Boolean.TRUE) == null) {
      // The previous owner's last poll may still be held; a second one now would be a 409 that ends the chat.
      timer.schedule(() -> poll(session, 0), config.resumePollDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public CompletionStage<Void> release(PlatformLink link) {
    LiveAgentSession session = sessions.remove(link.getTenant() + "/" + link.getConversationId());
    if (session == null) {
      return CompletableFuture.completedFuture(null);
    }
    session.released = true;
    CompletableFuture<?> poll = session.inFlightPoll;
    if (poll != null) {
      poll.cancel(true);
    }
    polling.remove(session);
    log.info("released {}", session);
    return session.writing.handle((x, e) -> null);
  }

  private void startPolling(LiveAgentSession session) {
    if (polling.putIfAbsent(session, Boolean.TRUE) == null) {
      poll(session, 0);
    }
  }

  private boolean stopped(LiveAgentSession session) {
    if (closed || session.ended || session.released) {
      polling.remove(session);
      return true;
    }
    return false;
  }

  private void poll(LiveAgentSession session, int failures) {
    if (stopped(session)) {
      return;
    }
    String affinity = session.affinity;
    CompletableFuture<HttpResponse<String>> poll = calls.once(session.org, () -> client.messages(session));
    session.inFlightPoll = poll;
    poll.whenComplete((response, error) -> {
      if (stopped(session)) {
        return;
      }
      if (error != null) {
        retryPoll(session, failures, error);
        return;
      }
      int status = response.statusCode();
      if (status == 200) {
        CompletableFuture<Void> written = onMessages(session, response);
        session.writing = written;
        written.whenComplete((x, e) -> {
          if (e != null) {
            log.warn("{}: could not record Live Agent messages ({}), polling them again", session, e.toString());
            retryPoll(session, failures, e);
          } else {
            poll(session, 0);
          }
        });
      } else if (status == 204) {
        poll(session, 0);
      } else if (status == 403 || status == 409) {
        sessionGone(session, status);
      } else if (status == 503) {
        reconnect(session, affinity).whenComplete((x, e) -> {
          if (e != null) {
            retryPoll(session, failures, e);
          } else {
            poll(session, 0);
          }
        });
      } else {
        retryPoll(session, failures, new PlatformCallFailed("Live Agent Messages", status,
            RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now())));
      }
    });
  }

  /** A failed poll is never given up (the chat is live); it backs off, honouring Retry-After. */
  private void retryPoll(LiveAgentSession session, int failures, Throwable error) {
    log.debug("{}: long poll failed ({}), retrying", session, unwrap(error).toString());
    calls.backoff(failures + 1, error).whenComplete((x, e) -> {
      if (e == null) {
        poll(session, failures + 1);
      }
    });
  }

  private CompletableFuture<Void> onMessages(LiveAgentSession session, HttpResponse<String> response) {
    JsonNode json = LiveAgentClient.parse(response.body());
    List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
    int index = 0;
    for (JsonNode m : json.path("messages")) {
      SpecificRecord body = toAgentEvent(session, m.path("type").asText(), m.path("message"));
      if (body != null) {
        // The id depends on the ack this answer follows, so an answer sent again yields the same ids.
        String id = UUID.nameUUIDFromBytes((session.sessionId + "#" + session.ack + "#" + index)
            .getBytes(StandardCharsets.UTF_8)).toString();
        events.add(AgentEvents.record(event(session, id, body)));
      }
      index++;
    }
    long sequence = json.path("sequence").asLong(session.ack);
    long offset = json.path("messages").size() > 0 ? json.path("offset").asLong(session.offset) : session.offset;
    return writeLinked(session, () -> {
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events);
      records.add(links.record(session.toLink(sequence, offset)));
      return records;
    }, () -> {
      session.ack = sequence;
      session.offset = offset;
    });
  }

  private static AgentEvent event(LiveAgentSession session, String id, SpecificRecord body) {
    return AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(session.tenant)
        .setConversationId(session.conversationId).setPlatform(Platform.salesforce).setHandoverId(session.handoverId)
        .setBody(body).build();
  }

  private SpecificRecord toAgentEvent(LiveAgentSession session, String type, JsonNode m) {
    switch (type) {
      case "ChatRequestSuccess" -> {
        session.requestAccepted.complete(null);
        return new ChatQueued(intOrNull(m, "queuePosition"), intOrNull(m, "estimatedWaitTime"));
      }
      case "QueueUpdate" -> {
        return new ChatQueued(intOrNull(m, "position"), intOrNull(m, "estimatedWaitTime"));
      }
      case "ChatEstablished" -> {
        session.established = true;
        session.requestAccepted.complete(null);
        return new AgentJoined(m.path("name").asText("Agent"), textOrNull(m, "userId"));
      }
      case "ChatMessage" -> {
        return new AgentMessage(m.path("text").asText(), textOrNull(m, "name"), List.of());
      }
      case "AgentTyping" -> {
        return new AgentTyping(true);
      }
      case "AgentNotTyping" -> {
        return new AgentTyping(false);
      }
      case "AgentDisconnect" -> {
        // The session stays: Live Agent may route the chat to another agent, who then sends ChatEstablished.
        session.established = false;
        return new AgentLeft(null);
      }
      case "ChatTransferred" -> {
        return new ChatTransferred(textOrNull(m, "name"), textOrNull(m, "userId"));
      }
      case "ChatEnded" -> {
        session.ended = true;
        stopWaitingForRequest(session);
        return new ChatEnded(EndedBy.agent, textOrNull(m, "reason"));
      }
      case "ChatRequestFail" -> {
        session.ended = true;
        stopWaitingForRequest(session);
        return new HandoverFailed("Live Agent refused the chat: " + m.path("reason").asText("unknown reason"));
      }
      default -> {
        // ChasitorSessionData after a reconnect repeats what was already relayed; nothing new to tell.
        log.debug("{}: ignoring Live Agent message {}", session, type);
        return null;
      }
    }
  }

  /** The chat ended before (or after) ChatRequestSuccess: commands waiting for it fail rather than wait forever. */
  private static void stopWaitingForRequest(LiveAgentSession session) {
    session.requestAccepted.completeExceptionally(new IllegalStateException("the Live Agent chat has ended"));
  }

  /** 403: the session expired or ended at Salesforce; 409: another poll took over, which ends the chat. */
  private void sessionGone(LiveAgentSession session, int status) {
    synchronized (session) {
      if (session.ended || session.ending) {
        polling.remove(session);
        return;
      }
      session.ended = true;
    }
    stopWaitingForRequest(session);
    polling.remove(session);
    String reason = status == 403 ? "the Live Agent session expired" : "the Live Agent session was taken over (409)";
    String id = UUID.nameUUIDFromBytes((session.sessionId + "#gone").getBytes(StandardCharsets.UTF_8)).toString();
    session.writing = writeLinked(session, () -> List.of(
        AgentEvents.record(event(session, id, new ChatEnded(EndedBy.timeout, reason))),
        links.record(session.toLink())));
  }

  private static boolean ended(Throwable e) {
    return unwrap(e) instanceof IllegalStateException ise && ise.getMessage() != null
        && ise.getMessage().contains("expired");
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String textOf(SendVisitorMessage send) {
    StringBuilder text = new StringBuilder(send.getMessage().getText());
    for (Attachment a : send.getMessage().getAttachments()) {
      text.append("\n[").append(a.getName()).append("] ").append(a.getUrl());
    }
    return text.toString();
  }

  private static Integer intOrNull(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v == null || v.isNull() || v.asInt(-1) < 0 ? null : v.asInt();
  }

  private static String textOrNull(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  @Override
  public void close() {
    closed = true;
    sessions.values().forEach(s -> {
      CompletableFuture<?> poll = s.inFlightPoll;
      if (poll != null) {
        poll.cancel(true);
      }
    });
    timer.shutdownNow();
    http.shutdownNow();
  }
}
