package io.baton.connector.zendesk.sunco;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.events.ChatQueued;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.events.ZendeskSuncoHandover;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handovers to Zendesk through Sunshine Conversations. From Baton's widget (the bridge): the SunCo user and a
 * conversation of Baton's, the bot transcript, the skill's group, passControl to the Agent Workspace
 * ({@link SuncoEscalation}), each step recorded in the link. Inside the visitor's own SunCo conversation (the
 * channel, {@code sunco-<id>}): passControl in that conversation, nothing created or copied. The handover is queued
 * when Zendesk's {@code switchboard:passControl} to the Agent Workspace confirms it (the call itself answers 200
 * before Zendesk decides; a {@code :failure} event refuses it). Visitor messages and
 * typing go to the conversation as the user; webhooks become agent events ({@link SuncoAgentEvents}).
 */
final class SuncoPlatform implements ChatPlatform<SuncoChat> {
  private final SuncoClient client;
  private final PlatformCalls calls;
  private final SuncoAccounts accounts;
  private final SuncoUsers users;
  private final SuncoMessages messages;
  private final SuncoEscalation escalation;
  private final SuncoLinkCodec codec = new SuncoLinkCodec();

  SuncoPlatform(SuncoClient client, PlatformCalls calls, SuncoAccounts accounts, SuncoUsers users,
      SuncoMessages messages) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.users = users;
    this.messages = messages;
    this.escalation = new SuncoEscalation(client, calls, messages);
  }

  @Override
  public Platform platform() {
    return Platform.zendesk_sunco;
  }

  @Override
  public LinkCodec<SuncoChat> codec() {
    return codec;
  }

  @Override
  public CompletionStage<Void> open(Chat<SuncoChat> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof ZendeskSuncoHandover payload)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("the handover payload is not a SunCo one"));
    }
    if (chat.connectionId() == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("a SunCo handover names its connection"));
    }
    if (chat.state() == null) {
      SuncoChat sunco = new SuncoChat(chat.connectionId());
      Optional<String> own = SuncoConversationIds.sunco(chat.conversationId());
      if (own.isPresent()) {
        sunco.inConversation = true;
        sunco.conversationId = own.get();
        sunco.step = SuncoChat.Step.CONVERSATION;
      }
      chat.state(sunco);
    }
    return accounts.of(chat.state().connection).thenCompose(account -> {
      SuncoRequester requester = SuncoRequester.of(account.settings(), start.getHandover().getContext(), payload);
      return advance(chat, account, requester, start, payload);
    });
  }

  /** Does the chat's next step, records it, and goes on, until the handover is live. */
  private CompletableFuture<Void> advance(Chat<SuncoChat> chat, SuncoAccount account, SuncoRequester requester,
      StartChat start, ZendeskSuncoHandover payload) {
    SuncoChat sunco = chat.state();
    CompletableFuture<Void> step = sunco.step.compareTo(SuncoChat.Step.PASSED) >= 0 ? null : switch (sunco.step) {
      case NEW -> users.findOrCreate(account, requester.externalId(chat.tenant(), chat.conversationId()),
          requester.name(), requester.email()).thenCompose(id -> {
            sunco.userId = id;
            sunco.step = SuncoChat.Step.USER;
            return chat.saveLink();
          });
      case USER -> users.conversation(account, sunco.userId, chat.conversationId()).thenCompose(id -> {
        sunco.conversationId = id;
        sunco.step = SuncoChat.Step.CONVERSATION;
        return chat.ref(sunco.ref()).thenCompose(x -> chat.saveLink());
      });
      case CONVERSATION -> (sunco.inConversation
          ? chat.ref(sunco.ref()).thenCompose(x -> firstOfConversation(account, sunco))
          : escalation.transcript(account, sunco, chat.handoverId(), start.getTranscript())).thenCompose(first -> {
            sunco.firstMessageId = first;
            sunco.step = SuncoChat.Step.TRANSCRIPT;
            return chat.saveLink();
          });
      case TRANSCRIPT -> escalation.group(account, payload.getSkill()).thenCompose(group -> {
        sunco.groupId = group;
        sunco.step = SuncoChat.Step.GROUP;
        return chat.saveLink();
      });
      case GROUP -> escalation.passControl(account, sunco, requester.name(), requester.email(), payload)
          .thenCompose(x -> {
            sunco.step = SuncoChat.Step.PASSED;
            return chat.saveLink();
          });
      case PASSED, LIVE -> null; // Zendesk's switchboard:passControl (or its failure) decides: see activity
    };
    return step == null ? CompletableFuture.completedFuture(null)
        : step.thenCompose(x -> advance(chat, account, requester, start, payload));
  }

  /** Zendesk already has the visitor's conversation: the ticket starts at the oldest message of its latest page. */
  private CompletableFuture<String> firstOfConversation(SuncoAccount account, SuncoChat sunco) {
    return messages.recent(account, sunco.conversationId)
        .thenApply(list -> list.size() == 0 ? null : list.get(0).path("id").asText(null));
  }

  /** The account of a chat whose conversation was handed to the Agent Workspace (confirmed or not yet). */
  private CompletableFuture<SuncoAccount> live(Chat<SuncoChat> chat) {
    if (chat.state().step.compareTo(SuncoChat.Step.PASSED) < 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("no SunCo handover live for "
          + chat.handoverId()));
    }
    return accounts.of(chat.state().connection);
  }

  @Override
  public CompletionStage<Void> send(Chat<SuncoChat> chat, String commandId, VisitorMessage message) {
    SuncoChat sunco = chat.state();
    if (sunco.inConversation) {
      return live(chat).thenApply(x -> null); // the visitor writes in SunCo itself: the agent has it already
    }
    return live(chat).thenCompose(account -> alreadyPosted(account, sunco, commandId).thenCompose(posted -> posted
        ? CompletableFuture.completedFuture(null)
        : messages.postAll(account, sunco.conversationId, SuncoMessages.user(sunco.userId),
            SuncoMessages.contents(message.getText(), List.of(), message.getAttachments()),
            SuncoMessages.marked(SuncoMessages.COMMAND, commandId))));
  }

  /**
   * SunCo has no idempotency key for messages: after a resume, the visitor messages a crash may have posted without
   * their link are looked for among Baton's recent posts first, each up to the first one SunCo does not have (commands
   * run one after another, so nothing after it was posted).
   */
  private CompletableFuture<Boolean> alreadyPosted(SuncoAccount account, SuncoChat sunco, String commandId) {
    if (!sunco.resumed) {
      return CompletableFuture.completedFuture(false);
    }
    return messages.postedBy(account, sunco.conversationId, SuncoMessages.COMMAND).thenApply(ids -> {
      boolean posted = ids.contains(commandId);
      if (!posted) {
        sunco.resumed = false;
      }
      return posted;
    });
  }

  @Override
  public CompletionStage<Void> typing(Chat<SuncoChat> chat, String commandId, boolean typing) {
    SuncoChat sunco = chat.state();
    if (sunco.inConversation) {
      return live(chat).thenApply(x -> null);
    }
    String path = "/conversations/" + sunco.conversationId + "/activity";
    return live(chat).thenCompose(account -> calls.call(account.connection(),
        "POST /v2/apps/{appId}/conversations/{id}/activity", () -> client.sunco(account, "POST", account.app() + path,
            Map.of("author", SuncoMessages.user(sunco.userId), "type", typing ? "typing:start" : "typing:stop"))))
        .thenApply(x -> null);
  }

  @Override
  public CompletionStage<Void> end(Chat<SuncoChat> chat, String commandId, String reason) {
    return live(chat).thenCompose(account -> escalation.release(account, chat.state(), commandId, reason));
  }

  @Override
  public ChatWrite activity(Chat<SuncoChat> chat, PlatformActivity activity) {
    SuncoChat sunco = chat.state();
    if (sunco.step.compareTo(SuncoChat.Step.PASSED) < 0) {
      return null;
    }
    if (sunco.step == SuncoChat.Step.PASSED && SuncoAgentEvents.passedToWorkspace(activity)) {
      // Zendesk took the conversation: the ticket exists. Queued with the live link (Chats writes it with these).
      sunco.step = SuncoChat.Step.LIVE;
      return ChatWrite.event("queued", new ChatQueued(null, null));
    }
    return SuncoAgentEvents.of(chat, settingsOf(sunco.connection), activity);
  }

  private SuncoSettings settingsOf(String connection) {
    return SuncoSettings.of(accounts.connections().settings(connection));
  }

  @Override
  public void close() {
    client.close();
  }
}
