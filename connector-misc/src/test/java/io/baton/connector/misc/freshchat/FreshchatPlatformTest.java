package io.baton.connector.misc.freshchat;

import io.baton.connector.misc.PlatformAlone;
import static io.baton.connector.testkit.ContractEvents.joined;
import static io.baton.connector.testkit.ContractEvents.normal;
import static io.baton.connector.testkit.ContractEvents.queued;
import static io.baton.connector.testkit.ContractEvents.said;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Attachment;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.sandbox.freshchat.FreshchatMessage;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import io.baton.sandbox.freshchat.PayloadVariant;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Freshchat handover on one instance against the sandbox: the opening's user (by reference id, by email,
 * created), conversation (channel, transcript, handover property, group), the three payload shapes relayed, private
 * notes never relayed, attachments both ways, answers lost by Freshchat doubling nothing; and next to the handovers'
 * connection, connections whose activation fails, each with its reason.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FreshchatPlatformTest {
  private ConnectorFixture fx;
  private RoundRobinBalancer door;
  private PlatformAlone<FreshchatConnector> service;
  private FreshchatSimulator freshchat;
  private AgentDesk desk;
  private String bot;

  @BeforeAll
  void start(KafkaBroker broker) throws Exception {
    fx = FreshchatSeeds.fixture(broker);
    freshchat = FreshchatSeeds.freshchat(fx);
    desk = fx.desk(FreshchatSimulator.NAME);
    door = new RoundRobinBalancer();
    bot = freshchat.addAgent("Baton Bot");
    FreshchatSeeds.setUp(fx, door, Map.of("groupId", freshchat.group("Billing")));
    wrongConnections();
    service = FreshchatSeeds.connector(fx, door, "handover-" + fx.run);
    FreshchatSeeds.awaitActive(service, FreshchatSeeds.CONNECTION);
  }

  @AfterAll
  void stop() throws Exception {
    // Left on, later classes' instances on the shared broker would check them again on every start, spending the
    // account's rate limit their chats need.
    wrong.keySet().forEach(id -> ConnectionsTopic.retire(fx, id));
    service.stop();
    door.close();
    fx.close();
  }

  /** Connection id -> the start of the reason it stays inactive. */
  private final Map<String, String> wrong = new LinkedHashMap<>();

  private void wrongConnections() {
    Map<String, String> secrets = FreshchatSeeds.secrets(fx);
    wrong(Map.of(), Map.of("token", freshchat.token(), "publicKey", "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n"
        + "-----END PUBLIC KEY-----"), "the publicKey secret is not an RSA public key (PEM, as Freshchat's Admin > "
            + "Webhooks shows it)");
    wrong(Map.of(), Map.of("token", freshchat.token()), "no Freshchat webhook RSA public key (PEM) (secret "
        + "'publicKey')");
    wrong(Map.of(), Map.of("token", "not-the-token", "publicKey", freshchat.publicKeyPem()),
        "the API token was refused by " + fx.sandbox.freshchatUrl() + ": GET /accounts/configuration (UNAUTHORIZED: "
            + "the API token is invalid or expired) answered 401");
    wrong(Map.of("channelId", "no-such-channel"), secrets, "the channel no-such-channel does not exist in the account");
    String archived = freshchat.channelId("Archived");
    wrong(Map.of("channelId", archived), secrets, "the channel " + archived + " is disabled");
    wrong(Map.of("groupId", "no-such-group"), secrets, "the group no-such-group does not exist in the account");
    wrong(Map.of("botAgentId", "no-such-agent"), secrets, "the botAgentId no-such-agent is not an agent of the "
        + "account: GET /agents/no-such-agent (AGENT_NOT_FOUND: agent not found");
    wrong(Map.of("apiUrl", "http://acme.freshchat.com/v2"), secrets, "the connection's settings are wrong: apiUrl "
        + "'http://acme.freshchat.com/v2' must be https");
  }

  private void wrong(Map<String, String> settings, Map<String, String> secrets, String reason) {
    String id = "wrong-" + (wrong.size() + 1) + "-" + fx.run;
    FreshchatSeeds.connection(fx, id, settings, secrets);
    wrong.put(id, reason);
  }

  @Test
  void aConnectionThatCannotWorkStaysInactiveSayingWhyWithoutASecret() {
    ConnectionsTopic.awaitStatus(fx, wrong.keySet(), ConnectionStatus.inactive);
    Map<String, Connection> latest = ConnectionsTopic.latest(fx);
    wrong.forEach((id, reason) -> {
      String given = String.valueOf(latest.get(id).getStatusReason());
      assertTrue(given.startsWith(reason), id + ": " + given);
      assertFalse(given.contains(freshchat.token()) || given.contains("not-the-token"), "no secret in " + given);
      assertFalse(service.connector().connections().isActive(id));
    });
    assertEquals(ConnectionStatus.active, latest.get(FreshchatSeeds.CONNECTION).getStatus());
  }

  private FreshchatSimulator.Conversation open(String conversation, String name, String email) {
    fx.start(conversation, FreshchatSeeds.startChat(name, email));
    assertEquals(List.of(queued()), normal(fx.agentEventsOf(conversation, 1)));
    return freshchat.conversations().stream()
        .filter(c -> ("h-" + conversation).equals(c.properties().get("cf_baton_handover"))).findFirst().orElseThrow();
  }

  private static List<String> lines(FreshchatSimulator.Conversation c) {
    return c.messages().stream().map(m -> m.actorType() + "/" + m.messageType() + ": " + m.text()).toList();
  }

  @Test
  void theUserIsFoundByReferenceIdThenByEmailElseCreatedAndTheConversationCarriesTheHandover() throws Exception {
    String byRef = "byref-" + fx.run;
    String known = FreshchatSeeds
        .api(fx.sandbox, "POST", "/users", "{\"reference_id\":\"baton:acme:" + byRef + "\",\"first_name\":\"Known\"}")
        .path("id").asText();
    FreshchatSimulator.Conversation first = open(byRef, "Ref Visitor", "ref-" + fx.run + "@example.com");
    assertEquals(List.of(known), first.userIds(), "the user of Baton's reference id");

    String byEmail = "byemail-" + fx.run;
    String email = "mail-" + fx.run + "@example.com";
    String mailed = FreshchatSeeds
        .api(fx.sandbox, "POST", "/users", "{\"email\":\"" + email + "\",\"first_name\":\"Mailed\"}").path("id")
        .asText();
    assertEquals(List.of(mailed), open(byEmail, "Mail Visitor", email).userIds(), "the user with the email");

    String created = "created-" + fx.run;
    FreshchatSimulator.Conversation third = open(created, "Cleo Anne Smith", "cleo-" + fx.run + "@example.com");
    Map<String, Object> user = freshchat.user(third.userIds().get(0)).orElseThrow();
    assertEquals(List.of("baton:acme:" + created, "cleo-" + fx.run + "@example.com", "Cleo Anne", "Smith"),
        List.of(user.get("reference_id"), user.get("email"), user.get("first_name"), user.get("last_name")));
    assertEquals(freshchat.channelId(), third.channelId(), "the account's first enabled channel");
    assertEquals(freshchat.group("Billing"), third.assignedGroupId());
    assertEquals(Map.of("cf_baton_handover", "h-" + created), third.properties());
    assertEquals("new", third.status());
    assertEquals(List.of("user/normal: I need a human", "user/normal: Bot: Connecting you to an agent"),
        lines(third), "without a bot agent the bot's lines are the user's, marked");
  }

  @Test
  void withABotAgentTheBotsLinesArePrivateNotesAndNeverRelayedLikeAnyNote() throws Exception {
    settings(Map.of("botAgentId", bot));
    try {
      String conversation = "notes-" + fx.run;
      FreshchatSimulator.Conversation c = open(conversation, "Nora Notes", null);
      assertEquals(List.of("user/normal: I need a human", "agent/private: Bot: Connecting you to an agent"),
          lines(c));
      assertEquals(null, c.assignedGroupId(), "no group set");
      desk.accept(c.id(), "Alex");
      freshchat.privateNote(c.id(), "internal: check the invoice first");
      desk.say(c.id(), "I'm looking at it");
      assertEquals(List.of(queued(), joined("Alex"), said("Alex", "I'm looking at it")),
          settled(conversation, 3));
    } finally {
      settings(Map.of("groupId", freshchat.group("Billing")));
    }
  }

  @Test
  void everyPayloadShapeIsRelayedExactlyAndTheirPrivateNotesAreNot() throws Exception {
    for (PayloadVariant variant : PayloadVariant.values()) {
      freshchat.payloadVariant(variant);
      try {
        String conversation = "shape-" + variant.setting() + "-" + fx.run;
        FreshchatSimulator.Conversation c = open(conversation, "Shape " + variant.setting(), null);
        desk.accept(c.id(), "Alex");
        freshchat.privateNote(c.id(), "a note in " + variant.setting());
        desk.say(c.id(), "hello in " + variant.setting());
        assertEquals(List.of(queued(), joined("Alex"), said("Alex", "hello in " + variant.setting())),
            settled(conversation, 3), variant.setting());
      } finally {
        freshchat.payloadVariant(PayloadVariant.CURRENT);
      }
    }
  }

  @Test
  void attachmentsGoAsImageAndFilePartsAndAnswersFreshchatLostDoubleNothing() throws Exception {
    String conversation = "lost-" + fx.run;
    faults().loseNext("conversations.create", 1);
    FreshchatSimulator.Conversation c = open(conversation, "Lou Lost", null);
    assertEquals(1, freshchat.conversations().stream()
        .filter(x -> ("h-" + conversation).equals(x.properties().get("cf_baton_handover"))).count(),
        "a creation whose answer was lost is found, not made again");
    desk.accept(c.id(), "Alex");
    faults().loseNext("messages.create", 1);
    fx.say(conversation, "v1-" + conversation, "first, answered 503");
    fx.say(conversation, "v2-" + conversation, "with files", List.of(
        new Attachment("https://files.example.com/shot.png", "shot.png", "image/png", 10L),
        new Attachment("https://files.example.com/form.pdf", "form.pdf", "application/pdf", 2048L)));
    Eventually.until(ConnectorFixture.PATIENCE, "both visitor messages at Freshchat",
        () -> userMessages(c.id()).size() == 4);
    fx.say(conversation, "v3-" + conversation, "last");
    Eventually.until(ConnectorFixture.PATIENCE, "the last visitor message", () -> userMessages(c.id()).size() == 5);
    List<FreshchatMessage> users = userMessages(c.id());
    assertEquals(List.of("I need a human", "Bot: Connecting you to an agent", "first, answered 503", "with files "
        + "[image] https://files.example.com/shot.png [file] form.pdf https://files.example.com/form.pdf", "last"),
        users.stream().map(FreshchatMessage::text).toList(), "each once, in order");
    assertEquals(json(List.of(Map.of("text", Map.of("content", "with files")),
        Map.of("image", Map.of("url", "https://files.example.com/shot.png")),
        Map.of("file", Map.of("url", "https://files.example.com/form.pdf", "name", "form.pdf", "content_type",
            "application/pdf", "file_size_in_bytes", 2048)))),
        json(users.get(3).parts()));
    assertEquals(List.of(), faults().pending());
  }

  /** As JSON with keys in order: what was sent, whatever the maps' order and number types. */
  private static String json(Object value) throws Exception {
    return FreshchatClient.JSON.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(value);
  }

  private ApiFaults faults() {
    return fx.sandbox.faults(FreshchatSimulator.NAME);
  }

  private List<FreshchatMessage> userMessages(String conversationId) {
    return freshchat.conversation(conversationId).orElseThrow().messages().stream()
        .filter(m -> m.actorType().equals(FreshchatMessage.USER)).toList();
  }

  /**
   * The conversation's agent events once {@code expected} are there. The sandbox delivers in order, and the inbox
   * keeps it: anything relayed that should not be (a note before the last message) is there by then.
   */
  private List<Object> settled(String conversation, int expected) {
    fx.agentEventsOf(conversation, expected);
    return normal(fx.allAgentEventsOf(conversation));
  }

  /** New settings of the connection, once the instance has them. */
  private void settings(Map<String, String> settings) {
    FreshchatSeeds.connection(fx, FreshchatSeeds.CONNECTION, settings, FreshchatSeeds.secrets(fx));
    Eventually.until(ConnectorFixture.PATIENCE, "the connection's new settings",
        () -> settings.equals(service.connector().connections().settings(FreshchatSeeds.CONNECTION))
            && service.connector().connections().isActive(FreshchatSeeds.CONNECTION));
  }
}
