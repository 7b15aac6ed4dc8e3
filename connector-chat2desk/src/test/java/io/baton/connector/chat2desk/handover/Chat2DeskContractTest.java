package io.baton.connector.chat2desk.handover;

import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.BalancedInstance;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.chat2desk.Chat2DeskSimulator;
import io.baton.sandbox.kit.DeskChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.chat2desk.channel.Chat2DeskConversations;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.EndedBy;
import io.baton.events.ChatQueued;
import io.baton.events.HandoverFailed;
import io.baton.sandbox.chat2desk.Chat2DeskMessage;
import io.baton.connector.chat2desk.Chat2DeskClient;
import io.baton.events.Connection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The connector contract for Chat2Desk as a handover target: Baton's widget visitors become clients of the external
 * channel, handed over to the Support group. Every member is offline, so the dialog waits in the group's queue until
 * an operator takes it at the desk ({@code dialog_transferred}: joined). Webhooks are not replayed here: Chat2Desk's
 * HMAC signs the body alone, with no time, so a stale replay cannot be told from a retry (its derived event id makes
 * it harmless; the signature checks are the channel's tests').
 */
class Chat2DeskContractTest extends ConnectorContract {

  @Override
  protected ContractHarness harness() {
    return new Chat2DeskHarness();
  }

  /** Switched off for the classes after this one on the shared broker, whose connectors would go on activating it. */
  @AfterAll
  void retireTheConnection() {
    Connection latest = ConnectionsTopic.latest(fx).get(Chat2DeskHandoverSeeds.CONNECTION);
    if (latest != null) {
      ConnectionsTopic.write(fx, Connection.newBuilder(latest).setEnabled(false).build());
    }
  }

  // ---- who gets the dialog, beyond the contract ----

  @Test
  void aNamedOfflineOperatorGetsTheDialogOnlyWhenForced() throws Exception {
    try (Running running = running()) {
      String oleg = Long.toString(Chat2DeskCompany.OLEG_OPERATOR_ID);
      String refused = "offline-" + fx.run;
      fx.start(refused, Chat2DeskHandoverSeeds.startChat(refused, "Olga" + fx.run, new Chat2DeskHandover(oleg, null,
          false)));
      HandoverFailed failed = (HandoverFailed) fx.agentEventsOf(refused, 1).get(0);
      assertTrue(failed.getReason().contains("(Operator is offline) answered 400"), failed.getReason());

      String forced = "forced-" + fx.run;
      fx.start(forced, Chat2DeskHandoverSeeds.startChat(forced, "Fedor" + fx.run, new Chat2DeskHandover(oleg, null,
          true)));
      assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Oleg", oleg)), fx.agentEventsOf(forced, 2));
      long client = fx.sandbox.chat2desk().externalClient(Chat2DeskWidgetVisitors.externalId(ConnectorFixture.TENANT,
          forced)).orElseThrow();
      assertEquals(Chat2DeskCompany.OLEG_OPERATOR_ID, fx.sandbox.chat2desk().openDialogOf(client).orElseThrow()
          .operatorId());
      // The operator reads how the conversation got here: the transcript is the client's first message.
      assertEquals(List.of("Handed over by the bot. The conversation so far:\nVisitor: I need a human\n"
          + "Bot: Connecting you to an operator"), fx.sandbox.chat2desk().messagesOf(client).stream()
              .map(Chat2DeskMessage::text).toList());
    }
  }

  @Test
  void withNoHumanOperatorOnlineAndNoneNamedTheHandoverFails() throws Exception {
    try (Running running = running()) {
      // Only the bot's operator is online (the desk's operators signed off for a moment), and it is never chosen.
      List<Long> online = onlineHumans();
      online.forEach(id -> fx.sandbox.chat2desk().setOnline(id, false));
      try {
        String conversation = "nobody-" + fx.run;
        fx.start(conversation, Chat2DeskHandoverSeeds.startChat(conversation, "Nina" + fx.run,
            new Chat2DeskHandover(null, null, false)));
        assertEquals(List.of(new HandoverFailed("no Chat2Desk operator is online to take the dialog")),
            fx.agentEventsOf(conversation, 1));
      } finally {
        online.forEach(id -> fx.sandbox.chat2desk().setOnline(id, true));
      }
    }
  }

  @Test
  void aChat2DeskVisitorQueuedInAGroupJoinsTheMemberWhoComesOnlineUntilTheDialogGoesBackToTheBot() throws Exception {
    try (Running running = running()) {
      Chat2DeskSimulator c2d = fx.sandbox.chat2desk();
      long client = c2d.newClient(Chat2DeskCompany.TELEGRAM_CHANNEL_ID, "Pavel" + fx.run, null);
      long dialog = c2d.clientWrites(client, "a person, please").dialogId();
      String conversation = Chat2DeskConversations.of(Chat2DeskHandoverSeeds.CONNECTION, Long.toString(client));
      fx.start(conversation, Chat2DeskHandoverSeeds.startChat(conversation, "Pavel" + fx.run, new Chat2DeskHandover(
          null, Long.toString(Chat2DeskCompany.SUPPORT_GROUP_ID), false)));
      assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(conversation, 1));
      assertEquals(Long.valueOf(Chat2DeskCompany.SUPPORT_GROUP_ID), c2d.dialog(dialog).orElseThrow().queueGroupId());
      String maria = Long.toString(Chat2DeskCompany.MARIA_OPERATOR_ID);
      c2d.setOnline(Chat2DeskCompany.MARIA_OPERATOR_ID, true); // Chat2Desk gives her the waiting dialog
      try {
        fx.agentEventsOf(conversation, 2);
        c2d.operatorWrites(dialog, "Maria here", null, null);
        fx.agentEventsOf(conversation, 3);
      } finally {
        c2d.setOnline(Chat2DeskCompany.MARIA_OPERATOR_ID, false);
      }
      // Maria hands the dialog back to the bot's operator: the handover is over.
      HttpResponse<String> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          fx.sandbox.chat2deskUrl() + "/dialogs/" + dialog)).header("Authorization", Chat2DeskCompany.TOKEN)
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"operator_id\":"
              + Chat2DeskCompany.BOT_OPERATOR_ID + "}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, back.statusCode(), back.body());
      assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Maria", maria),
          new AgentMessage("Maria here", "Maria", List.of()),
          new ChatEnded(EndedBy.agent, "the operator gave the dialog back to the bot")),
          fx.agentEventsOf(conversation, 4));
    }
  }

  /** The online operators other than the bot's, as Chat2Desk lists them. */
  private List<Long> onlineHumans() throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        fx.sandbox.chat2deskUrl() + "/operators?online=1&limit=200")).header("Authorization", Chat2DeskCompany.TOKEN)
        .build(), HttpResponse.BodyHandlers.ofString());
    List<Long> online = new ArrayList<>();
    Chat2DeskClient.JSON.readTree(answer.body()).path("data").forEach(o -> online.add(o.path("id").asLong()));
    online.remove(Long.valueOf(Chat2DeskCompany.BOT_OPERATOR_ID));
    return online;
  }

  static final class Chat2DeskHarness implements ContractHarness {
    private RoundRobinBalancer door;

    @Override
    public Platform platform() {
      return Platform.chat2desk;
    }

    @Override
    public String simulator() {
      return Chat2DeskSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return Chat2DeskHandoverSeeds.CONNECTION;
    }

    @Override
    public HelpdeskSandbox startSandbox(SandboxConfig config) {
      HelpdeskSandbox sandbox = Chat2DeskHandoverSeeds.sandbox(config);
      for (long operator : new long[] {Chat2DeskCompany.ALEX_OPERATOR_ID, Chat2DeskCompany.MARIA_OPERATOR_ID,
          Chat2DeskCompany.OLEG_OPERATOR_ID}) {
        sandbox.chat2desk().setOnline(operator, false); // the group's queue holds the dialogs until the desk accepts
      }
      return sandbox;
    }

    @Override
    public synchronized Instance start(ConnectorFixture fx, String instanceId) throws Exception {
      if (door == null) {
        door = new RoundRobinBalancer();
        Chat2DeskHandoverSeeds.connection(fx, door, Chat2DeskHandoverSeeds.settings());
      }
      return new BalancedInstance(Chat2DeskHandoverSeeds.connector(fx, door, instanceId), door);
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return Chat2DeskHandoverSeeds.startChat(conversation, visitorName, new Chat2DeskHandover(null,
          Long.toString(Chat2DeskCompany.SUPPORT_GROUP_ID), false));
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      faults(fx).failNext("messages.inbox", 400, Duration.ZERO, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "messages.inbox";
    }
  }
}
