package io.baton.connector.dixa;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.AgentEvents;
import io.baton.connector.ConnectorHost;
import io.baton.connector.PlatformConnector;
import io.baton.connector.PlatformLinks;
import io.baton.connector.TransactionalWrites;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.dixa.DixaClient.DixaCallFailed;
import io.baton.connector.webhooks.WebhookEndpoint;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.ConnectorCommand;
import io.baton.events.DixaHandover;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handovers to Dixa, driven by Dixa's webhooks. A start runs Dixa's escalation steps (end user by email or new;
 * conversation imported on the generic API messaging channel with the bot transcript; transfer to the queue; tags),
 * recording each in the link, so a restart goes on from the last step instead of opening a second conversation.
 * Visitor messages become inbound messages (their command id as {@code externalId}, so a repeated command is not
 * posted twice). Dixa's webhooks (signed, deduplicated by {@code event_id} in the runtime's webhook server) become
 * agent events: an assignment is "agent joined", a Member's outbound message an agent message, typing, and a closed
 * or abandoned conversation ends the handover.
 */
public final class DixaChats implements PlatformConnector {
  private static final Logger log = LoggerFactory.getLogger(DixaChats.class);
  /** Dixa's channel for bot escalations. */
  static final String CHANNEL = "genericapimessaging";
  static final List<String> EVENTS = List.of("CONVERSATION_ASSIGNED", "CONVERSATION_UNASSIGNED",
      "CONVERSATION_MESSAGE_ADDED", "TYPING_STARTED", "CONVERSATION_CLOSED", "CONVERSATION_ABANDONED");

  private final DixaConfig config;
  private final PlatformLinks links;
  private final TransactionalWrites writes;
  private final PlatformCalls calls;
  private final DixaClient client;
  private final ExecutorService http;
  private final DixaSignature signature;
  private final String webhookBase;
  private final Map<String, DixaChat> chats = new ConcurrentHashMap<>();
  /** {@code <connection>/<csid>} -> chat: where a webhook goes. */
  private final Map<String, DixaChat> byConversation = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> subscriptions = new ConcurrentHashMap<>();
  /** connection -> API token: the environment's, then those of connections.v1. */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private volatile ConnectionFeed feed;
  /** Commands of connections whose token is not known yet (connections.v1 still being read after a start). */
  private final Map<String, CompletableFuture<String>> awaitedTokens = new ConcurrentHashMap<>();
  private volatile boolean closed;
  /**
   * Right after a start, live chats are still being resumed from their links (partition assignment takes a few
   * seconds): an event for a conversation not known yet is refused (503, Dixa retries it) rather than dropped.
   */
  static final Duration RESUME_GRACE = Duration.ofSeconds(30);
  private final long startedAt = System.nanoTime();

  /** @param webhookBase where Dixa reaches {@code server}, e.g. {@code https://baton.example.com} */
  public DixaChats(DixaConfig config, ConnectorHost.Context context, WebhookServer server, String webhookBase) {
    this.config = config;
    this.links = context.links();
    this.writes = context.writes();
    this.calls = context.calls();
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
    this.http = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "dixa-http");
      t.setDaemon(true);
      return t;
    });
    this.client = new DixaClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(http)
        .connectTimeout(Duration.ofSeconds(5)).build(), config.apiUrl(), config.requestTimeout());
    this.signature = new DixaSignature(config.signatureMaxAge(), Clock.systemUTC());
    server.register(new WebhookEndpoint("dixa", signature, DixaChats::eventId, this::onWebhook));
    tokens.putAll(config.connections());
    config.connections().keySet().forEach(this::activate);
  }

  /** Reports connection status to connections.v1 through this feed from now on. */
  void follow(ConnectionFeed feed) {
    this.feed = feed;
  }

  /**
   * The connection (token, rate limit, webhook) a handover uses: its own when it has a token or when tokens come from
   * connections.v1 (it may not be read yet), else the default.
   */
  private String connectionOf(String connectionId) {
    if (connectionId == null) {
      return DixaConfig.DEFAULT_CONNECTION;
    }
    return tokens.containsKey(connectionId) || config.connectionSecrets() != null ? connectionId
        : DixaConfig.DEFAULT_CONNECTION;
  }

  /** The connection's token, once known; the command timeout bounds the wait. */
  private CompletableFuture<String> token(String connection) {
    String known = tokens.get(connection);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    if (config.connectionSecrets() == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Dixa API token for connection "
          + connection));
    }
    CompletableFuture<String> waiting = awaitedTokens.computeIfAbsent(connection, c -> new CompletableFuture<>());
    String now = tokens.get(connection); // it may have arrived meanwhile
    if (now != null) {
      waiting.complete(now);
    }
    return waiting;
  }

  /** A Dixa connection of connections.v1, new or with new credentials: activate it with its token. */
  void connectionChanged(Connection connection, Map<String, String> secrets) {
    String id = connection.getConnectionId();
    String token = secrets.get("token");
    if (token == null || token.isBlank()) {
      report(id, ConnectionStatus.inactive, "no Dixa API token (secret 'token')");
      return;
    }
    tokens.put(id, token.trim());
    CompletableFuture<String> waiting = awaitedTokens.remove(id);
    if (waiting != null) {
      waiting.complete(token.trim());
    }
    CompletableFuture<Void> previous = subscriptions.remove(id);
    if (previous != null) {
      previous.cancel(false); // stops its retries: the new token is tried instead
    }
    activate(id);
  }

  private void report(String connection, ConnectionStatus status, String reason) {
    ConnectionFeed f = feed;
    if (f != null && !DixaConfig.DEFAULT_CONNECTION.equals(connection)) {
      f.report(connection, status, reason).exceptionally(e -> {
        log.warn("connection {}: could not record its status: {}", connection, e.toString());
        return null;
      });
    }
  }

  /** The URL Dixa posts a connection's events to. */
  String webhookUrl(String connection) {
    return webhookBase + "/webhooks/dixa/" + connection;
  }

  // ---- activation: one webhook subscription per connection ----

  /**
   * Registers (or finds) the connection's webhook subscription and learns its secret key. Until that worked the
   * connection is inactive: its handovers wait, and the reason is logged; it is tried again with backoff.
   */
  private CompletableFuture<Void> activate(String connection) {
    return subscriptions.computeIfAbsent(connection, c -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      subscribe(c, 1, done);
      return done;
    });
  }

  private void subscribe(String connection, int attempt, CompletableFuture<Void> done) {
    if (closed || done.isDone()) {
      return;
    }
    String token = tokens.get(connection);
    String url = webhookUrl(connection);
    String name = "baton-" + connection;
    calls.call(connection, "GET /webhooks", () -> client.call(token, "GET", "/webhooks", null)).thenCompose(list -> {
      List<CompletableFuture<JsonNode>> stale = new ArrayList<>();
      for (JsonNode s : list.path("data")) {
        if (url.equals(s.path("url").asText()) && s.path("secretKey").isTextual()) {
          return CompletableFuture.completedFuture(s);
        }
        if (name.equals(s.path("name").asText())) { // ours, from a previous public URL
          String id = s.path("id").asText();
          stale.add(
              calls.call(connection, "DELETE /webhooks", () -> client.call(token, "DELETE", "/webhooks/" + id, null)));
        }
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("url", url);
      body.put("events", EVENTS);
      body.put("authorization", Map.of("_type", "NoAuth"));
      return CompletableFuture.allOf(stale.toArray(CompletableFuture[]::new)).thenCompose(x -> calls.call(connection,
          "POST /webhooks", () -> client.call(token, "POST", "/webhooks", body))).thenApply(r -> r.path("data"));
    }).whenComplete((subscription, error) -> {
      if (error == null && subscription.path("secretKey").isTextual()) {
        signature.secret(connection, subscription.path("secretKey").asText());
        log.info("dixa connection {} active: webhook subscription {} -> {}", connection,
            subscription.path("id").asText(), url);
        done.complete(null);
        report(connection, ConnectionStatus.active, null);
        return;
      }
      String reason = "the webhook subscription failed: "
          + (error != null ? unwrap(error).getMessage() : "the subscription has no secretKey");
      log.error("dixa connection {} stays inactive: {}", connection, reason);
      report(connection, ConnectionStatus.inactive, reason);
      calls.backoff(Math.min(attempt, 8), error == null ? new IllegalStateException(reason) : error)
          .thenRun(() -> subscribe(connection, attempt + 1, done));
    });
  }

  /** True once the connection's webhook subscription is registered (tests, health). */
  public boolean active(String connection) {
    CompletableFuture<Void> s = subscriptions.get(connection);
    return s != null && s.isDone() && !s.isCompletedExceptionally();
  }

  // ---- commands ----

  @Override
  public CompletionStage<Void> handle(ConnectorCommand command) {
    Object body = command.getBody();
    if (body instanceof StartChat start) {
      return start(command, start);
    }
    DixaChat chat = chats.get(command.getTenant() + "/" + command.getConversationId());
    if (chat == null || !chat.handoverId.equals(command.getHandoverId()) || chat.step != DixaChat.Step.DONE) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Dixa conversation for handover "
          + command.getHandoverId()));
    }
    if (chat.ended) {
      return body instanceof EndChat ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(new IllegalStateException("the Dixa conversation has ended"));
    }
    if (body instanceof SetVisitorTyping) {
      return CompletableFuture.completedFuture(null); // Dixa's API has no end-user typing indicator
    }
    return token(chat.connection).thenCompose(token -> relay(command, chat, token));
  }

  private CompletableFuture<Void> relay(ConnectorCommand command, DixaChat chat, String token) {
    Object body = command.getBody();
    if (body instanceof SendVisitorMessage send) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("content", Map.of("value", send.getMessage().getText(), "_type", "Text"));
      List<Map<String, String>> attachments = new ArrayList<>();
      for (Attachment a : send.getMessage().getAttachments()) {
        attachments.add(Map.of("url", a.getUrl(), "prettyName", a.getName()));
      }
      message.put("attachments", attachments);
      message.put("_type", "Inbound");
      message.put("externalId", command.getEventId()); // a command read again is refused as a duplicate
      return calls.call(chat.connection, "POST /conversations/{id}/messages",
          () -> client.call(token, "POST", "/conversations/" + chat.csid + "/messages", message))
          .<Void>thenApply(x -> null)
          .exceptionallyCompose(e -> duplicate(e) ? CompletableFuture.completedFuture(null)
              : CompletableFuture.failedFuture(unwrap(e)));
    }
    if (body instanceof EndChat) {
      chat.ending = true; // Dixa's close webhook may come before its answer: it is our own doing, not the agent's
      return calls.call(chat.connection, "PUT /conversations/{id}/close",
          () -> client.call(token, "PUT", "/conversations/" + chat.csid + "/close", Map.of()))
          .whenComplete((x, e) -> chat.ending = e == null)
          .thenCompose(x -> {
            chat.ended = true;
            return saveLink(chat);
          });
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException("unsupported command "
        + body.getClass().getSimpleName()));
  }

  private CompletionStage<Void> start(ConnectorCommand command, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof DixaHandover payload)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("the handover payload is not a Dixa one"));
    }
    if (payload.getWidgetId() == null || payload.getWidgetId().isBlank()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("widgetId is required"));
    }
    String key = command.getTenant() + "/" + command.getConversationId();
    String connectionId = command.getConnectionId() != null ? command.getConnectionId()
        : start.getHandover().getConnectionId();
    String connection = connectionOf(connectionId);
    DixaChat known = chats.get(key);
    DixaChat chat;
    if (known != null && known.handoverId.equals(command.getHandoverId())) {
      chat = known; // a repeated start: go on from the last recorded step
      log.info("resuming the handover of {}", chat);
    } else {
      chat = new DixaChat(command.getTenant(), command.getConversationId(), command.getHandoverId(), connection);
      chats.put(key, chat);
    }
    return token(connection).thenCompose(token -> activate(connection)).thenCompose(x -> advance(chat, start, payload));
  }

  /** Does the chat's next step, records it, and goes on, until the handover is live. */
  private CompletableFuture<Void> advance(DixaChat chat, StartChat start, DixaHandover payload) {
    String token = tokens.get(chat.connection);
    switch (chat.step) {
      case NEW -> {
        return endUser(chat, token, start.getHandover().getContext(), payload).thenCompose(id -> {
          chat.endUserId = id;
          chat.step = DixaChat.Step.END_USER;
          return saveLink(chat);
        }).thenCompose(x -> advance(chat, start, payload));
      }
      case END_USER -> {
        return importConversation(chat, token, start).thenCompose(csid -> {
          chat.csid = csid;
          byConversation.put(chat.connection + "/" + csid, chat);
          chat.step = DixaChat.Step.CREATED;
          return saveLink(chat);
        }).thenCompose(x -> advance(chat, start, payload));
      }
      case CREATED -> {
        CompletableFuture<JsonNode> transfer = payload.getQueueId() == null || payload.getQueueId().isBlank()
            ? CompletableFuture.completedFuture(null)
            : calls.call(chat.connection, "PUT /conversations/{id}/transfer/queue", () -> client.call(token, "PUT",
                "/conversations/" + chat.csid + "/transfer/queue", Map.of("queueId", payload.getQueueId())));
        return transfer.thenCompose(x -> {
          chat.step = DixaChat.Step.QUEUED;
          return saveLink(chat);
        }).thenCompose(x -> advance(chat, start, payload));
      }
      case QUEUED -> {
        List<Map<String, String>> tags = payload.getTags().stream().filter(t -> !t.isBlank())
            .map(t -> Map.of("name", t)).toList();
        // The bulk call creates missing tags, and tagging twice is harmless: this step may simply be repeated.
        CompletableFuture<JsonNode> tagged = tags.isEmpty() ? CompletableFuture.completedFuture(null)
            : calls.call(chat.connection, "POST /conversations/{id}/tags/bulk", () -> client.call(token, "POST",
                "/conversations/" + chat.csid + "/tags/bulk", Map.of("data", tags)));
        return tagged.thenCompose(x -> {
          chat.step = DixaChat.Step.DONE;
          String id = UUID.nameUUIDFromBytes((chat.handoverId + "#queued").getBytes(StandardCharsets.UTF_8)).toString();
          // The queued event and the live link land together: the handover is live exactly when the router hears it.
          return writeLinked(chat, () -> List.of(AgentEvents.record(event(chat, id, new ChatQueued(null, null))),
              links.record(chat.toLink())));
        }).thenRun(() -> chat.live.complete(null));
      }
      default -> {
        chat.live.complete(null);
        return CompletableFuture.completedFuture(null);
      }
    }
  }

  /** The end user with the visitor's email, else a new one (without an email: one per conversation, by externalId). */
  private CompletableFuture<String> endUser(DixaChat chat, String token, VisitorContext context, DixaHandover payload) {
    String email = payload.getEmail() != null && !payload.getEmail().isBlank() ? payload.getEmail()
        : context != null ? context.getEmail() : null;
    String field = email != null ? "email" : "externalId";
    String value = email != null ? email : "baton-" + chat.tenant + "-" + chat.conversationId;
    Map<String, Object> user = new LinkedHashMap<>();
    user.put(field, value);
    String name = context != null && context.getName() != null && !context.getName().isBlank() ? context.getName()
        : email != null ? email : "Visitor";
    user.put("displayName", name);
    Supplier<CompletableFuture<Optional<String>>> find = () -> calls.call(chat.connection, "GET /endusers",
        () -> client.call(token, "GET", "/endusers?" + field + "=" + DixaClient.query(value), null))
        .thenApply(r -> r.path("data").size() > 0 ? Optional.of(r.path("data").get(0).path("id").asText())
            : Optional.empty());
    return find.get().thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found.get())
        : calls.call(chat.connection, "POST /endusers", () -> client.call(token, "POST", "/endusers", user))
            .thenApply(r -> r.path("data").path("id").asText())
            .exceptionallyCompose(e -> duplicate(e) ? find.get().thenApply(Optional::orElseThrow)
                : CompletableFuture.failedFuture(unwrap(e))));
  }

  /**
   * Imports the conversation with the handover id as {@code externalId}. If Dixa already has it (an import whose
   * answer was lost in a crash), it is found among the end user's conversations rather than created again.
   */
  private CompletableFuture<Long> importConversation(DixaChat chat, String token, StartChat start) {
    List<Map<String, Object>> messages = new ArrayList<>();
    for (TranscriptEntry e : start.getTranscript()) {
      messages.add(Map.of("content", Map.of("value", e.getText(), "_type", "Text"),
          "_type", e.getRole() == TranscriptRole.visitor ? "Inbound" : "Outbound", "createdAt", e.getAt().toString()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("genericChannelName", CHANNEL);
    body.put("requesterId", chat.endUserId);
    body.put("requesterConnectionStatus", "Online");
    body.put("direction", "Inbound");
    body.put("externalId", chat.handoverId);
    body.put("messages", messages);
    return calls.call(chat.connection, "POST /conversations/import",
        () -> client.call(token, "POST", "/conversations/import", body))
        .thenApply(r -> r.path("data").path("id").asLong())
        .exceptionallyCompose(e -> {
          if (!duplicate(e)) {
            return CompletableFuture.failedFuture(unwrap(e));
          }
          return calls.call(chat.connection, "GET /endusers/{id}/conversations", () -> client.call(token, "GET",
              "/endusers/" + chat.endUserId + "/conversations", null)).thenApply(r -> {
                for (JsonNode c : r.path("data")) {
                  if (chat.handoverId.equals(c.path("externalId").asText())) {
                    log.info("{}: Dixa already imported the conversation (an answer was lost); going on with {}", chat,
                        c.path("id").asLong());
                    return c.path("id").asLong();
                  }
                }
                throw new IllegalStateException("Dixa reports the conversation of handover " + chat.handoverId
                    + " as imported but does not list it");
              });
        });
  }

  // ---- webhooks ----

  private static Optional<String> eventId(WebhookRequest request) {
    try {
      JsonNode json = DixaClient.JSON.readTree(request.body());
      return json.path("event_id").isTextual() ? Optional.of(json.get("event_id").asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** One signed, first-seen event: recorded on Kafka (then Dixa gets its 200), or ignored when not ours. */
  private CompletionStage<Void> onWebhook(WebhookRequest request) {
    JsonNode event;
    try {
      event = DixaClient.JSON.readTree(request.body());
    } catch (IOException e) {
      return CompletableFuture.completedFuture(null); // signed by Dixa but unreadable: nothing to act on
    }
    String connection = request.path();
    String fqn = event.path("event_fqn").asText();
    JsonNode data = event.path("data");
    DixaChat chat = byConversation.get(connection + "/" + data.path("conversation").path("csid").asText());
    if (chat == null) {
      if (System.nanoTime() - startedAt < RESUME_GRACE.toNanos()) {
        return CompletableFuture.failedFuture(new IllegalStateException("live chats are still being resumed"));
      }
      log.debug("dixa {} for a conversation that is not a live handover here; ignored", fqn);
      return CompletableFuture.completedFuture(null);
    }
    String id = UUID.nameUUIDFromBytes(("dixa#" + event.path("event_id").asText()).getBytes(StandardCharsets.UTF_8))
        .toString();
    // Events of a handover whose start is still running wait for it, so "queued" always comes before "joined".
    return chat.live.thenCompose(x -> {
      if (chat.ended) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      SpecificRecord body = toAgentEvent(chat, fqn, data);
      if (body == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      boolean linkChanged = body instanceof AgentJoined || body instanceof ChatEnded;
      return writeLinked(chat, () -> linkChanged
          ? List.of(AgentEvents.record(event(chat, id, body)), links.record(chat.toLink()))
          : List.of(AgentEvents.record(event(chat, id, body))));
    });
  }

  private SpecificRecord toAgentEvent(DixaChat chat, String fqn, JsonNode data) {
    switch (fqn) {
      case "CONVERSATION_ASSIGNED" -> {
        JsonNode assignee = data.path("assignee");
        chat.agentName = assignee.path("name").asText("Agent");
        return new AgentJoined(chat.agentName, textOrNull(assignee, "id"));
      }
      case "CONVERSATION_UNASSIGNED" -> {
        return new AgentLeft(chat.agentName);
      }
      case "CONVERSATION_MESSAGE_ADDED" -> {
        JsonNode author = data.path("author");
        // Only what an agent writes to the visitor; the visitor's own messages come back here too.
        if (!"Member".equals(author.path("user_type").asText())
            || !"outbound".equals(data.path("direction").asText())) {
          return null;
        }
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode a : data.path("attachments")) {
          String url = a.path("url").asText();
          attachments.add(new Attachment(url, a.path("prettyName").asText(url.substring(url.lastIndexOf('/') + 1)),
              "application/octet-stream", 0L));
        }
        String text = data.path("content").path("text").asText(data.path("text").asText(""));
        return new AgentMessage(text, textOrNull(author, "name"), attachments);
      }
      case "TYPING_STARTED" -> {
        return new AgentTyping(true);
      }
      case "CONVERSATION_CLOSED" -> {
        if (chat.ending) {
          return null; // the visitor's EndChat: the router ended the handover already
        }
        chat.ended = true;
        return new ChatEnded(EndedBy.agent, "closed");
      }
      case "CONVERSATION_ABANDONED" -> {
        chat.ended = true;
        return new ChatEnded(EndedBy.visitor, "abandoned");
      }
      default -> {
        return null;
      }
    }
  }

  private static AgentEvent event(DixaChat chat, String id, SpecificRecord body) {
    return AgentEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(chat.tenant)
        .setConversationId(chat.conversationId).setPlatform(Platform.dixa).setHandoverId(chat.handoverId)
        .setBody(body).build();
  }

  // ---- links ----

  private CompletableFuture<Void> saveLink(DixaChat chat) {
    return writeLinked(chat, () -> List.of(links.record(chat.toLink())));
  }

  /** Writes after the chat's previous write, built from the state at that moment. */
  private CompletableFuture<Void> writeLinked(DixaChat chat, Supplier<List<ProducerRecord<byte[], byte[]>>> records) {
    synchronized (chat) {
      CompletableFuture<Void> next = chat.writes.handle((x, e) -> null).thenCompose(x -> writes.write(records.get()));
      chat.writes = next;
      return next;
    }
  }

  @Override
  public void resume(PlatformLink link) {
    DixaChat chat = DixaChat.fromLink(link);
    chats.put(chat.key(), chat);
    if (chat.csid >= 0) {
      byConversation.put(chat.connection + "/" + chat.csid, chat);
    }
    if (chat.step == DixaChat.Step.DONE) {
      chat.live.complete(null);
    }
    log.info("resumed {}", chat);
  }

  @Override
  public CompletionStage<Void> release(PlatformLink link) {
    DixaChat chat = chats.remove(link.getTenant() + "/" + link.getConversationId());
    if (chat == null) {
      return CompletableFuture.completedFuture(null);
    }
    byConversation.remove(chat.connection + "/" + chat.csid, chat);
    return chat.writes.handle((x, e) -> null);
  }

  private static boolean duplicate(Throwable e) {
    return unwrap(e) instanceof DixaCallFailed failed && failed.status() == 400
        && failed.dixaMessage().contains("Duplicate externalId");
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  @Override
  public void close() {
    closed = true;
    http.shutdownNow();
  }
}
