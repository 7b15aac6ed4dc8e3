package io.baton.connector.salesforce.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.AgentEvents;
import io.baton.connector.ConnectorHost;
import io.baton.connector.PlatformConnector;
import io.baton.connector.PlatformLinks;
import io.baton.connector.TransactionalWrites;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.VisitorContext;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MIAW (Messaging for In-App and Web) conversations on the visitor side: an unauthenticated access token per
 * conversation, the conversation created with the visitor context and bot transcript as routing attributes,
 * messages and typing entries that carry ids derived from the command's event id (MIAW drops a message id it has
 * seen), close, and one SSE stream per conversation, read without a thread. The events of each SSE event and the
 * link with its id go to Kafka in one transaction; a dropped stream reconnects with {@code Last-Event-Id} from what
 * is on Kafka, so nothing is lost or published twice.
 */
public final class MiawChats implements PlatformConnector {
  private static final Logger log = LoggerFactory.getLogger(MiawChats.class);

  private final SalesforceConfig config;
  private final PlatformLinks links;
  private final TransactionalWrites writes;
  private final PlatformCalls calls;
  private final MiawClient client;
  private final ExecutorService http;
  private final Map<String, MiawConversation> conversations = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public MiawChats(SalesforceConfig config, ConnectorHost.Context context) {
    this.config = config;
    this.links = context.links();
    this.writes = context.writes();
    this.calls = context.calls();
    AtomicInteger n = new AtomicInteger();
    this.http = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "miaw-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.client = new MiawClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(http)
        .connectTimeout(Duration.ofSeconds(5)).build(), config.requestTimeout());
  }

  @Override
  public CompletionStage<Void> handle(ConnectorCommand command) {
    Object body = command.getBody();
    if (body instanceof StartChat start) {
      return start(command, start);
    }
    MiawConversation c = conversations.get(command.getTenant() + "/" + command.getConversationId());
    if (c == null || !c.handoverId.equals(command.getHandoverId())) {
      return CompletableFuture.failedFuture(new IllegalStateException("no MIAW conversation for handover "
          + command.getHandoverId()));
    }
    if (c.ended) {
      return body instanceof EndChat ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(new IllegalStateException("the MIAW conversation has ended"));
    }
    String platformId = UUID.nameUUIDFromBytes(command.getEventId().getBytes(StandardCharsets.UTF_8)).toString();
    if (body instanceof SendVisitorMessage send) {
      return calls.call(c.orgId, "MIAW message", () -> client.message(c, platformId, textOf(send))).thenRun(() -> {});
    }
    if (body instanceof SetVisitorTyping typing) {
      return calls.call(c.orgId, "MIAW entry", () -> client.typing(c, platformId, typing.getTyping()))
          .thenRun(() -> {});
    }
    if (body instanceof EndChat) {
      c.ending = true;
      return calls.call(c.orgId, "MIAW close", () -> client.close(c)).thenCompose(x -> {
        c.ended = true;
        return writeLinked(c, List::of, c.lastEventId, () -> {});
      });
    }
    return CompletableFuture
        .failedFuture(new IllegalArgumentException("unsupported command " + body.getClass().getSimpleName()));
  }

  private CompletionStage<Void> start(ConnectorCommand command, StartChat start) {
    SalesforceMiawHandover p = (SalesforceMiawHandover) start.getHandover().getPayload();
    String key = command.getTenant() + "/" + command.getConversationId();
    MiawConversation known = conversations.get(key);
    CompletableFuture<MiawConversation> conversation;
    if (known != null && known.handoverId.equals(command.getHandoverId())) {
      conversation = CompletableFuture.completedFuture(known); // a replay: creating it again is a no-op at MIAW
    } else {
      String baseUrl = config.miawBaseUrl(p.getScrtUrl());
      // The id derives from the handover, so a replayed start names the same conversation.
      String miawId = UUID.nameUUIDFromBytes(command.getHandoverId().getBytes(StandardCharsets.UTF_8)).toString();
      conversation = calls.call(p.getOrgId(), "MIAW access token",
          () -> client.accessToken(baseUrl, p.getOrgId(), p.getEsDeveloperName())).thenCompose(token -> {
            MiawConversation c = new MiawConversation(command.getTenant(), command.getConversationId(),
                command.getHandoverId(), baseUrl, p.getOrgId(), p.getEsDeveloperName(), token, miawId);
            conversations.put(key, c);
            return writeLinked(c, List::of, 0, () -> {}).thenApply(x -> c);
          });
    }
    return conversation.thenCompose(c -> calls.call(c.orgId, "MIAW conversation",
        () -> client.createConversation(c, routingAttributes(p, start))).thenRun(() -> listen(c)));
  }

  /** The handover's own attributes, then the visitor context and the bot transcript for the agent. */
  private static Map<String, String> routingAttributes(SalesforceMiawHandover p, StartChat start) {
    Map<String, String> attributes = new LinkedHashMap<>(p.getRoutingAttributes());
    VisitorContext context = start.getHandover().getContext();
    if (context.getName() != null) {
      attributes.putIfAbsent("visitorName", context.getName());
    }
    if (context.getEmail() != null) {
      attributes.putIfAbsent("email", context.getEmail());
    }
    if (p.getLanguage() != null) {
      attributes.putIfAbsent("language", p.getLanguage());
    }
    if (!start.getTranscript().isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (TranscriptEntry e : start.getTranscript()) {
        text.append(e.getRole().name()).append(": ").append(e.getText()).append('\n');
      }
      attributes.putIfAbsent("botTranscript", text.toString().strip());
    }
    return attributes;
  }

  @Override
  public void resume(PlatformLink link) {
    MiawConversation c = MiawConversation.fromLink(link);
    conversations.put(c.key(), c);
    log.info("resuming {}", c);
    listen(c);
  }

  @Override
  public CompletionStage<Void> release(PlatformLink link) {
    MiawConversation c = conversations.remove(link.getTenant() + "/" + link.getConversationId());
    if (c == null) {
      return CompletableFuture.completedFuture(null);
    }
    c.released = true;
    CompletableFuture<?> stream = c.stream;
    if (stream != null) {
      stream.cancel(true);
    }
    return c.writes.handle((x, e) -> null);
  }

  private boolean stopped(MiawConversation c) {
    return closed || c.ended || c.released;
  }

  /** Opens the stream from what is on Kafka, once earlier writes settled; reconnects when it ends. */
  private void listen(MiawConversation c) {
    listen(c, 0);
  }

  private void listen(MiawConversation c, int failures) {
    if (stopped(c)) {
      return;
    }
    CompletableFuture<Void> settled;
    synchronized (c) {
      settled = c.writes.handle((x, e) -> null);
    }
    settled.thenCompose(x -> {
      CompletableFuture<Void> stream = calls.once(c.orgId, () -> client.events(c, c.lastEventId, e -> onEvent(c, e)));
      c.stream = stream;
      return stream;
    }).whenComplete((x, error) -> {
      if (stopped(c)) {
        return;
      }
      if (error instanceof PlatformCallFailed failed && failed.status() == 401
          || error != null && error.getCause() instanceof PlatformCallFailed f && f.status() == 401) {
        gone(c, "the MIAW access token is no longer valid");
        return;
      }
      // A stream that ended or failed is opened again; the client reconnects dropped streams itself.
      int next = error == null ? 0 : failures + 1;
      calls.backoff(Math.max(1, next), error == null ? new IllegalStateException("stream ended") : error)
          .thenRun(() -> listen(c, next));
    });
  }

  private void onEvent(MiawConversation c, MiawClient.Sse event) {
    writeLinked(c, () -> {
      if (event.id() <= c.lastEventId) {
        return null; // already on Kafka
      }
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      SpecificRecord body = toAgentEvent(c, event);
      if (body != null) {
        String id = UUID.nameUUIDFromBytes((c.miawId + "#" + event.id()).getBytes(StandardCharsets.UTF_8)).toString();
        records.add(AgentEvents.record(agentEvent(c, id, body)));
      }
      return records;
    }, event.id(), () -> c.lastEventId = Math.max(c.lastEventId, event.id())).whenComplete((x, e) -> {
      if (e == null && c.ended) {
        CompletableFuture<?> stream = c.stream;
        if (stream != null) {
          stream.cancel(true); // nothing more will come for this conversation
        }
      } else if (e != null) {
        // The stream is cut so that it resumes from what Kafka has.
        log.warn("{}: could not record MIAW event {} ({}), reconnecting", c, event.id(), e.toString());
        CompletableFuture<?> stream = c.stream;
        if (stream != null) {
          stream.cancel(true);
        }
      }
    });
  }

  /** Events (when {@code records} gives any; null skips the write) and the link at {@code eventId}, in order. */
  private CompletableFuture<Void> writeLinked(MiawConversation c,
      java.util.function.Supplier<List<ProducerRecord<byte[], byte[]>>> records, long eventId, Runnable written) {
    synchronized (c) {
      CompletableFuture<Void> next = c.writes.handle((x, e) -> null).thenCompose(x -> {
        List<ProducerRecord<byte[], byte[]>> events = records.get();
        if (events == null) {
          return CompletableFuture.completedFuture(null);
        }
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(events);
        all.add(links.record(c.toLink(Math.max(eventId, c.lastEventId))));
        return writes.write(all).thenRun(written);
      });
      c.writes = next;
      return next;
    }
  }

  private SpecificRecord toAgentEvent(MiawConversation c, MiawClient.Sse event) {
    JsonNode data = MiawClient.parse(event.data());
    JsonNode entry = data.path("conversationEntry");
    switch (event.type()) {
      case "CONVERSATION_ROUTING_RESULT" -> {
        JsonNode result = data.path("routingResult");
        String failure = result.path("failureType").asText("None");
        if (!failure.equals("None")) {
          c.ended = true;
          return new HandoverFailed("MIAW could not route the conversation: " + failure);
        }
        JsonNode wait = result.path("estimatedWaitTime");
        return new ChatQueued(wait.hasNonNull("positionInQueue") ? wait.get("positionInQueue").asInt() : null,
            wait.hasNonNull("estimatedWaitTimeInSeconds") ? wait.get("estimatedWaitTimeInSeconds").asInt() : null);
      }
      case "CONVERSATION_PARTICIPANT_CHANGED" -> {
        for (JsonNode change : MiawClient.parse(entry.path("entryPayload").asText()).path("entries")) {
          JsonNode participant = change.path("participant");
          if (!participant.path("role").asText().equals("Agent")) {
            continue;
          }
          String name = change.path("displayName").asText(participant.path("displayName").asText("Agent"));
          return change.path("operation").asText().equals("remove") ? new AgentLeft(name)
              : new AgentJoined(name, participant.path("subject").asText(null));
        }
        return null;
      }
      case "CONVERSATION_MESSAGE" -> {
        if (entry.path("sender").path("role").asText().equals("EndUser")) {
          return null; // the echo of the visitor's own message
        }
        String text = MiawClient.parse(entry.path("entryPayload").asText()).path("abstractMessage")
            .path("staticContent").path("text").asText();
        String name = entry.path("senderDisplayName").asText("");
        return new AgentMessage(text, name.isEmpty() ? null : name, List.of());
      }
      case "CONVERSATION_TYPING_STARTED_INDICATOR", "CONVERSATION_TYPING_STOPPED_INDICATOR" -> {
        if (entry.path("sender").path("role").asText().equals("EndUser")) {
          return null;
        }
        return new AgentTyping(event.type().equals("CONVERSATION_TYPING_STARTED_INDICATOR"));
      }
      case "CONVERSATION_CLOSE_CONVERSATION" -> {
        boolean ours = c.ending;
        c.ended = true;
        return ours ? null : new ChatEnded(EndedBy.agent, "closed");
      }
      default -> {
        return null; // delivery and read acknowledgements: nothing for the visitor
      }
    }
  }

  private void gone(MiawConversation c, String reason) {
    if (c.ended || c.ending) {
      return;
    }
    c.ended = true;
    String id = UUID.nameUUIDFromBytes((c.miawId + "#gone").getBytes(StandardCharsets.UTF_8)).toString();
    writeLinked(c, () -> List.of(AgentEvents.record(agentEvent(c, id, new ChatEnded(EndedBy.timeout, reason)))),
        c.lastEventId, () -> {});
  }

  private static AgentEvent agentEvent(MiawConversation c, String id, SpecificRecord body) {
    return AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(c.tenant)
        .setConversationId(c.conversationId).setPlatform(Platform.salesforce_miaw).setHandoverId(c.handoverId)
        .setBody(body).build();
  }

  private static String textOf(SendVisitorMessage send) {
    StringBuilder text = new StringBuilder(send.getMessage().getText());
    for (Attachment a : send.getMessage().getAttachments()) {
      text.append("\n[").append(a.getName()).append("] ").append(a.getUrl());
    }
    return text.toString();
  }

  @Override
  public void close() {
    closed = true;
    conversations.values().forEach(c -> {
      CompletableFuture<?> stream = c.stream;
      if (stream != null) {
        stream.cancel(true);
      }
    });
    http.shutdownNow();
  }
}
