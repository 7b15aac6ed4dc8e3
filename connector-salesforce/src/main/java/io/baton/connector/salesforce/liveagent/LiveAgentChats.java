package io.baton.connector.salesforce.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.AgentEvents;
import io.baton.connector.PlatformConnector;
import io.baton.connector.PlatformLinks;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Agent chats on the visitor side: opens them (SessionId, ChasitorInit), relays visitor messages, typing and
 * ends, and runs one asynchronous long-poll loop per chat that turns Live Agent messages into agent events. A poll
 * is acknowledged (next {@code ack}) only after its events are on Kafka and the link is saved, so a crash at any point
 * redelivers rather than loses.
 */
public final class LiveAgentChats implements PlatformConnector {
  private static final Logger log = LoggerFactory.getLogger(LiveAgentChats.class);

  private final SalesforceConfig config;
  private final AgentEvents agentEvents;
  private final PlatformLinks links;
  private final LiveAgentClient client;
  private final Map<String, LiveAgentSession> sessions = new ConcurrentHashMap<>();
  private final Map<LiveAgentSession, Boolean> polling = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "liveagent-retries");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  public LiveAgentChats(SalesforceConfig config, AgentEvents agentEvents, PlatformLinks links) {
    this.config = config;
    this.agentEvents = agentEvents;
    this.links = links;
    this.client = new LiveAgentClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        config.apiVersion(), config.requestTimeout());
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
      return session.requestAccepted.thenCompose(x -> post(session, command, "Chasitor/ChatMessage",
          Map.of("text", textOf(send))));
    }
    if (body instanceof SetVisitorTyping typing) {
      if (!session.established) {
        return CompletableFuture.completedFuture(null); // nobody to see it yet
      }
      return post(session, command, typing.getTyping() ? "Chasitor/ChasitorTyping" : "Chasitor/ChasitorNotTyping", null);
    }
    if (body instanceof EndChat) {
      return post(session, command, "Chasitor/ChatEnd", Map.of("reason", "client")).thenCompose(x -> {
        session.ended = true;
        return links.save(session.toLink());
      });
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException("unsupported command " + body.getClass().getSimpleName()));
  }

  private CompletionStage<Void> start(ConnectorCommand command, StartChat start) {
    String key = command.getTenant() + "/" + command.getConversationId();
    LiveAgentSession known = sessions.get(key);
    CompletableFuture<LiveAgentSession> session;
    if (known != null && known.handoverId.equals(command.getHandoverId())) {
      session = CompletableFuture.completedFuture(known); // a replayed start: finish what was begun, open nothing new
    } else {
      String restUrl = config.liveAgentRestUrl(
          ((io.baton.events.SalesforceLiveAgentHandover) start.getHandover().getPayload()).getLiveAgentHostname());
      session = client.sessionId(restUrl).thenCompose(json -> {
        LiveAgentSession s = new LiveAgentSession(command.getTenant(), command.getConversationId(),
            command.getHandoverId(), restUrl, json.path("id").asText(), json.path("key").asText(),
            json.path("affinityToken").asText());
        sessions.put(key, s);
        return links.save(s.toLink()).thenApply(x -> s);
      });
    }
    return session.thenCompose(s -> {
      Map<String, Object> init = ChasitorInit.body(s.sessionId, start.getHandover(), start.getTranscript());
      return post(s, command, "Chasitor/ChasitorInit", init).thenRun(() -> startPolling(s));
    });
  }

  /** Saves the sequence number before the call, so a replay after a crash sends the same number (Live Agent drops it). */
  private CompletableFuture<Void> post(LiveAgentSession session, ConnectorCommand command, String path, Object body) {
    long sequence = session.sequenceFor(command.getEventId());
    return links.save(session.toLink()).thenCompose(x -> client.post(session, path, sequence, body));
  }

  @Override
  public void resume(PlatformLink link) {
    LiveAgentSession session = LiveAgentSession.fromLink(link);
    sessions.put(session.conversationKey(), session);
    log.info("resuming {}", session);
    startPolling(session);
  }

  private void startPolling(LiveAgentSession session) {
    if (polling.putIfAbsent(session, Boolean.TRUE) == null) {
      poll(session);
    }
  }

  private void poll(LiveAgentSession session) {
    if (closed || session.ended) {
      polling.remove(session);
      return;
    }
    client.messages(session, Duration.ofSeconds(60)).whenComplete((response, error) -> {
      if (error != null) {
        log.warn("{}: long poll failed ({}), retrying", session, error.getMessage());
        retryPoll(session);
        return;
      }
      switch (response.statusCode()) {
        case 200 -> onMessages(session, response).whenComplete((x, e) -> {
          if (e != null) {
            log.warn("{}: could not record Live Agent messages ({}), polling them again", session, e.getMessage());
            retryPoll(session);
          } else {
            poll(session);
          }
        });
        case 204 -> poll(session);
        case 403, 409 -> sessionGone(session, response.statusCode());
        default -> {
          log.warn("{}: long poll answered {}, retrying", session, response.statusCode());
          retryPoll(session);
        }
      }
    });
  }

  private void retryPoll(LiveAgentSession session) {
    if (!closed) {
      retries.schedule(() -> poll(session), 1, TimeUnit.SECONDS);
    }
  }

  private CompletableFuture<Void> onMessages(LiveAgentSession session, HttpResponse<String> response) {
    JsonNode json = LiveAgentClient.parse(response.body());
    List<CompletableFuture<Void>> published = new ArrayList<>();
    int index = 0;
    for (JsonNode m : json.path("messages")) {
      SpecificRecord body = toAgentEvent(session, m.path("type").asText(), m.path("message"));
      if (body != null) {
        // The id depends on the ack this batch answered, so a redelivered batch yields the same ids.
        String id = UUID.nameUUIDFromBytes((session.sessionId + "#" + session.ack + "#" + index)
            .getBytes(StandardCharsets.UTF_8)).toString();
        published.add(agentEvents.publish(AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now())
            .setTenant(session.tenant).setConversationId(session.conversationId).setPlatform(Platform.salesforce)
            .setHandoverId(session.handoverId).setBody(body).build()));
      }
      index++;
    }
    long sequence = json.path("sequence").asLong(session.ack);
    return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).thenCompose(x -> {
      session.ack = sequence;
      return links.save(session.toLink());
    });
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
        return new AgentLeft(null);
      }
      case "ChatTransferred" -> {
        return new ChatTransferred(textOrNull(m, "name"), textOrNull(m, "userId"));
      }
      case "ChatEnded" -> {
        session.ended = true;
        return new ChatEnded(EndedBy.agent, textOrNull(m, "reason"));
      }
      case "ChatRequestFail" -> {
        session.ended = true;
        return new HandoverFailed("Live Agent refused the chat: " + m.path("reason").asText("unknown reason"));
      }
      default -> {
        log.debug("{}: ignoring Live Agent message {}", session, type);
        return null;
      }
    }
  }

  /** 403: the session expired or ended at Salesforce; 409: another poll took over, which ends the chat. */
  private void sessionGone(LiveAgentSession session, int status) {
    if (session.ended) {
      polling.remove(session);
      return;
    }
    session.ended = true;
    polling.remove(session);
    String reason = status == 403 ? "the Live Agent session expired" : "the Live Agent session was taken over (409)";
    String id = UUID.nameUUIDFromBytes((session.sessionId + "#gone").getBytes(StandardCharsets.UTF_8)).toString();
    agentEvents.publish(AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(session.tenant)
            .setConversationId(session.conversationId).setPlatform(Platform.salesforce)
            .setHandoverId(session.handoverId).setBody(new ChatEnded(EndedBy.timeout, reason)).build())
        .thenCompose(x -> links.save(session.toLink()));
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
    retries.shutdownNow();
  }
}
