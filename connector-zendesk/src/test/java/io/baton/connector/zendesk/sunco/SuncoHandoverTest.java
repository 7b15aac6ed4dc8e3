package io.baton.connector.zendesk.sunco;

import io.baton.connector.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.ZendeskSuncoHandover;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.sunco.AgentTicket;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bridge against the sandbox's SunCo and Support: what the Agent Workspace shows, the relay, the end. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuncoHandoverTest {
  private ConnectorFixture fx;
  private RoundRobinBalancer door;
  private ZendeskConnector connector;

  @BeforeAll
  void start(KafkaBroker broker) throws Exception {
    fx = SuncoSeeds.fixture(broker);
    door = new RoundRobinBalancer();
    SuncoSeeds.setUp(fx, door);
    connector = SuncoSeeds.connector(fx, door, "handover-" + fx.run);
    SuncoSeeds.awaitActive(connector, SuncoSeeds.CONNECTION);
  }

  @AfterAll
  void stop() {
    assertEquals(List.of(), SuncoSeeds.specViolations(fx), "every SunCo request Baton sent keeps the spec");
    connector.stop();
    door.close();
    fx.close();
  }

  private AgentTicket ticketOf(String conversation) {
    AgentTicket[] found = new AgentTicket[1];
    Eventually.until(ConnectorFixture.PATIENCE, "the ticket of " + conversation, () -> fx.sandbox.sunco().tickets()
        .stream().filter(t -> conversation.equals(fx.sandbox.sunco().conversation(t.conversationId()).path("metadata")
            .path("baton.conversation").asText()))
        .findFirst().map(t -> found[0] = t).isPresent());
    return found[0];
  }

  @Test
  void theAgentWorkspaceShowsTheTranscriptAndTheHandoversDataThenTheChatRelaysBothWaysUntilTheTicketCloses() {
    String c = "bridge-" + fx.run;
    String skill = "Billing " + fx.run;
    ZendeskSuncoHandover payload = ZendeskSuncoHandover.newBuilder().setSkill(skill).setTags(List.of("vip", "baton"))
        .setName("Ann Lee").setEmail("ann@example.com").setTicketFields(Map.of("360001", "gold"))
        .setMetadata(Map.of("origin", "widget")).build();
    fx.start(c, SuncoSeeds.startChat("Ann Lee", "ann@example.com", payload));
    assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));

    AgentTicket ticket = ticketOf(c);
    assertEquals("Ann Lee", ticket.requesterName());
    assertEquals("ann@example.com", ticket.requesterEmail());
    assertEquals(List.of("vip", "baton"), ticket.tags());
    assertEquals(Map.of("360001", "gold"), ticket.ticketFields());
    long group = ticket.groupId();
    assertTrue(fx.sandbox.zendesk().groupExists(group), "the skill's group was created in Support");
    List<JsonNode> messages = fx.sandbox.sunco().messages(ticket.conversationId());
    assertEquals(List.of("I need a human", "Connecting you to an agent"),
        messages.stream().map(m -> m.path("content").path("text").asText()).toList(), "the transcript, once");
    assertEquals("user", messages.get(0).path("author").path("type").asText());
    assertEquals("business", messages.get(1).path("author").path("type").asText());
    assertEquals(messages.get(0).path("id").asText(), ticket.historyMessageIds().get(0),
        "the ticket's history starts at the transcript's first message");

    fx.desk("sunco").accept(ticket.id(), "Alex");
    fx.desk("sunco").say(ticket.id(), "Hello Ann");
    fx.say(c, "v1-" + c, "my invoice");
    fx.say(c, "v2-" + c, "here it is", List.of(new Attachment("https://files.example.com/invoice.png", "invoice.png",
        "image/png", 1200L)));
    fx.sandbox.sunco().agentAttaches(ticket.id(), "https://zendesk.example.com/attachments/form.pdf", false,
        "form.pdf");
    List<Object> events = fx.agentEventsOf(c, 4);
    assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Alex", null),
        new AgentMessage("Hello Ann", "Alex", List.of()), new AgentMessage("", "Alex",
            List.of(new Attachment("https://zendesk.example.com/attachments/form.pdf", "form.pdf",
                "application/octet-stream", 0L)))),
        events);
    Eventually.until(ConnectorFixture.PATIENCE, "the visitor's lines in the conversation", () -> userLines(ticket)
        .size() == 4);
    List<JsonNode> user = userLines(ticket);
    assertEquals("my invoice", user.get(1).path("content").path("text").asText());
    assertEquals("here it is", user.get(2).path("content").path("text").asText());
    assertEquals("image", user.get(3).path("content").path("type").asText());
    assertEquals("https://files.example.com/invoice.png", user.get(3).path("content").path("mediaUrl").asText());

    fx.desk("sunco").end(ticket.id());
    assertEquals(new ChatEnded(EndedBy.agent, "ticketClosed"), fx.agentEventsOf(c, 5).get(4));
    assertEquals(DeskStatus.ENDED, fx.sandbox.sunco().ticket(ticket.id()).orElseThrow().status());
  }

  @Test
  void theAgentMovingTheConversationToEmailEndsTheChatWithThatReason() {
    String c = "email-" + fx.run;
    fx.start(c, SuncoSeeds.startChat("Flo"));
    assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
    AgentTicket ticket = ticketOf(c);
    fx.desk("sunco").accept(ticket.id(), "Alex");
    fx.desk("sunco").say(ticket.id(), "I will email you");
    fx.sandbox.sunco().transferToEmail(ticket.id());
    assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Alex", null),
        new AgentMessage("I will email you", "Alex", List.of()), new ChatEnded(EndedBy.agent, "transferToEmail")),
        fx.agentEventsOf(c, 4));
  }

  @Test
  void theAgentMessagesRuleTellsTheAgentFromOtherBusinessMessages() {
    // The default connection: not-ours. Another connection: only messages from the Agent Workspace.
    String rule = "rule-" + fx.run;
    Map<String, String> settings = SuncoSeeds.settings(SuncoSeeds.integration(fx, door.url() + "/webhooks/sunco/"
        + rule, SuncoSeeds.TRIGGERS, true, true));
    settings.put("agentMessages", "source:zd:agentWorkspace");
    SuncoSeeds.connection(fx, rule, settings, SuncoSeeds.secrets());
    SuncoSeeds.awaitActive(connector, rule);

    String notOurs = "notours-" + fx.run;
    String sourced = "sourced-" + fx.run;
    fx.start(notOurs, SuncoSeeds.startChat("Cy"));
    io.baton.events.ConnectorCommand start = fx.command(sourced, "start-" + sourced, SuncoSeeds.startChat("Di"));
    start.setConnectionId(rule);
    fx.send(sourced, start);
    for (String c : List.of(notOurs, sourced)) {
      assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
      AgentTicket ticket = ticketOf(c);
      // Another system posting as the business through the API (a notifier, a second bot).
      SuncoSeeds.sunco(fx, "POST", "/conversations/" + ticket.conversationId() + "/messages",
          "{\"author\":{\"type\":\"business\",\"displayName\":\"Notifier\"},"
              + "\"content\":{\"type\":\"text\",\"text\":\"Your order shipped\"}}");
      fx.desk("sunco").accept(ticket.id(), "Alex");
      fx.desk("sunco").say(ticket.id(), "Alex here");
    }
    assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Notifier", null),
        new AgentMessage("Your order shipped", "Notifier", List.of()), new io.baton.events.ChatTransferred("Alex",
            null),
        new AgentMessage("Alex here", "Alex", List.of())), fx.agentEventsOf(notOurs, 5),
        "not-ours: every business message Baton did not post");
    assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Alex", null),
        new AgentMessage("Alex here", "Alex", List.of())), fx.agentEventsOf(sourced, 3),
        "source:zd:agentWorkspace: only the Agent Workspace's");
  }

  private List<JsonNode> userLines(AgentTicket ticket) {
    return fx.sandbox.sunco().messages(ticket.conversationId()).stream()
        .filter(m -> m.path("author").path("type").asText().equals("user")).toList();
  }

  @Test
  void aPassControlZendeskRefusesFailsTheHandoverWithZendesksReason() {
    String c = "refused-" + fx.run;
    fx.start(c, SuncoSeeds.startChat("Bo", null, ZendeskSuncoHandover.newBuilder()
        .setMetadata(Map.of("dataCapture.systemField.group_id", "99999999")).build()));
    assertEquals(List.of(new HandoverFailed("Zendesk refused the handover: Group 99999999 does not exist")),
        fx.agentEventsOf(c, 1));
    assertTrue(fx.sandbox.sunco().tickets().stream().noneMatch(t -> "Bo".equals(t.requesterName())), "no ticket");
  }
}
