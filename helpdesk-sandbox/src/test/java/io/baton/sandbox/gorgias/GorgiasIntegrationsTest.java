package io.baton.sandbox.gorgias;

import static io.baton.sandbox.gorgias.GorgiasFixture.error;
import static io.baton.sandbox.gorgias.GorgiasFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.kit.WebhookReceiver;
import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP integrations: registration as Gorgias checks it, the form rendered field for field per trigger, the headers
 * sent as given, retries and deactivation, internal notes, and the desk actions' requests.
 */
class GorgiasIntegrationsTest {
  @RegisterExtension
  static final GorgiasFixture f = new GorgiasFixture();
  static final Map<String, Object> FORM = Map.of(
      "ticket_id", "{{ticket.id}}", "status", "{{ticket.status}}", "updated", "{{ticket.updated_datetime}}",
      "trigger", "{{ event.type }}", "assignee", "{{ticket.assignee_user.name}}",
      "message", Map.ofEntries(Map.entry("id", "{{ticket.messages[-1].id}}"),
          Map.entry("from_agent", "{{ticket.messages[-1].from_agent}}"),
          Map.entry("public", "{{ticket.messages[-1].public}}"),
          Map.entry("channel", "{{ticket.messages[-1].channel}}"),
          Map.entry("body_text", "{{ticket.messages[-1].body_text}}"),
          Map.entry("body_html", "{{ticket.messages[-1].body_html}}"),
          Map.entry("sender_name", "{{ticket.messages[-1].sender.name}}"),
          Map.entry("sender_id", "{{ticket.messages[-1].sender.id}}"),
          Map.entry("created", "{{ticket.messages[-1].created_datetime}}"),
          Map.entry("attachments", "{{ticket.messages[-1].attachments}}"),
          Map.entry("first", "{{ticket.messages[0].body_text}}"),
          Map.entry("missing", "{{ticket.messages[99].body_text}}")),
      "literal", "baton", "number", 7);
  static final JsonNode integration = ok(f.call("POST", "/integrations", Map.of("name", "baton-conn-1",
      "type", "http", "http", Map.of("url", f.hooks.url() + "?ticket={{ticket.id}}", "method", "POST",
          "headers", Map.of("X-Baton-Secret", "s3cret"), "form", FORM, "request_content_type", "application/json",
          "triggers", Map.of("ticket_created", true, "ticket_updated", true, "ticket-message-created", true)))),
      201);
  static final AgentDesk desk = f.sandbox.desk("gorgias");

  /** The next request about this ticket, after checking the headers Gorgias sends. */
  static JsonNode next(long ticketId, String trigger) throws InterruptedException {
    WebhookReceiver.Post post = f.hooks.next(b -> b.path("ticket_id").asText().equals(Long.toString(ticketId))
        && b.path("trigger").asText().equals(trigger));
    assertEquals("s3cret", post.header("X-Baton-Secret"));
    assertTrue(post.header("Content-Type").startsWith("application/json"), post.header("Content-Type"));
    return post.body();
  }

  @Test
  void registrationIsCheckedAndFoundByName() {
    Map<String, Object> http = Map.of("url", "https://example.com/hook", "method", "POST",
        "triggers", Map.of("ticket_updated", true));
    error(f.call("POST", "/integrations", Map.of("name", "x", "type", "shopify", "http", http)), 400, "type");
    error(f.call("POST", "/integrations", Map.of("type", "http", "http", http)), 400, "name");
    error(f.call("POST", "/integrations", Map.of("name", "x", "type", "http", "http", Map.of("method", "POST",
        "triggers", Map.of("ticket_updated", true)))), 400, "http.url");
    error(f.call("POST", "/integrations", Map.of("name", "x", "type", "http", "http", Map.of("url", "ftp://x",
        "method", "POST", "triggers", Map.of("ticket_updated", true)))), 400, "http.url");
    error(f.call("POST", "/integrations", Map.of("name", "x", "type", "http", "http", Map.of("url",
        "https://example.com", "method", "FETCH", "triggers", Map.of("ticket_updated", true)))), 400, "http.method");
    error(f.call("POST", "/integrations", Map.of("name", "x", "type", "http", "http", Map.of("url",
        "https://example.com", "method", "POST", "triggers", Map.of("ticket_exploded", true)))), 400,
        "http.triggers.ticket_exploded");
    error(f.call("POST", "/integrations", Map.of("name", "x", "type", "http", "http", Map.of("url",
        "https://example.com", "method", "POST", "triggers", Map.of("ticket_updated", "yes")))), 400,
        "http.triggers.ticket_updated");
    error(f.call("POST", "/integrations", Map.of("name", "x", "type", "http", "http", Map.of("url",
        "https://example.com", "method", "POST", "headers", Map.of("X-Bad", 1), "triggers",
        Map.of("ticket_updated", true)))), 400, "http.headers.X-Bad");

    JsonNode listed = ok(f.call("GET", "/integrations", null), 200).path("data");
    JsonNode mine = null;
    for (JsonNode i : listed) {
      if (i.path("name").asText().equals("baton-conn-1")) {
        mine = i;
      }
    }
    assertEquals(integration.path("id").asLong(), mine.path("id").asLong());
    assertEquals("s3cret", mine.path("http").path("headers").path("X-Baton-Secret").asText());
    assertTrue(mine.path("http").path("triggers").path("ticket-message-created").asBoolean());

    JsonNode other = ok(f.call("POST", "/integrations", Map.of("name", "short-lived", "type", "http", "http", http)),
        201);
    long id = other.path("id").asLong();
    JsonNode updated = ok(f.call("PUT", "/integrations/" + id, Map.of("http", Map.of("url",
        "https://example.com/v2", "method", "POST", "triggers", Map.of("ticket_created", true)))), 200);
    assertEquals("https://example.com/v2", updated.path("http").path("url").asText());
    assertEquals("short-lived", updated.path("name").asText());
    assertEquals(204, f.call("DELETE", "/integrations/" + id, null).statusCode());
    error(f.call("GET", "/integrations/" + id, null), 404, null);
  }

  @Test
  void theFormIsRenderedFieldForFieldWithTheTicketAsTheApiShowsIt() throws Exception {
    JsonNode created = f.chatTicket("Rene Render", "conv-render");
    long id = created.path("id").asLong();
    JsonNode onCreate = next(id, "ticket_created");
    assertEquals("I want a human", onCreate.path("message").path("body_text").asText());
    assertEquals("Hello bot", onCreate.path("message").path("first").asText());

    desk.accept(Long.toString(id), "Alex Agent");
    JsonNode onAccept = next(id, "ticket_updated");
    assertEquals("Alex Agent", onAccept.path("assignee").asText());

    ok(f.call("POST", "/tickets/" + id + "/messages", Map.of("channel", "chat", "via", "helpdesk", "from_agent",
        true, "sender", Map.of("id", f.g.addAgent("Alex Agent")), "body_text", "Hello, I am Alex",
        "body_html", "<p>Hello, I am Alex</p>", "attachments", List.of(Map.of("url",
            "https://files.example.com/a.png", "name", "a.png", "content_type", "image/png")))),
        201);
    JsonNode body = next(id, "ticket_message_created");
    JsonNode ticket = ok(f.call("GET", "/tickets/" + id, null), 200);
    JsonNode last = ticket.path("messages").get(ticket.path("messages").size() - 1);
    JsonNode m = body.path("message");
    assertEquals(Long.toString(id), body.path("ticket_id").asText());
    assertEquals("open", body.path("status").asText());
    assertEquals(ticket.path("updated_datetime").asText(), body.path("updated").asText());
    assertEquals(last.path("id").asText(), m.path("id").asText());
    assertEquals("true", m.path("from_agent").asText());
    assertEquals("true", m.path("public").asText());
    assertEquals("chat", m.path("channel").asText());
    assertEquals("Hello, I am Alex", m.path("body_text").asText());
    assertEquals("<p>Hello, I am Alex</p>", m.path("body_html").asText());
    assertEquals("Alex Agent", m.path("sender_name").asText());
    assertEquals(last.path("sender").path("id").asText(), m.path("sender_id").asText());
    assertEquals(last.path("created_datetime").asText(), m.path("created").asText());
    assertEquals(last.path("attachments"), WebhookReceiver.JSON.readTree(m.path("attachments").asText()));
    assertEquals("", m.path("missing").asText());
    assertEquals("baton", body.path("literal").asText());
    assertEquals(7, body.path("number").asInt());
    assertTrue(f.hooks.posts().stream().anyMatch(p -> p.body().equals(body)));
    GorgiasFixture.await("the request in the delivery log", () -> f.g.deliveries().stream().anyMatch(d -> d.event()
        .equals("ticket_message_created") && d.body().contains("Hello, I am Alex") && d.status() == 200
        && d.headers().equals(Map.of("X-Baton-Secret", "s3cret"))));
  }

  @Test
  void theDeskActionsAndAnInternalNoteFireTheirTriggers() throws Exception {
    long id = f.chatTicket("Dora Desk", "conv-desk").path("id").asLong();
    String chat = Long.toString(id);
    next(id, "ticket_created");
    assertEquals(DeskStatus.QUEUED, desk.chat(chat).orElseThrow().status());
    assertEquals(409, assertThrows(DeskException.class, () -> desk.say(chat, "too early")).status());

    desk.accept(chat, "Alex Agent");
    assertEquals("Alex Agent", next(id, "ticket_updated").path("assignee").asText());
    desk.say(chat, "How can I help?");
    JsonNode said = next(id, "ticket_message_created").path("message");
    assertEquals(List.of("true", "true", "chat", "How can I help?", "Alex Agent"), List.of(
        said.path("from_agent").asText(), said.path("public").asText(), said.path("channel").asText(),
        said.path("body_text").asText(), said.path("sender_name").asText()));
    assertTrue(f.g.ticket(id).orElseThrow().messages().get(2).sentByGorgias());

    ok(f.sandboxCall("POST", "/sandbox/gorgias/tickets/" + id + "/notes", Map.of("text", "VIP, be nice")), 200);
    JsonNode note = next(id, "ticket_message_created").path("message");
    assertEquals(List.of("true", "false", "internal-note", "VIP, be nice"), List.of(note.path("from_agent").asText(),
        note.path("public").asText(), note.path("channel").asText(), note.path("body_text").asText()));
    assertFalse(f.g.ticket(id).orElseThrow().messages().get(3).sentByGorgias());

    assertEquals(400, assertThrows(DeskException.class, () -> desk.typing(chat, true)).status());
    desk.leave(chat);
    assertEquals("", next(id, "ticket_updated").path("assignee").asText());
    assertEquals(DeskStatus.QUEUED, desk.chat(chat).orElseThrow().status());
    desk.transfer(chat, "Bea Backup");
    assertEquals("Bea Backup", next(id, "ticket_updated").path("assignee").asText());
    desk.end(chat);
    assertEquals("closed", next(id, "ticket_updated").path("status").asText());
    assertEquals(DeskStatus.ENDED, desk.chat(chat).orElseThrow().status());
    assertEquals(409, assertThrows(DeskException.class, () -> desk.end(chat)).status());
  }

  @Test
  void aFailedRequestIsRetriedAndTooManyFailuresInARowDeactivateTheIntegration() throws Exception {
    long id = f.chatTicket("Rhea Retry", "conv-retry").path("id").asLong();
    next(id, "ticket_created");
    f.hooks.answer(500);
    desk.accept(Long.toString(id), "Alex Agent");
    next(id, "ticket_updated");
    java.util.function.Supplier<List<Integer>> statuses = () -> f.g.deliveries().stream()
        .filter(d -> d.event().equals("ticket_updated") && d.body().contains("\"ticket_id\":\"" + id + "\""))
        .map(WebhookSender.Delivery::status).toList();
    // the receiver hands the request over before it answers: the sender logs the answer just after
    GorgiasFixture.await("the retry's answer logged", () -> statuses.get().size() == 2);
    assertEquals(List.of(500, 200), statuses.get());

    long integrationId = integration.path("id").asLong();
    try {
      f.g.disableAfterFailures(3);
      f.g.makeDeliveriesUnreachable(3);
      desk.say(Long.toString(id), "anyone?");
      GorgiasFixture.await("the integration deactivated",
          () -> f.g.integrationRegistrations().stream().noneMatch(i -> i.id() == integrationId
              && i.active()));
      assertFalse(ok(f.call("GET", "/integrations/" + integrationId, null), 200).path("deactivated_datetime")
          .isNull());
      desk.say(Long.toString(id), "not sent: the integration is off");
      assertTrue(f.hooks.quiet(Duration.ofMillis(300)));
    } finally {
      f.g.disableAfterFailures(100);
      ok(f.call("PUT", "/integrations/" + integrationId, Map.of("deactivated_datetime",
          WebhookReceiver.JSON.nullNode())), 200);
    }
    desk.say(Long.toString(id), "back on");
    assertEquals("back on", next(id, "ticket_message_created").path("message").path("body_text").asText());
  }
}
