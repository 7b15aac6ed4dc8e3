package io.baton.connector.misc.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.KustomerHandover;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handovers to Kustomer through its server-side Chat API. A start runs the handoff's steps ({@link KustomerHandoff}:
 * customer, session with the transcript, queue, tags), recording each in the link, so a restart goes on from the last
 * step instead of opening a second session. Visitor messages and typing go to the session as the customer; a message
 * carries its command id as {@code externalId}, and one that may have reached Kustomer before (a retry after a lost
 * answer, the first message after a restart) is looked for among the session's messages before it is posted again.
 * Baton ending the chat marks the conversation done. Webhooks become agent events ({@link KustomerAgentEvents}).
 */
final class KustomerPlatform implements ChatPlatform<KustomerChat> {
  private final KustomerClient client;
  private final PlatformCalls calls;
  private final PlatformConnections connections;
  private final KustomerSessionMessages messages;
  private final KustomerCustomerLimit customerLimit;
  private final KustomerLinkCodec codec = new KustomerLinkCodec();

  KustomerPlatform(KustomerClient client, PlatformCalls calls, PlatformConnections connections,
      KustomerCustomerLimit customerLimit) {
    this.client = client;
    this.calls = calls;
    this.connections = connections;
    this.customerLimit = customerLimit;
    this.messages = new KustomerSessionMessages(this::api, new KustomerAgents());
  }

  @Override
  public Platform platform() {
    return Platform.kustomer;
  }

  @Override
  public LinkCodec<KustomerChat> codec() {
    return codec;
  }

  /** The API of an active connection (its URL, key and rate limit). */
  CompletableFuture<KustomerHandoff.Api> api(String connection) {
    return connections.active(connection).thenApply(x -> {
      Map<String, String> v = connections.verification(connection);
      if (v == null) {
        throw new IllegalStateException("the Kustomer connection " + connection + " is no longer active");
      }
      return new KustomerHandoff.Api(calls, client, connection, v.get(KustomerActivation.API_URL), v.get("apiKey"),
          customerLimit);
    });
  }

  private Set<String> ourUsers(String connection) {
    Map<String, String> v = connections.verification(connection);
    // the bot user is the API key's own unless the connection names another
    return v == null ? Set.of() : new HashSet<>(List.of(v.get(KustomerActivation.OWN_USER),
        v.get(KustomerActivation.BOT_USER)));
  }

  @Override
  public CompletionStage<Void> open(Chat<KustomerChat> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof KustomerHandover payload)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("the handover payload is not a Kustomer one"));
    }
    if (chat.state() == null) {
      chat.state(new KustomerChat(connections.resolve(chat.connectionId())));
    }
    return api(chat.state().connection).thenCompose(api -> advance(chat, api, start, payload));
  }

  /** Does the chat's next step, records it, and goes on, until the handover is live. */
  private CompletableFuture<Void> advance(Chat<KustomerChat> chat, KustomerHandoff.Api api, StartChat start,
      KustomerHandover payload) {
    KustomerChat k = chat.state();
    String externalId = chat.handoverId();
    CompletableFuture<Void> step = switch (k.step) {
      case NEW -> KustomerHandoff.customer(api, payload, start.getHandover().getContext(),
          "baton-" + chat.tenant() + "-" + chat.conversationId()).thenCompose(id -> {
            k.customerId = id;
            k.step = KustomerChat.Step.CUSTOMER;
            return chat.saveLink();
          });
      case CUSTOMER -> session(api, k, start, externalId).thenCompose(id -> {
        k.conversationId = id;
        k.step = KustomerChat.Step.SESSION;
        return chat.ref(KustomerChat.ref(k.connection, id)).thenCompose(x -> chat.saveLink());
      });
      case SESSION -> KustomerHandoff.route(api, k.conversationId, payload.getQueue()).thenCompose(x -> {
        k.step = KustomerChat.Step.ROUTED;
        return chat.saveLink();
      });
      case ROUTED -> KustomerHandoff.tag(api, k.conversationId, payload.getTags()).thenCompose(x -> {
        k.step = KustomerChat.Step.DONE;
        // The queued event and the live link land together: the handover is live exactly when the router hears it.
        return chat.publishWithLink("queued", new ChatQueued(null, null));
      });
      case DONE -> null;
    };
    return step == null ? CompletableFuture.completedFuture(null) : step.thenCompose(x -> advance(chat, api, start,
        payload));
  }

  /** The session a crash may have left (by our external id), else a handoff, else a session and the lines. */
  private CompletableFuture<String> session(KustomerHandoff.Api api, KustomerChat k, StartChat start,
      String externalId) {
    List<KustomerHandoff.Line> lines = KustomerHandoff.lines(start.getTranscript());
    String bot = connections.verification(k.connection).get(KustomerActivation.BOT_USER);
    return KustomerHandoff.existingSession(api, k.customerId, externalId).thenCompose(found -> {
      if (found.isPresent() && KustomerHandoff.handoffTakes(lines)) {
        return CompletableFuture.completedFuture(found.get()); // the handoff imported the transcript with it
      }
      if (found.isPresent()) {
        return KustomerHandoff.postLines(api, k.customerId, found.get(), lines, bot).thenApply(x -> found.get());
      }
      if (KustomerHandoff.handoffTakes(lines)) {
        return KustomerHandoff.handoff(api, k.customerId, lines, bot, externalId);
      }
      return KustomerHandoff.openSession(api, k.customerId, externalId)
          .thenCompose(id -> KustomerHandoff.postLines(api, k.customerId, id, lines, bot).thenApply(x -> id));
    });
  }

  private CompletableFuture<KustomerHandoff.Api> live(Chat<KustomerChat> chat) {
    if (chat.state().step != KustomerChat.Step.DONE) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Kustomer session for handover "
          + chat.handoverId()));
    }
    return api(chat.state().connection);
  }

  @Override
  public CompletionStage<Void> send(Chat<KustomerChat> chat, String commandId, VisitorMessage message) {
    KustomerChat k = chat.state();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customerId", k.customerId);
    body.put("session", k.conversationId);
    if (message.getText() != null && !message.getText().isEmpty()) {
      body.put("body", message.getText());
    }
    List<Map<String, String>> attachments = new ArrayList<>();
    for (Attachment a : message.getAttachments()) {
      attachments.add(Map.of("url", a.getUrl(), "name", a.getName(), "contentType", a.getContentType()));
    }
    if (!attachments.isEmpty()) {
      body.put("attachments", attachments);
    }
    body.put("externalId", commandId);
    return live(chat).thenCompose(api -> customerLimit.turn(k.connection, k.customerId).thenApply(x -> api))
        .thenCompose(api -> {
          AtomicInteger attempt = new AtomicInteger(k.resumed ? 1 : 0);
          // Kustomer does not deduplicate externalId: a try that may have been taken before is looked for first.
          return calls.call(k.connection, "POST /v2.1/chat/messages", () -> (attempt.getAndIncrement() == 0
              ? CompletableFuture.completedFuture(false) : posted(api, k, commandId))
              .thenCompose(taken -> taken ? CompletableFuture.completedFuture(Boolean.TRUE)
                  : client.call(api.apiUrl(), api.apiKey(), "POST", "/v2.1/chat/messages", "/v2.1/chat/messages",
                      body).thenApply(r -> Boolean.FALSE)));
        }).thenApply(taken -> {
          // Commands run one after another: the first one Kustomer did not have yet ends what the previous owner may
          // have posted; one it had may be followed by more of them.
          if (!taken) {
            k.resumed = false;
          }
          return null;
        });
  }

  /** Whether the session already has the message of this command. */
  private CompletableFuture<Boolean> posted(KustomerHandoff.Api api, KustomerChat k, String commandId) {
    return client.call(api.apiUrl(), api.apiKey(), "GET", "/v2.1/chat/sessions/" + k.conversationId + "/messages",
        "/v2.1/chat/sessions/{id}/messages", null).thenApply(r -> {
          for (JsonNode m : r.path("data")) {
            if (commandId.equals(m.path("attributes").path("externalId").asText())) {
              return true;
            }
          }
          return false;
        });
  }

  @Override
  public CompletionStage<Void> typing(Chat<KustomerChat> chat, String commandId, boolean typing) {
    KustomerChat k = chat.state();
    return live(chat).thenCompose(api -> api.call("POST", "/v2.1/chat/typing", "/v2.1/chat/typing",
        Map.of("customerId", k.customerId, "session", k.conversationId, "typing", typing))).thenApply(x -> null);
  }

  @Override
  public CompletionStage<Void> end(Chat<KustomerChat> chat, String commandId, String reason) {
    KustomerChat k = chat.state();
    return live(chat).thenCompose(api -> api.call("PATCH", "/v1/conversations/" + k.conversationId,
        "/v1/conversations/{id}", Map.of("status", "done"))).thenApply(x -> null);
  }

  @Override
  public CompletionStage<ChatWrite> activityAsync(Chat<KustomerChat> chat, PlatformActivity activity) {
    if (chat.state().step != KustomerChat.Step.DONE) {
      return CompletableFuture.completedFuture(null);
    }
    return KustomerAgentEvents.of(chat, activity, messages, ourUsers(chat.state().connection));
  }

  @Override
  public void close() {
    client.close();
  }
}
