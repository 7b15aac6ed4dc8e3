package io.baton.connector.misc.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryAfter;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.connector.polling.LongPoll;
import io.baton.events.EndedBy;
import io.baton.events.OracleChatHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.avro.specific.SpecificRecord;

/**
 * Oracle B2C Service chats on the consumer side, in the runtime's {@link ChatPlatform} slot: the opening is
 * {@link OracleOpening}'s; visitor messages are postMessage with a transaction id from the command id (a repeat is
 * dropped by Oracle), typing is the activity mode, Baton's end concludes the engagement. Agent activity comes from a
 * {@link LongPoll} on getMessages (a chain of futures, no thread per chat), mapped by {@link OracleSystemMessages}.
 * A 403 renews the JWT and goes on ({@link OracleSessions}); a postMessage answered 409 means Oracle
 * auto-terminated the chat: it ends, with Oracle's reason.
 *
 * <p>Oracle hands each system message out once and has no acknowledgement: an answer's events wait in the
 * engagement ({@link OracleEngagement#pending}) until Kafka has them, and go with the next answer when a write failed.
 */
final class OraclePlatform
    implements
      ChatPlatform<OracleEngagement>,
      LongPoll.Exchange<OracleEngagement, HttpResponse<String>> {
  private final OracleConfig config;
  private final OracleClient client;
  private final OracleSessions sessions;
  private final OracleOpening opening;
  private final OracleLinkCodec codec = new OracleLinkCodec();
  private final LongPoll<OracleEngagement, HttpResponse<String>> polls;
  private final PlatformCalls calls;

  OraclePlatform(OracleConfig config, OracleClient client, OracleSessions sessions, ConnectorHost.Context context) {
    this.config = config;
    this.client = client;
    this.sessions = sessions;
    this.calls = context.calls();
    this.opening = new OracleOpening(client, sessions, config.transcriptChunk());
    this.polls = new LongPoll<>(calls, this);
  }

  @Override
  public Platform platform() {
    return Platform.oracle_chat;
  }

  @Override
  public LinkCodec<OracleEngagement> codec() {
    return codec;
  }

  /** Chats this instance is polling now (tests, metrics). */
  int polling() {
    return polls.polling();
  }

  @Override
  public CompletionStage<Void> open(Chat<OracleEngagement> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof OracleChatHandover)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("the handover payload is not an Oracle one"));
    }
    if (chat.state() == null) {
      String connection = sessions.connections().resolve(chat.connectionId());
      try {
        chat.state(new OracleEngagement(connection,
            OracleOpening.sessionInformation(start.getHandover(), sessions.settings(connection))));
      } catch (IllegalArgumentException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    chat.state().openedHere = true;
    return opening.advance(chat, start.getTranscript());
  }

  private CompletableFuture<OracleEngagement> live(Chat<OracleEngagement> chat) {
    OracleEngagement e = chat.state();
    if (e == null || e.step != OracleEngagement.Step.LIVE) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Oracle engagement for handover "
          + chat.handoverId()));
    }
    return CompletableFuture.completedFuture(e);
  }

  @Override
  public CompletionStage<Void> send(Chat<OracleEngagement> chat, String commandId, VisitorMessage message) {
    long transaction = OracleTransactions.id(commandId);
    return live(chat).thenCompose(e -> sessions.call(chat, "postMessage", s -> client.post(s, "postMessage",
        OracleTransactions.message(message.getText(), transaction)))).handle((json, error) -> {
          if (error == null) {
            return CompletableFuture.<Void>completedFuture(null);
          }
          if (OracleClient.status(error, 409)) { // auto-terminated: Oracle concluded the engagement
            String reason = "Oracle auto-terminated the chat (409): " + OracleClient.reason(error);
            return terminated(chat, reason).thenCompose(x -> CompletableFuture.<Void>failedFuture(
                new IllegalStateException(reason)));
          }
          return CompletableFuture.<Void>failedFuture(error);
        }).thenCompose(f -> f);
  }

  /** The chat ends with Oracle's reason (its own concluded message, if still polled, is not relayed again). */
  private CompletableFuture<Void> terminated(Chat<OracleEngagement> chat, String reason) {
    if (chat.ended()) {
      return CompletableFuture.completedFuture(null);
    }
    SpecificRecord end = chat.endedByPlatform(EndedBy.failure, reason);
    return end == null ? CompletableFuture.completedFuture(null) : chat.publishWithLink("auto-terminated", end);
  }

  @Override
  public CompletionStage<Void> typing(Chat<OracleEngagement> chat, String commandId, boolean typing) {
    return live(chat).thenCompose(e -> sessions.call(chat, "activity", s -> client.post(s, "activity",
        Map.of("mode", typing ? "RESPONDING" : "LISTENING")))).thenApply(x -> null);
  }

  /** Baton's end concludes the engagement; one that is gone already (404, 409) is ended all the same. */
  @Override
  public CompletionStage<Void> end(Chat<OracleEngagement> chat, String commandId, String reason) {
    OracleEngagement e = chat.state();
    if (e == null || e.sessionId == null) {
      return CompletableFuture.completedFuture(null); // no engagement reached Oracle
    }
    return sessions.call(chat, "concludeEngagement", s -> client.post(s, "concludeEngagement",
        OracleTransactions.stamp(OracleTransactions.id(commandId)))).handle((json, error) -> {
          if (error == null || OracleClient.status(error, 404) || OracleClient.status(error, 409)) {
            return CompletableFuture.<Void>completedFuture(null);
          }
          return CompletableFuture.<Void>failedFuture(error);
        }).thenCompose(f -> f);
  }

  // ---- the agent's side: the long poll ----

  @Override
  public void listen(Chat<OracleEngagement> chat) {
    OracleEngagement e = chat.state();
    if (e == null || e.sessionId == null) {
      return;
    }
    // A resumed chat waits: the previous owner's last poll may still be held, and Oracle allows one per session.
    polls.start(chat, e.openedHere ? Duration.ZERO : config.resumePollDelay());
  }

  @Override
  public CompletionStage<Void> stop(Chat<OracleEngagement> chat) {
    return polls.stop(chat);
  }

  @Override
  public CompletableFuture<HttpResponse<String>> request(Chat<OracleEngagement> chat) {
    OracleEngagement e = chat.state();
    return calls.once(e.connection, () -> client.messages(e));
  }

  @Override
  public LongPoll.Answer answer(Chat<OracleEngagement> chat, HttpResponse<String> response) {
    OracleEngagement e = chat.state();
    int status = response.statusCode();
    if (status == 403) {
      String jwt = response.request().headers().firstValue("Authorization").orElse("").replaceFirst("^Bearer ", "");
      return LongPoll.Answer.after(sessions.renew(chat, jwt));
    }
    if (status == 404) {
      chat.gone("the Oracle engagement no longer exists (getMessages answered 404)");
      return LongPoll.Answer.stop();
    }
    if (status / 100 != 2) { // 409 (another poll is held), 429, 5xx: back off and poll again
      throw OracleClient.refusal("POST getMessages", status,
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()),
          response.body() == null ? "" : response.body());
    }
    JsonNode json;
    try {
      json = response.body() == null || response.body().isBlank() ? OracleClient.JSON.createObjectNode()
          : OracleClient.JSON.readTree(response.body());
    } catch (IOException ex) {
      throw new PlatformCallFailed("POST getMessages (unreadable answer)", 502, null);
    }
    List<ChatWrite.Event> events;
    synchronized (e) {
      e.pending.addAll(OracleSystemMessages.events(e, OracleSystemMessages.sorted(json),
          (by, reason) -> chat.ended() && !chat.ending() ? null : chat.endedByPlatform(by, reason)));
      events = new ArrayList<>(e.pending);
    }
    if (events.isEmpty()) {
      return LongPoll.Answer.again();
    }
    long sequence = e.lastSequence;
    return LongPoll.Answer.write(() -> ChatWrite.events(events).withLink(codec.encode(e, sequence)), () -> {
      synchronized (e) {
        e.pending.removeAll(events);
      }
    });
  }

  @Override
  public void close() {
    polls.close();
    client.close();
  }
}
