package io.baton.connector.misc.freshchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.calls.PlatformCalls;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.freshchat.FreshchatMessage;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a chat read back from its link does when its last call may have reached Freshchat without the link recording
 * it (a crash between the two): the visitor message is found and not posted again, the conversation is found and not
 * created again; a genuine second message saying the same is still posted. Straight against the sandbox's Freshchat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FreshchatRepeatsTest {
  private HelpdeskSandbox sandbox;
  private FreshchatSimulator freshchat;
  private FreshchatClient client;
  private PlatformCalls calls;
  private FreshchatAccount account;

  @BeforeAll
  void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
    freshchat = sandbox.freshchat();
    client = new FreshchatClient(Duration.ofSeconds(5));
    calls = new PlatformCalls(FreshchatConfig.LIMITS);
    account = new FreshchatAccount("conn", FreshchatSettings.of(Map.of(), sandbox.freshchatUrl()),
        freshchat.token(), freshchat.channelId());
  }

  @AfterAll
  void stop() {
    client.close();
    sandbox.close();
  }

  private List<String> userLines(String conversation) {
    return freshchat.conversation(conversation).orElseThrow().messages().stream()
        .filter(m -> m.actorType().equals(FreshchatMessage.USER)).map(FreshchatMessage::text).toList();
  }

  @Test
  void aVisitorMessageTheLinkDidNotRecordIsFoundNotPostedAgain() throws Exception {
    String user =
        FreshchatSeeds.api(sandbox, "POST", "/users", "{\"reference_id\":\"baton:acme:repeat\"}").path("id").asText();
    FreshchatOpening opening = new FreshchatOpening(client, calls);
    List<TranscriptEntry> transcript = List.of(new TranscriptEntry(TranscriptRole.visitor, "hello", Instant.EPOCH),
        new TranscriptEntry(TranscriptRole.bot, "hi, how can I help?", Instant.EPOCH));
    String conversation = opening.conversation(account, user, "h-repeat", transcript, false).join();
    assertEquals(conversation, opening.conversation(account, user, "h-repeat", transcript, true).join(),
        "a repeated start finds the conversation of its handover");
    assertEquals(1, freshchat.conversations().stream().filter(c -> c.userIds().contains(user)).count());

    FreshchatChat chat = new FreshchatChat("conn");
    chat.userId = user;
    chat.conversationId = conversation;
    chat.openingUserMessages = FreshchatOpening.userMessages(account.settings(), transcript);
    FreshchatVisitorMessages messages = new FreshchatVisitorMessages(client, calls);
    messages.send(account, chat, new VisitorMessage("my order is late", List.of())).join();
    String recorded = chat.lastMessageId;
    // Posted again by an instance that crashed before its link recorded it:
    String lost =
        FreshchatSeeds
            .api(sandbox, "POST", "/conversations/" + conversation + "/messages", "{\"message_parts\":[{\"text\":"
                + "{\"content\":\"hello\"}}],\"actor_type\":\"user\",\"actor_id\":\"" + user + "\"}")
            .path("id").asText();
    FreshchatChat resumed = new FreshchatLinkCodec().decode(1, new FreshchatLinkCodec().encode(chat));
    assertTrue(resumed.unsure, "a chat read back from its link is unsure of its last message");
    assertEquals(recorded, resumed.lastMessageId);

    messages.send(account, resumed, new VisitorMessage("hello", List.of())).join();
    assertEquals(lost, resumed.lastMessageId, "the message Freshchat has is taken as this one");
    assertFalse(resumed.unsure, "nothing unrecorded is left");
    messages.send(account, resumed, new VisitorMessage("hello", List.of())).join();
    assertEquals(List.of("hello", "Bot: hi, how can I help?", "my order is late", "hello", "hello"),
        userLines(conversation), "the repeat not posted; the visitor saying it again is");
  }
}
