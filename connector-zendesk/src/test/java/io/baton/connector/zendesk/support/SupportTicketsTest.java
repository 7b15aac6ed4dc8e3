package io.baton.connector.zendesk.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.zendesk.Ticket;
import io.baton.sandbox.zendesk.TicketView;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a handover's ticket carries, and what of the agent side is relayed or not, against the sandbox. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupportTicketsTest {
  private ConnectorFixture fx;
  private SupportSeeds.Part part;

  @BeforeAll
  void start(KafkaBroker broker) {
    fx = SupportSeeds.fixture(broker);
    SupportSeeds.connection(fx);
    part = SupportSeeds.start(fx, "tickets-" + fx.run, 0);
  }

  @AfterAll
  void stop() {
    part.stop();
    fx.close();
  }

  private TicketView open(String c, String group, List<String> tags, Map<String, String> fields) {
    fx.start(c, SupportSeeds.startChat("Cleo " + c, c + "@example.com", group, tags, fields));
    assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
    return SupportSeeds.ticket(fx, c);
  }

  @Test
  void theTicketCarriesTranscriptRequesterGroupTagsAndFields() throws Exception {
    String c = "fields-" + fx.run;
    TicketView t = open(c, "Billing " + fx.run, List.of("vip", " "), Map.of("360001", "gold"));
    assertEquals("Chat with Cleo " + c, t.subject());
    assertEquals("h-" + c, t.externalId());
    assertEquals(c + "@example.com", fx.sandbox.zendesk().userByEmail(c + "@example.com").orElseThrow().email());
    assertEquals(t.requesterId(), fx.sandbox.zendesk().userByEmail(c + "@example.com").orElseThrow().id());
    assertTrue(t.tags().containsAll(List.of("baton", "vip")), t.tags().toString());
    assertEquals("gold", String.valueOf(t.customFields().get(360001L)));
    String auth = ZendeskSupportSimulator.authorization(ZendeskSupportSimulator.API_EMAIL,
        ZendeskSupportSimulator.API_TOKEN);
    assertEquals("Billing " + fx.run, SupportSeeds.get(fx, "/groups/" + t.groupId(), auth).path("group")
        .path("name").asText());
    assertEquals(1, t.comments().size());
    assertEquals("Conversation with the bot before the handover:\n[1970-01-01 00:00] Visitor: I need a human\n"
        + "[1970-01-01 00:00] Bot: Connecting you to an agent", t.comments().get(0).body());
    // A second handover naming the same group uses it rather than creating another.
    TicketView second = open("fields2-" + fx.run, "Billing " + fx.run, List.of(), Map.of());
    assertEquals(t.groupId(), second.groupId());
  }

  @Test
  void aCreateWhoseAnswerWasLostOpensOneTicket() {
    String c = "lostcreate-" + fx.run;
    // Zendesk creates the ticket but the answer is lost: the retry carries the same Idempotency-Key.
    fx.sandbox.faults(ZendeskSupportSimulator.NAME).loseNext("tickets.create", 1);
    TicketView t = open(c, null, List.of(), Map.of());
    assertEquals(1, fx.sandbox.zendesk().tickets().stream().filter(x -> ("h-" + c).equals(x.externalId())).count());
    assertEquals(List.of(), fx.sandbox.faults(ZendeskSupportSimulator.NAME).pending());
    assertEquals(1, t.comments().size());
  }

  @Test
  void customFieldsNotKeyedByFieldIdFailTheHandoverAndOpenNothing() {
    String c = "badfield-" + fx.run;
    fx.start(c, SupportSeeds.startChat("Dan", c + "@example.com", null, List.of(), Map.of("tier", "gold")));
    HandoverFailed failed = (HandoverFailed) fx.agentEventsOf(c, 1).get(0);
    assertTrue(failed.getReason().contains("customFields are keyed by Zendesk ticket field id"), failed.getReason());
    assertTrue(fx.sandbox.zendesk().tickets().stream().noneMatch(t -> ("h-" + c).equals(t.externalId())));
  }

  @Test
  void privateNotesAreNotRelayedAndFilesGoBothWays() throws Exception {
    String c = "files-" + fx.run;
    TicketView t = open(c, null, List.of(), Map.of());
    fx.sandbox.zendesk().agent().accept(t.id(), "Nia");
    fx.sandbox.zendesk().agent().comment(t.id(), "checking with billing", false);
    fx.sandbox.zendesk().agent().attach(t.id(), "invoice.pdf", "application/pdf",
        "%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8), "here is your invoice");
    List<Object> events = fx.agentEventsOf(c, 3);
    assertEquals(new AgentJoined("Nia", events.get(1) instanceof AgentJoined j ? j.getAgentId() : null),
        events.get(1));
    AgentMessage m = (AgentMessage) events.get(2);
    assertEquals("here is your invoice", m.getText());
    assertEquals("Nia", m.getAgentName());
    assertEquals(1, m.getAttachments().size());
    Attachment file = m.getAttachments().get(0);
    assertEquals("invoice.pdf", file.getName());
    assertEquals("application/pdf", file.getContentType());
    // Comments are read in order: the note, written before the file, would have come before its message.
    assertEquals(3, fx.allAgentEventsOf(c).size(), "the private note is not relayed");

    // The visitor sends the file back: it is uploaded and attached to the requester's comment.
    fx.say(c, "v1-" + c, "signed copy", List.of(new Attachment(file.getUrl(), "signed.pdf", "application/pdf",
        file.getSizeBytes())));
    Eventually.until(ConnectorFixture.PATIENCE, "the visitor's file in the ticket", () -> fx.sandbox.zendesk()
        .ticket(t.id()).orElseThrow().comments().stream().anyMatch(x -> x.authorId() == t.requesterId()
            && x.body().equals("signed copy") && x.attachments().size() == 1));
    Ticket.Comment back = fx.sandbox.zendesk().ticket(t.id()).orElseThrow().comments().stream()
        .filter(x -> x.body().equals("signed copy")).findFirst().orElseThrow();
    assertEquals("signed.pdf", back.attachments().get(0).fileName());
    assertTrue(back.isPublic());
  }

  @Test
  void solvedOrClosedByTheAgentEndsTheChat() {
    String solved = "solved-" + fx.run;
    TicketView a = open(solved, null, List.of(), Map.of());
    String closed = "closed-" + fx.run;
    TicketView b = open(closed, null, List.of(), Map.of());
    fx.sandbox.zendesk().agent().accept(a.id(), "Omar");
    fx.sandbox.zendesk().agent().solve(a.id());
    fx.sandbox.zendesk().agent().accept(b.id(), "Omar");
    fx.sandbox.zendesk().agent().close(b.id());
    assertEquals(new ChatEnded(EndedBy.agent, "solved"), fx.agentEventsOf(solved, 3).get(2));
    assertEquals(new ChatEnded(EndedBy.agent, "closed"), fx.agentEventsOf(closed, 3).get(2));
  }

  @Test
  void batonEndingTheChatLeavesANoteAndSolvesTheTicket() {
    String c = "leaves-" + fx.run;
    TicketView t = open(c, null, List.of(), Map.of());
    fx.say(c, "v1-" + c, "ok bye");
    fx.end(c, "end-" + c, "visitor left");
    Eventually.until(ConnectorFixture.PATIENCE, "the ticket solved",
        () -> "solved".equals(fx.sandbox.zendesk().ticket(t.id()).orElseThrow().status()));
    List<Ticket.Comment> comments = fx.sandbox.zendesk().ticket(t.id()).orElseThrow().comments();
    assertEquals("ok bye", comments.get(1).body(), "the visitor's last line first");
    Ticket.Comment note = comments.get(comments.size() - 1);
    assertEquals(false, note.isPublic());
    assertEquals("Baton: the chat ended (visitor left). The visitor no longer sees replies here.", note.body());
  }

  @Test
  void anEndWhoseAnswerWasLostLeavesOneNote() throws Exception {
    String c = "lostend-" + fx.run;
    TicketView t = open(c, null, List.of(), Map.of());
    fx.sandbox.faults(ZendeskSupportSimulator.NAME).loseNext("tickets.update", 1);
    fx.end(c, "end-" + c, "timeout");
    Eventually.until(ConnectorFixture.PATIENCE, "the ticket solved",
        () -> "solved".equals(fx.sandbox.zendesk().ticket(t.id()).orElseThrow().status()));
    Thread.sleep(1500); // a second note would land now
    List<Ticket.Comment> notes = fx.sandbox.zendesk().ticket(t.id()).orElseThrow().comments().stream()
        .filter(x -> !x.isPublic()).toList();
    assertEquals(List.of("Baton: the chat ended (timeout). The visitor no longer sees replies here."),
        notes.stream().map(Ticket.Comment::body).toList());
    assertEquals(List.of(), fx.sandbox.faults(ZendeskSupportSimulator.NAME).pending());
  }

  @Test
  void aSigningSecretResetAtZendeskIsReadAgainAndForgeriesStayRefused() throws Exception {
    String c = "reset-" + fx.run;
    TicketView t = open(c, null, List.of(), Map.of());
    String old = SupportSeeds.signingSecret(fx);
    String fresh = SupportSeeds.resetSigningSecret(fx);
    assertNotEquals(old, fresh);
    fx.sandbox.zendesk().agent().accept(t.id(), "Rae");
    fx.sandbox.zendesk().agent().comment(t.id(), "hello after the reset", true);
    assertEquals("hello after the reset", ((AgentMessage) fx.agentEventsOf(c, 3).get(2)).getText());
    long comment = fx.sandbox.zendesk().ticket(t.id()).orElseThrow().comments().stream()
        .filter(x -> x.body().equals("hello after the reset")).findFirst().orElseThrow().id();
    assertTrue(fx.sandbox.zendesk().webhookDeliveries().stream().anyMatch(d -> d.status() == 200
        && d.body().contains("\"comment_id\":\"" + comment + "\"")), "Zendesk's delivery, signed with the new secret");

    // Checked with the new secret from now on: the old one and a forgery are refused.
    String body = "{\"baton\":\"comment\",\"ticket_id\":\"" + t.id() + "\",\"updated_at\":\"x\","
        + "\"comment_id\":\"" + comment + "\",\"status\":\"open\"}";
    String at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ApiFaults faults = fx.sandbox.faults(ZendeskSupportSimulator.NAME);
    faults.slowNext("webhooks", java.time.Duration.ofMillis(1), 1000); // counts the reads of the secret
    try {
      assertEquals(401, SupportSeeds.post(part.port(), body, at, SupportWebhooks.sign(old, at, bytes)));
      assertEquals(401, SupportSeeds.post(part.port(), body, at, SupportWebhooks.sign("forged", at, bytes)));
      assertEquals(200, SupportSeeds.post(part.port(), body, at, SupportWebhooks.sign(fresh, at, bytes)));
      assertEquals(1000, faults.pending().get(0).remaining(), "the secret was read again a moment ago: not again");
    } finally {
      faults.clear();
    }
  }

  @Test
  void aTicketThatCannotBeReadIsReadLessAndLessOftenAndOneGoneEndsTheChat() throws Exception {
    String c = "unreadable-" + fx.run;
    TicketView t = open(c, null, List.of(), Map.of());
    ApiFaults faults = fx.sandbox.faults(ZendeskSupportSimulator.NAME);
    try {
      // Every read of the ticket refused from now on: the one the agent's accepting it causes is the first.
      faults.failNext("tickets.show", 403, null, 1000);
      fx.sandbox.zendesk().agent().accept(t.id(), "Ines");
      Eventually.until(ConnectorFixture.PATIENCE, "a refused read", () -> refusalsLeft(faults) < 1000);
      int first = refusalsLeft(faults);
      Thread.sleep(6000); // the window in which reads every second would be 6
      int retries = first - refusalsLeft(faults);
      assertTrue(retries <= 4, "read again " + retries + " times in 6 s: not less often");
      // ... but read again: the first wait is at most 8 s (Support's 500 ms << 4, full jitter), so it may still come
      Eventually.until(Duration.ofSeconds(10), "the ticket read again", () -> refusalsLeft(faults) < first);

      // The ticket's comments are gone: the chat ends, saying so.
      faults.clear();
      faults.failNext("comments", 404, null, 1000);
      fx.sandbox.zendesk().agent().comment(t.id(), "are you there?", true);
      assertEquals(new ChatEnded(EndedBy.timeout, "the Zendesk ticket " + t.id() + " was deleted"),
          fx.agentEventsOf(c, 2).get(1));
    } finally {
      faults.clear();
    }
  }

  @Test
  void aLineForATicketThatIsGoneEndsTheChat() {
    String c = "gone-" + fx.run;
    TicketView t = open(c, null, List.of(), Map.of());
    ApiFaults faults = fx.sandbox.faults(ZendeskSupportSimulator.NAME);
    try {
      faults.failNext("tickets.update", 404, null, 1);
      fx.say(c, "v1-" + c, "hello?");
      assertEquals(new ChatEnded(EndedBy.timeout, "the Zendesk ticket " + t.id() + " was deleted"),
          fx.agentEventsOf(c, 2).get(1));
    } finally {
      faults.clear();
    }
  }

  private static int refusalsLeft(ApiFaults faults) {
    return faults.pending().stream().filter(f -> "tickets.show".equals(f.path())).mapToInt(ApiFaults.Fault::remaining)
        .findFirst().orElse(0);
  }
}
