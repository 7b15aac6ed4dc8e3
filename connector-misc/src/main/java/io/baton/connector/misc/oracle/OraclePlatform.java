package io.baton.connector.misc.oracle;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.LinkCodec;
import io.baton.events.OracleChatHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Oracle B2C Service chats on the consumer side, in the runtime's {@link ChatPlatform} slot: the opening is
 * {@link OracleOpening}'s; visitor messages are postMessage with a transaction id from the command id (a repeat is
 * dropped by Oracle), typing is the activity mode, Baton's end concludes the engagement. Agent activity comes from
 * {@link OraclePolls} (the runtime's long poll on getMessages), mapped by {@link OracleSystemMessages}.
 * A 403 renews the JWT and goes on ({@link OracleSessions}); a postMessage answered 409 means Oracle
 * auto-terminated the chat: the message fails with Oracle's reason, and the chat ends with the poll's concluded message.
 */
final class OraclePlatform implements ChatPlatform<OracleEngagement> {
  private final OracleConfig config;
  private final OracleClient client;
  private final OracleSessions sessions;
  private final OracleOpening opening;
  private final OracleLinkCodec codec = new OracleLinkCodec();
  private final OraclePolls polls;

  OraclePlatform(OracleConfig config, OracleClient client, OracleSessions sessions, ConnectorHost.Context context) {
    this.config = config;
    this.client = client;
    this.sessions = sessions;
    this.opening = new OracleOpening(client, sessions, config.transcriptChunk());
    this.polls = new OraclePolls(config, client, sessions, codec, context);
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
          if (OracleClient.status(error, 409)) {
            // Auto-terminated: the docs say Oracle posts its notices and concludes the engagement, which the poll
            // relays (the chat ends there, in Oracle's order); the message itself was not delivered.
            return CompletableFuture.<Void>failedFuture(new IllegalStateException(
                "Oracle auto-terminated the chat (409): " + OracleClient.reason(error)));
          }
          return CompletableFuture.<Void>failedFuture(error);
        }).thenCompose(f -> f);
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
  public void close() {
    polls.close();
    client.close();
  }
}
