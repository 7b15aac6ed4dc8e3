package io.baton.connector.salesforce.liveagent;

import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.CallTrace;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryAfter;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.LinkCodec;
import io.baton.connector.polling.LongPoll;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceHttp;
import io.baton.events.Attachment;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.trace.TraceParent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Live Agent chats on the visitor side, in the runtime's {@link ChatPlatform} slot: opening is the availability check
 * (when configured), SessionId and ChasitorInit; visitor messages, typing and the end are Chasitor POSTs with
 * Live Agent's sequence numbers; agent activity comes from a {@link LongPoll} on {@code System/Messages} (mapped by
 * {@link LiveAgentMessages}), acknowledged only once its events and the link with the next {@code ack} are on Kafka.
 *
 * <p>Sequenced requests go one at a time through the session's ordered path. A 503 (affinity change) is a barrier on
 * it: nothing goes until ReconnectSession brought the new affinity token and reset the numbering, ChasitorSessionData
 * came in a poll with the new token, and ChasitorResyncState was answered; then the interrupted and queued requests go
 * again, in order, with the new affinity and numbers. A 403 (session expired) or 409
 * (duplicate poll) ends the chat.
 */
public final class LiveAgentPlatform
    implements
      ChatPlatform<LiveAgentSession>,
      LongPoll.Exchange<LiveAgentSession, HttpResponse<String>> {
  private static final int MAX_RECONNECTS_PER_REQUEST = 8;
  /** The command id ChasitorInit is numbered under: one per session, so a repeated start sends it with its number. */
  private static final String INIT = "ChasitorInit";

  private final SalesforceConfig config;
  private final PlatformCalls calls;
  private final LiveAgentAvailability availability;
  private final SalesforceHttp http = new SalesforceHttp("liveagent-http");
  private final LiveAgentClient client;
  private final LiveAgentLinkCodec codec = new LiveAgentLinkCodec();
  private final LongPoll<LiveAgentSession, HttpResponse<String>> polls;
  private final LiveAgentFiles files;
  private final LiveAgentReconnects reconnects;

  public LiveAgentPlatform(SalesforceConfig config, ConnectorHost.Context context) {
    this.config = config;
    this.calls = context.calls();
    this.availability = new LiveAgentAvailability(config, calls);
    this.client = new LiveAgentClient(http.client(), config.apiVersion(), config.requestTimeout());
    this.polls = new LongPoll<>(calls, this);
    this.files = new LiveAgentFiles(calls, client);
    this.reconnects = new LiveAgentReconnects(calls, client);
  }

  @Override
  public Platform platform() {
    return Platform.salesforce;
  }

  @Override
  public LinkCodec<LiveAgentSession> codec() {
    return codec;
  }

  /** Chats this instance is polling now (tests, metrics). */
  public int polling() {
    return polls.polling();
  }

  // ---- opening ----

  @Override
  public CompletionStage<Void> open(Chat<LiveAgentSession> chat, StartChat start) {
    if (chat.state() != null) {
      return init(chat, start); // a repeated start: ChasitorInit again, with its number, which Live Agent drops
    }
    SalesforceLiveAgentHandover payload = (SalesforceLiveAgentHandover) start.getHandover().getPayload();
    if (!config.checkAvailability()) {
      return newSession(chat, payload).thenCompose(x -> init(chat, start));
    }
    return availability.check(payload.getLiveAgentHostname(), payload.getOrganizationId(), payload.getDeploymentId(),
        List.of(payload.getButtonId())).thenCompose(buttons -> {
          if (buttons.stream().anyMatch(b -> b.id().equals(payload.getButtonId()) && b.available())) {
            return newSession(chat, payload).thenCompose(x -> init(chat, start));
          }
          return chat.refused("unavailable", "no agent is available for button " + payload.getButtonId()
              + " (Live Agent Availability)");
        });
  }

  private CompletableFuture<Void> newSession(Chat<LiveAgentSession> chat, SalesforceLiveAgentHandover payload) {
    String restUrl = config.liveAgentRestUrl(payload.getLiveAgentHostname());
    String org = payload.getOrganizationId();
    return calls.call(org, "SessionId", () -> client.sessionId(restUrl)).thenCompose(json -> {
      LiveAgentSession session = new LiveAgentSession(restUrl, org, json.path("id").asText(),
          json.path("key").asText(), json.path("affinityToken").asText(), LiveAgentClient.pollTimeout(json));
      session.queueUpdates = payload.getReceiveQueueUpdates();
      chat.state(session);
      return chat.saveLink();
    });
  }

  private CompletableFuture<Void> init(Chat<LiveAgentSession> chat, StartChat start) {
    LiveAgentSession session = chat.state();
    session.openedHere = true;
    Map<String, Object> init = ChasitorInit.body(session.sessionId, start.getHandover(), start.getTranscript());
    return post(chat, INIT, "Chasitor/ChasitorInit", init);
  }

  // ---- the visitor's side ----

  @Override
  public CompletionStage<Void> send(Chat<LiveAgentSession> chat, String commandId, VisitorMessage message) {
    LiveAgentSession session = chat.state();
    String refusal = LiveAgentFiles.refusal(session, message);
    if (refusal != null) {
      return CompletableFuture.failedFuture(new LiveAgentClient.LiveAgentException(refusal));
    }
    List<Attachment> attachments = message.getAttachments();
    // Live Agent answers 500 to a message before ChatRequestSuccess; before an agent joins it queues it for them.
    return session.requestAccepted.thenCompose(x -> attachments.isEmpty()
        ? CompletableFuture.<Void>completedFuture(null)
        : files.upload(chat, attachments.get(0))).thenCompose(x -> {
          if (!attachments.isEmpty() && message.getText().isBlank()) {
            return CompletableFuture.<Void>completedFuture(null); // the file alone
          }
          return post(chat, commandId, "Chasitor/ChatMessage", Map.of("text", message.getText()));
        });
  }

  @Override
  public CompletionStage<Void> typing(Chat<LiveAgentSession> chat, String commandId, boolean typing) {
    // Sent once the request succeeded, like a message, whether or not an agent is there at this moment: every
    // command takes the next sequence number, so a replay numbers commands exactly as the first run did (see post).
    return chat.state().requestAccepted.thenCompose(x -> post(chat, commandId,
        typing ? "Chasitor/ChasitorTyping" : "Chasitor/ChasitorNotTyping", null));
  }

  @Override
  public CompletionStage<Void> end(Chat<LiveAgentSession> chat, String commandId, String reason) {
    return post(chat, commandId, "Chasitor/ChatEnd", Map.of("reason", "client")).exceptionallyCompose(
        e -> expired(e) ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(e));
  }

  /**
   * Every request with a sequence number goes through the session's one ordered path ({@link LiveAgentSession#inOrder}):
   * it takes its number and affinity only at the head of that path, after any affinity change is fully handled
   * (ReconnectSession, then ChasitorSessionData read from a poll with the new affinity, then ChasitorResyncState), so
   * every request after a change carries the new affinity and the new numbering, in order.
   */
  private CompletableFuture<Void> post(Chat<LiveAgentSession> chat, String commandId, String path, Object body) {
    TraceParent trace = CallTrace.current(); // the command's, also when its turn comes on another thread
    return chat.state().inOrder(() -> CallTrace.with(trace, () -> attempt(chat, commandId, path, body, 0)));
  }

  /**
   * Sends with the command's sequence number while the link recording that number is written; the command completes
   * only when both are done, so its offset is committed after its link. Writing the link first would put a Kafka
   * round trip before every request. A crash in between is safe because numbering is deterministic: each command,
   * in offset order, takes the next number, so a replay from the older link gives every command the number it had
   * (or the one the link recorded), and Live Agent drops what it already has. 429 and 5xx are retried by
   * {@link PlatformCalls} with the same number; a 503 reconnects, waits for the barrier, then sends again.
   */
  private CompletableFuture<Void> attempt(Chat<LiveAgentSession> chat, String commandId, String path, Object body,
      int tries) {
    LiveAgentSession session = chat.state();
    return session.barrier().thenCompose(open -> {
      LiveAgentSession.Stamp stamp = session.stampFor(commandId);
      if (stamp.sequence() == LiveAgentSession.ALREADY_SENT) {
        return CompletableFuture.completedFuture(null); // accepted before a reconnect; sending it again doubles it
      }
      CompletableFuture<Void> saved = chat.saveLink();
      return calls.call(session.org, path, () -> client.post(session, stamp, path, body)).thenCompose(x -> saved)
          .exceptionallyCompose(e -> {
            Throwable cause = unwrap(e);
            if (cause instanceof LiveAgentClient.AffinityChanged && tries < MAX_RECONNECTS_PER_REQUEST) {
              return reconnects.reconnect(chat, stamp.affinity()).thenCompose(x -> {
                session.forget(commandId);
                return attempt(chat, commandId, path, body, tries + 1);
              });
            }
            if (cause instanceof PlatformCallFailed failed && failed.status() == 403) {
              gone(chat, 403);
              return CompletableFuture.failedFuture(new IllegalStateException("the Live Agent session expired (403)"));
            }
            return CompletableFuture.failedFuture(cause);
          });
    });
  }

  // ---- the agent's side: the long poll ----

  @Override
  public void listen(Chat<LiveAgentSession> chat) {
    // A resumed chat waits: the previous owner's last poll may still be held, and a second one is a 409 that ends it.
    polls.start(chat, chat.state().openedHere ? Duration.ZERO : config.resumePollDelay());
  }

  @Override
  public CompletionStage<Void> stop(Chat<LiveAgentSession> chat) {
    return polls.stop(chat);
  }

  @Override
  public CompletableFuture<HttpResponse<String>> request(Chat<LiveAgentSession> chat) {
    LiveAgentSession session = chat.state();
    return calls.once(session.org, () -> client.messages(session));
  }

  @Override
  public LongPoll.Answer answer(Chat<LiveAgentSession> chat, HttpResponse<String> response) {
    int status = response.statusCode();
    return switch (status) {
      case 200 -> LiveAgentMessages.answer(chat, codec, response.body(),
          response.request().headers().firstValue("X-LIVEAGENT-AFFINITY").orElse(""), reconnects::sessionData);
      case 204 -> LongPoll.Answer.again();
      case 403, 409 -> {
        gone(chat, status);
        yield LongPoll.Answer.stop();
      }
      case 503 -> LongPoll.Answer.after(reconnects.reconnect(chat, response.request().headers()
          .firstValue("X-LIVEAGENT-AFFINITY").orElse(chat.state().affinity)));
      default -> throw new PlatformCallFailed("Live Agent Messages", status,
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
    };
  }

  /** 403: the session expired or ended at Salesforce; 409: another poll took over, which ends the chat. */
  private void gone(Chat<LiveAgentSession> chat, int status) {
    LiveAgentMessages.stopWaitingForRequest(chat.state());
    chat.gone(status == 403 ? "the Live Agent session expired" : "the Live Agent session was taken over (409)");
  }

  private static boolean expired(Throwable e) {
    return unwrap(e) instanceof IllegalStateException ise && ise.getMessage() != null
        && ise.getMessage().contains("expired");
  }

  private static Throwable unwrap(Throwable e) {
    return PlatformCalls.cause(e);
  }

  @Override
  public void close() {
    polls.close();
    http.close();
  }
}
