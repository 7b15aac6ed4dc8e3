package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskCompany.ALEX_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.MARIA_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.SUPPORT_GROUP_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.WHATSAPP_CHANNEL_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.WebhookReceiver;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The human operator on the agent desk: accept, reply (text, a file), transfer, close; and what the desk refuses. */
class Chat2DeskDeskTest {
  @RegisterExtension
  static final Chat2DeskFixture f = Chat2DeskFixture.subscribedTo(Chat2DeskFixture.ALL_HOOKS);
  static final Chat2DeskSimulator c2d = f.c2d;

  static HttpResponse<String> desk(String dialog, String action, String body) {
    return f.sandboxCall("POST", "/sandbox/desk/chat2desk/chats/" + dialog + "/" + action, body);
  }

  static JsonNode deskOk(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return Chat2DeskFixture.read(r);
  }

  static void refused(HttpResponse<String> r, int status, String detail) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(detail, Chat2DeskFixture.read(r).path("detail").asText());
  }

  @Test
  void anOperatorAcceptsRepliesWithTextAndAFileTransfersAndClosesTheDialog() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Vera", "79001230000");
    long dialog = c2d.clientWrites(client, "I need a person").dialogId();
    f.hookOf(client);
    String id = Long.toString(dialog);
    assertEquals(404, f.sandboxCall("GET", "/sandbox/desk/chat2desk/chats/" + id, null).statusCode(),
        "the bot's dialog is not on the desk");
    ok(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":" + ALEX_OPERATOR_ID + "}"));
    f.hookOf(client);
    JsonNode waiting = deskOk(f.sandboxCall("GET", "/sandbox/desk/chat2desk/chats/" + id, null));
    assertEquals("QUEUED", waiting.path("status").asText());
    assertEquals("Alex", waiting.path("agentName").asText());
    assertEquals("Vera", waiting.path("visitorName").asText());
    assertEquals("WhatsApp (whatsapp)", waiting.path("context").path("Channel").asText());
    assertEquals(List.of("ACCEPT", "SAY", "TRANSFER", "END"), WebhookReceiver.JSON.convertValue(
        waiting.path("actions"), List.class));
    refused(desk(id, "messages", "{\"text\":\"too early\"}"), 409, "Dialog " + id + " is QUEUED, not ACTIVE");

    assertEquals("ACTIVE", deskOk(desk(id, "accept", "{\"agentName\":\"Alex\"}")).path("status").asText());
    deskOk(desk(id, "messages", "{\"text\":\"Hello Vera, Alex here\"}"));
    JsonNode outbox = f.hookOf(client).body();
    assertEquals("outbox", outbox.path("hook_type").asText());
    assertEquals("Hello Vera, Alex here", outbox.path("text").asText());
    assertEquals(ALEX_OPERATOR_ID, outbox.path("operator_id").asLong());
    HttpResponse<String> file = f.sandboxCall("POST", "/sandbox/chat2desk/dialogs/" + id + "/attachments",
        "{\"attachment\":\"https://files.example.com/invoice.pdf\"}");
    assertEquals(201, file.statusCode(), file.body());
    assertEquals("https://files.example.com/invoice.pdf",
        f.hookOf(client).body().path("attachments").get(0).path("link").asText());
    assertEquals(List.of("Hello Vera, Alex here", ""), c2d.received(client).stream()
        .map(m -> m.text() == null ? "" : m.text()).toList());

    JsonNode moved = deskOk(desk(id, "transfer", "{\"agentName\":\"Maria\"}"));
    assertEquals("ACTIVE", moved.path("status").asText());
    assertEquals("Maria", moved.path("agentName").asText());
    assertEquals(MARIA_OPERATOR_ID, f.hookOf(client).body().path("operator_id").asLong());
    deskOk(desk(id, "transfer", "{\"agentName\":\"Alex\"}")); // Maria hands it back
    assertEquals(ALEX_OPERATOR_ID, f.hookOf(client).body().path("operator_id").asLong());
    JsonNode ended = deskOk(desk(id, "end", null));
    assertEquals("ENDED", ended.path("status").asText());
    assertEquals("close_dialog", f.hookOf(client).body().path("hook_type").asText());
    assertEquals("closed", c2d.dialog(dialog).orElseThrow().state());
    List<String> from = ended.path("transcript").findValues("from").stream().map(JsonNode::asText).toList();
    assertEquals(List.of("visitor", "agent", "agent"), from);
    refused(desk(id, "end", null), 409, "Dialog " + id + " is ENDED");
  }

  @Test
  void aDialogQueuedInAGroupIsAcceptedByTheMemberNamed() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, null, "79009990000");
    Chat2DeskMessage m = c2d.clientWrites(client, "queue me");
    f.hookOf(client);
    c2d.setOnline(ALEX_OPERATOR_ID, false);
    c2d.setOnline(MARIA_OPERATOR_ID, false);
    try {
      ok(f.call("POST", "/messages/" + m.id() + "/transfer_to_group", "{\"group_id\":" + SUPPORT_GROUP_ID + "}"));
      f.hookOf(client);
      String id = Long.toString(m.dialogId());
      JsonNode queued = deskOk(f.sandboxCall("GET", "/sandbox/desk/chat2desk/chats/" + id, null));
      assertEquals("QUEUED", queued.path("status").asText());
      assertTrue(queued.path("agentName").isNull());
      assertEquals("79009990000", queued.path("visitorName").asText());
      assertEquals("Support", queued.path("context").path("Queue").asText());
      refused(desk(id, "leave", null), 400, "chat2desk agents cannot leave");
      JsonNode taken = deskOk(desk(id, "accept", "{\"agentName\":\"Maria Ivanova\"}"));
      assertEquals("ACTIVE", taken.path("status").asText());
      assertEquals("Maria", taken.path("agentName").asText());
      assertEquals(MARIA_OPERATOR_ID, f.hookOf(client).body().path("operator_id").asLong());
    } finally {
      c2d.setOnline(ALEX_OPERATOR_ID, true);
      c2d.setOnline(MARIA_OPERATOR_ID, true);
    }
    refused(desk("123", "accept", null), 404, "No chat2desk chat 123");
  }
}
