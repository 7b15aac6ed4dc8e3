package io.baton.sandbox.sunco;

import static io.baton.sandbox.sunco.SuncoFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** A bot hands a visitor over to Zendesk agents: the ticket, the agent's messages, and control coming back. */
class AgentWorkspaceTest {
  private final SuncoFixture f = SuncoFixture.start(SuncoSettings.defaults().withGroups(id -> id == 42L));
  private final WebhookInbox inbox;
  private final String botMember;

  AgentWorkspaceTest() throws Exception {
    inbox = new WebhookInbox();
    String bot = f.createIntegration(inbox.url(), SwitchboardTest.TRIGGERS + ",\"conversation:typing\"", false,
        false).path("id").asText();
    botMember = f.botAheadOfWorkspace("{\"name\":\"bot\",\"integrationId\":\"" + bot + "\"}");
  }

  @AfterEach
  void stop() {
    try {
      f.assertContractKept();
    } finally {
      inbox.close();
      f.close();
    }
  }

  /** A visitor wrote 12 messages to the bot (the bot's webhook got them), then the bot hands over. */
  private String handedOver(String metadata) throws Exception {
    for (int i = 1; i <= 12; i++) {
      f.sunco.userWrites("ada", "line " + i);
    }
    inbox.events(12);
    String c = f.sunco.conversationOf("ada").orElseThrow();
    ok(200, f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"zd-agentWorkspace\","
        + "\"metadata\":" + metadata + "}"));
    assertEquals("switchboard:passControl", inbox.events(1).get(0).path("type").asText());
    return c;
  }

  @Test
  void passControlOpensATicketWithTheMetadataZendeskReads() throws Exception {
    f.sunco.userWrites("ada", "first");
    String firstId = f.sunco.messages(f.sunco.conversationOf("ada").orElseThrow()).get(0).path("id").asText();
    inbox.events(1);
    String c = handedOver("{\"first_message_id\":\"" + firstId + "\",\"dataCapture.systemField.tags\":\"vip, billing\","
        + "\"dataCapture.systemField.group_id\":42,\"dataCapture.systemField.requester.name\":\"Ada Lovelace\","
        + "\"dataCapture.systemField.requester.email\":\"ada@example.com\",\"dataCapture.ticketField.360005\":\"gold\"}");
    AgentTicket ticket = f.sunco.tickets().get(0);
    assertEquals(c, ticket.conversationId());
    assertEquals(DeskStatus.QUEUED, ticket.status());
    assertEquals("Ada Lovelace", ticket.requesterName());
    assertEquals("ada@example.com", ticket.requesterEmail());
    assertEquals(42L, ticket.groupId());
    assertEquals(List.of("vip", "billing"), ticket.tags());
    assertEquals(Map.of("360005", "gold"), ticket.ticketFields());
    assertEquals(13, ticket.historyMessageIds().size(), "from first_message_id on");
    assertEquals(firstId, ticket.historyMessageIds().get(0));
    DeskChat chat = f.sunco.desk().chat(ticket.id()).orElseThrow();
    assertEquals("Ada Lovelace", chat.visitorName());
    assertEquals("42", chat.context().get("Group"));
    assertEquals("first", chat.transcript().get(0).text());
  }

  @Test
  void withoutFirstMessageIdTheTicketShowsTheLastTen() throws Exception {
    handedOver("{}");
    AgentTicket ticket = f.sunco.tickets().get(0);
    assertEquals(10, ticket.historyMessageIds().size());
    assertEquals("line 3", f.sunco.desk().chat(ticket.id()).orElseThrow().transcript().get(0).text());
  }

  @Test
  void theAgentAnswersAsTheAgentWorkspaceAndClosingGivesControlBack() throws Exception {
    String c = handedOver("{}");
    String ticket = f.sunco.tickets().get(0).id();
    Assertions.assertThrows(DeskException.class, () -> f.sunco.desk().say(ticket, "too early"));
    f.sunco.desk().accept(ticket, "Sam");
    f.sunco.desk().typing(ticket, true);
    f.sunco.desk().say(ticket, "Hi, Sam here");
    f.sunco.agentAttaches(ticket, "https://example.com/invoice.pdf", false, "invoice");
    f.sunco.userWrites("ada", "thanks");
    // the bot is on standby with deliverStandbyEvents (default true): it sees all of it
    List<JsonNode> events = inbox.events(4);
    assertEquals("conversation:typing", events.get(0).path("type").asText());
    assertEquals("typing:start", events.get(0).path("payload").path("activity").path("type").asText());
    JsonNode said = events.get(1).path("payload").path("message");
    assertEquals("business", said.path("author").path("type").asText());
    assertEquals("Sam", said.path("author").path("displayName").asText());
    assertFalse(said.path("author").has("subtypes"), "the webhook author has no subtypes");
    assertEquals("zd:agentWorkspace", said.path("source").path("type").asText());
    assertEquals(SuncoSimulator.AGENT_WORKSPACE_INTEGRATION_ID, said.path("source").path("integrationId").asText());
    assertEquals("file", events.get(2).path("payload").path("message").path("content").path("type").asText());
    assertEquals("user", events.get(3).path("payload").path("message").path("author").path("type").asText());
    JsonNode listed = ok(200, f.call("GET", "/conversations/" + c + "/messages", null)).path("messages");
    JsonNode agentMessage = listed.get(12);
    assertEquals("Hi, Sam here", agentMessage.path("content").path("text").asText());
    assertEquals("agent", agentMessage.path("author").path("subtypes").get(0).asText());
    List<DeskLine> transcript = f.sunco.desk().chat(ticket).orElseThrow().transcript();
    assertEquals(List.of("agent", "agent", "visitor"), transcript.subList(10, 13).stream().map(DeskLine::from)
        .toList());

    f.sunco.desk().end(ticket);
    JsonNode back = inbox.events(1).get(0);
    assertEquals("switchboard:passControl", back.path("type").asText());
    assertEquals("ticketClosed", back.path("payload").path("reason").asText());
    assertEquals(botMember, back.path("payload").path("conversation").path("activeSwitchboardIntegration")
        .path("id").asText());
    assertEquals(DeskStatus.ENDED, f.sunco.tickets().get(0).status());
    JsonNode activity = ok(200, f.call("GET", "/conversations/" + c + "/messages", null)).path("messages").get(15);
    assertEquals("ticket:closed", activity.path("activity").path("type").asText());
    Assertions.assertThrows(DeskException.class, () -> f.sunco.desk().end(ticket));
  }

  @Test
  void anOfferToTheWorkspaceIsAcceptedWhenAnAgentAcceptsTheTicket() throws Exception {
    f.sunco.userWrites("ada", "hello");
    inbox.events(1);
    String c = f.sunco.conversationOf("ada").orElseThrow();
    ok(200,
        f.call("POST", "/conversations/" + c + "/offerControl", "{\"switchboardIntegration\":\"zd-agentWorkspace\"}"));
    assertEquals("switchboard:offerControl", inbox.events(1).get(0).path("type").asText());
    AgentTicket ticket = f.sunco.tickets().get(0);
    assertEquals(DeskStatus.QUEUED, ticket.status());
    f.sunco.desk().accept(ticket.id(), "Sam");
    JsonNode accepted = inbox.events(1).get(0);
    assertEquals("switchboard:acceptControl", accepted.path("type").asText());
    assertEquals("zd:agentWorkspace", accepted.path("payload").path("conversation")
        .path("activeSwitchboardIntegration").path("integrationType").asText());
    assertFalse(accepted.path("payload").path("conversation").has("pendingSwitchboardIntegration"));
  }

  @Test
  void agentsLeaveAndReassignTicketsWithoutTellingSunco() throws Exception {
    String c = handedOver("{}");
    String ticket = f.sunco.tickets().get(0).id();
    f.sunco.desk().accept(ticket, "Sam");
    f.sunco.desk().leave(ticket);
    assertEquals(DeskStatus.QUEUED, f.sunco.tickets().get(0).status());
    assertEquals(null, f.sunco.tickets().get(0).agentName());
    f.sunco.desk().accept(ticket, "Kim");
    f.sunco.desk().transfer(ticket, "Lee");
    assertEquals("Lee", f.sunco.tickets().get(0).agentName());
    List<String> system = f.sunco.desk().chat(ticket).orElseThrow().transcript().stream()
        .filter(l -> l.from().equals(DeskLine.SYSTEM)).map(DeskLine::text).toList();
    assertEquals(List.of("Sam unassigned the ticket", "Reassigned from Kim to Lee"), system);
    f.sunco.desk().say(ticket, "Lee here");
    // the first webhook after the handover is Lee's message: leaving and reassigning raised none
    assertEquals("Lee", inbox.events(1).get(0).path("payload").path("message").path("author").path("displayName")
        .asText());
    assertEquals("zd:agentWorkspace", f.sunco.conversation(c).path("activeSwitchboardIntegration")
        .path("integrationType").asText());
  }

  @Test
  void movingTheTicketToEmailGivesControlBackWithTransferToEmail() throws Exception {
    handedOver("{}");
    String ticket = f.sunco.tickets().get(0).id();
    f.sunco.desk().accept(ticket, "Sam");
    f.sunco.transferToEmail(ticket);
    JsonNode back = inbox.events(1).get(0);
    assertEquals("switchboard:passControl", back.path("type").asText());
    assertEquals("transferToEmail", back.path("payload").path("reason").asText());
  }

  @Test
  void theDeskApiDrivesTheTicketOverHttp() throws Exception {
    handedOver("{}");
    String ticket = f.sunco.tickets().get(0).id();
    String chat = "/sandbox/desk/sunco/chats/" + ticket;
    assertEquals("ACTIVE", ok(200, f.sandboxCall("POST", chat + "/accept", "{\"agentName\":\"Kim\"}"))
        .path("status").asText());
    ok(200, f.sandboxCall("POST", chat + "/messages", "{\"text\":\"hello from the console\"}"));
    assertEquals("hello from the console", inbox.events(1).get(0).path("payload").path("message").path("content")
        .path("text").asText());
    ok(200, f.sandboxCall("POST", "/sandbox/sunco/tickets/" + ticket + "/attachments",
        "{\"type\":\"image\",\"mediaUrl\":\"https://example.com/a.png\"}"));
    assertEquals("image", inbox.events(1).get(0).path("payload").path("message").path("content").path("type")
        .asText());
    assertEquals(400, f.sandboxCall("POST", "/sandbox/sunco/tickets/" + ticket + "/attachments",
        "{\"type\":\"image\",\"mediaUrl\":\"nope\"}").statusCode());
    assertEquals("ENDED", ok(200, f.sandboxCall("POST", chat + "/end", "{}")).path("status").asText());
    assertEquals("ticketClosed", inbox.events(1).get(0).path("payload").path("reason").asText());
    assertEquals(409, f.sandboxCall("POST", "/sandbox/sunco/tickets/" + ticket + "/transferToEmail", "{}")
        .statusCode());
    assertEquals(404, f.sandboxCall("POST", "/sandbox/desk/sunco/chats/999/accept", "{}").statusCode());
  }
}
