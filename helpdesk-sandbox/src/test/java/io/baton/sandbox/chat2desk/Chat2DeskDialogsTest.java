package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskCompany.ALEX_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.BOT_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.MARIA_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.OLEG_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.SUPPORT_GROUP_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.TELEGRAM_CHANNEL_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.WHATSAPP_CHANNEL_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskFixture.error;
import static io.baton.sandbox.chat2desk.Chat2DeskFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages and dialogs through the API: what each call does and refuses, and the webhooks each change sends. */
class Chat2DeskDialogsTest {
  @RegisterExtension
  static final Chat2DeskFixture f = Chat2DeskFixture.subscribedTo(Chat2DeskFixture.ALL_HOOKS);
  static final Chat2DeskSimulator c2d = f.c2d;

  @Test
  void aClientMessageOpensADialogForTheBotAndIsAnInboxHook() throws Exception {
    long client = c2d.newClient(TELEGRAM_CHANNEL_ID, "Olga", "79005556677");
    Chat2DeskMessage first = c2d.clientWrites(client, "Hi there");
    JsonNode inbox = f.hookOf(client).body();
    assertEquals("inbox", inbox.path("hook_type").asText());
    assertEquals(first.id(), inbox.path("message_id").asLong());
    assertEquals("from_client", inbox.path("type").asText());
    assertEquals("Hi there", inbox.path("text").asText());
    assertEquals("telegram", inbox.path("transport").asText());
    assertEquals(BOT_OPERATOR_ID, inbox.path("operator_id").asLong());
    assertEquals(first.dialogId().longValue(), inbox.path("dialog_id").asLong());
    assertEquals(TELEGRAM_CHANNEL_ID, inbox.path("channel_id").asLong());
    assertEquals("Olga", inbox.path("client").path("name").asText());
    assertEquals("79005556677", inbox.path("client").path("phone").asText());
    assertTrue(inbox.path("is_new_client").asBoolean());
    assertTrue(inbox.path("is_new_request").asBoolean());
    assertTrue(inbox.path("event_time").asText().endsWith("Z"));
    c2d.clientSends(client, "https://files.example.com/a/photo.jpg", "photo.jpg", null);
    JsonNode file = f.hookOf(client).body();
    assertEquals("https://files.example.com/a/photo.jpg", file.path("attachments").get(0).path("link").asText());
    assertEquals("photo.jpg", file.path("attachments").get(0).path("name").asText());
    assertFalse(file.path("is_new_client").asBoolean());
    assertFalse(file.path("is_new_request").asBoolean());
    assertEquals(inbox.path("dialog_id").asLong(), file.path("dialog_id").asLong());

    JsonNode dialog = ok(f.call("GET", "/dialogs/" + first.dialogId(), null));
    assertEquals("open", dialog.path("state").asText());
    assertEquals(BOT_OPERATOR_ID, dialog.path("operator_id").asLong());
    assertEquals(file.path("message_id").asLong(), dialog.path("last_message").path("id").asLong());
    JsonNode open = ok(f.call("GET", "/clients/" + client + "/dialogs?state=open", null));
    assertEquals(1, open.size());
    JsonNode c = ok(f.call("GET", "/clients/" + client, null));
    assertEquals("Olga", c.path("name").asText());
    error(f.call("GET", "/clients/1", null), 404, "Client not found");
    error(f.call("GET", "/dialogs/1", null), 404, "Dialog not found");
  }

  @Test
  void aMessageToTheClientIsAnOutboxHookAndAnExternalIdSendsItOnce() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Petr", "79007778899");
    c2d.clientWrites(client, "menu?");
    f.hookOf(client);
    String body = "{\"client_id\":" + client + ",\"text\":\"Pick one\",\"operator_id\":" + BOT_OPERATOR_ID
        + ",\"external_id\":\"bot-1\",\"keyboard\":{\"buttons\":[{\"type\":\"reply\",\"text\":\"Yes\","
        + "\"payload\":\"yes\"},{\"type\":\"reply\",\"text\":\"No\",\"payload\":\"no\"}]}}";
    JsonNode sent = ok(f.call("POST", "/messages", body));
    assertEquals("whatsapp", sent.path("transport").asText());
    assertEquals("to_client", sent.path("type").asText());
    assertEquals(BOT_OPERATOR_ID, sent.path("operator_id").asLong());
    JsonNode again = ok(f.call("POST", "/messages", body));
    assertEquals(sent, again);
    JsonNode outbox = f.hookOf(client).body();
    assertEquals("outbox", outbox.path("hook_type").asText());
    assertEquals(sent.path("message_id").asLong(), outbox.path("message_id").asLong());
    assertEquals(BOT_OPERATOR_ID, outbox.path("operator_id").asLong());
    assertEquals("to_client", outbox.path("type").asText());
    List<Chat2DeskMessage> received = c2d.received(client);
    assertEquals(1, received.size(), "the second POST sent nothing");
    assertEquals(List.of(new Chat2DeskMessage.Button("reply", "Yes", "yes"),
        new Chat2DeskMessage.Button("reply", "No", "no")), received.get(0).buttons());

    Chat2DeskMessage tapped = c2d.clientTaps(client, received.get(0).id(), 1);
    assertEquals("no", tapped.text());
    assertEquals("no", f.hookOf(client).body().path("text").asText());

    ok(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"text\":\"note\",\"type\":\"comment\"}"));
    ok(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"text\":\"auto\",\"type\":\"autoreply\"}"));
    JsonNode auto = f.hookOf(client).body();
    assertEquals("autoreply", auto.path("type").asText(), "the comment sent no outbox");
    assertEquals(List.of("Pick one", "auto"), c2d.received(client).stream().map(Chat2DeskMessage::text).toList());
  }

  @Test
  void badMessagesAre400NamingTheFieldAndSendNothing() {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Bad", null);
    String tooLong = "x".repeat(Chat2DeskMessages.MAX_TEXT + 1);
    HttpResponse<String> r = f.call("POST", "/messages", "{\"client_id\":" + client + ",\"text\":\"" + tooLong
        + "\"}");
    error(r, 400, "text is too long (at most 4096 characters)");
    assertTrue(Chat2DeskFixture.read(r).path("errors").has("text"));
    error(f.call("POST", "/messages", "{\"client_id\":" + client + "}"), 400,
        "text is required unless there is an attachment");
    error(f.call("POST", "/messages", "{\"text\":\"hi\"}"), 400, "client_id is required");
    error(f.call("POST", "/messages", "{\"client_id\":1,\"text\":\"hi\"}"), 400,
        "client_id is not a client of the company");
    error(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"text\":\"hi\",\"type\":\"email\"}"), 400,
        "type must be one of [to_client, autoreply, system, comment]");
    error(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"text\":\"hi\",\"operator_id\":9}"), 400,
        "operator_id is not an operator of the company");
    error(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"attachment\":\"ftp://x/y\"}"), 400,
        "attachment must be an http(s) URL");
    StringBuilder eleven = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      eleven.append(i == 0 ? "" : ",").append("{\"type\":\"reply\",\"text\":\"b").append(i).append("\"}");
    }
    error(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"text\":\"hi\",\"keyboard\":{\"buttons\":["
        + eleven + "]}}"), 400, "keyboard has more than 10 buttons");
    error(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"text\":\"hi\",\"keyboard\":{\"buttons\":["
        + "{\"type\":\"reply\",\"text\":\"" + "y".repeat(41) + "\"}]}}"), 400,
        "keyboard button text must have 1 to 40 characters");
    error(f.call("POST", "/messages", "not json"), 400, "Request body must be a JSON object");
    assertEquals(List.of(), c2d.messagesOf(client));
  }

  @Test
  void aDialogGoesToAnOnlineOperatorOrAnOfflineOneOnlyWhenForced() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Nina", null);
    long dialog = c2d.clientWrites(client, "operator please").dialogId();
    f.hookOf(client);
    JsonNode moved = ok(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":" + ALEX_OPERATOR_ID + "}"));
    assertEquals(ALEX_OPERATOR_ID, moved.path("operator_id").asLong());
    JsonNode transferred = f.hookOf(client).body();
    assertEquals("dialog_transferred", transferred.path("hook_type").asText());
    assertEquals(ALEX_OPERATOR_ID, transferred.path("operator_id").asLong());
    assertEquals(dialog, transferred.path("dialog_id").asLong());
    assertFalse(transferred.has("message_id"));

    error(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":" + OLEG_OPERATOR_ID + "}"), 400,
        "Operator is offline");
    assertEquals(ALEX_OPERATOR_ID, c2d.dialog(dialog).orElseThrow().operatorId());
    error(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":77}"), 400,
        "operator_id is not an operator of the company");
    error(f.call("PUT", "/dialogs/" + dialog, "{}"), 400, "operator_id or state is required");
    ok(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":" + OLEG_OPERATOR_ID + ",\"force_assign\":true}"));
    assertEquals(OLEG_OPERATOR_ID, f.hookOf(client).body().path("operator_id").asLong());

    ok(f.call("PUT", "/dialogs/" + dialog, "{\"state\":\"closed\"}"));
    JsonNode closed = f.hookOf(client).body();
    assertEquals("close_dialog", closed.path("hook_type").asText());
    assertEquals(OLEG_OPERATOR_ID, closed.path("operator_id").asLong());
    assertEquals("closed", c2d.dialog(dialog).orElseThrow().state());
    ok(f.call("PUT", "/dialogs/" + dialog, "{\"state\":\"closed\"}")); // closing again changes nothing
    error(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":" + ALEX_OPERATOR_ID + "}"), 400,
        "Dialog is closed");

    Chat2DeskMessage again = c2d.clientWrites(client, "me again");
    JsonNode inbox = f.hookOf(client).body();
    assertEquals("inbox", inbox.path("hook_type").asText(), "no second close_dialog came before it");
    assertTrue(inbox.path("is_new_request").asBoolean());
    assertTrue(again.dialogId() != dialog);
    assertEquals(BOT_OPERATOR_ID, inbox.path("operator_id").asLong());
  }

  @Test
  void aGroupTransferWaitsInTheQueueUntilAMemberComesOnline() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Queue", null);
    Chat2DeskMessage m = c2d.clientWrites(client, "help");
    f.hookOf(client);
    c2d.setOnline(ALEX_OPERATOR_ID, false);
    c2d.setOnline(MARIA_OPERATOR_ID, false);
    try {
      error(f.call("POST", "/messages/" + m.id() + "/transfer_to_group", "{\"group_id\":999}"), 400,
          "group_id is not a group of the company");
      error(f.call("POST", "/messages/1/transfer_to_group", "{\"group_id\":" + SUPPORT_GROUP_ID + "}"), 404,
          "Message not found");
      JsonNode queued = ok(f.call("POST", "/messages/" + m.id() + "/transfer_to_group",
          "{\"group_id\":" + SUPPORT_GROUP_ID + "}"));
      assertTrue(queued.path("operator_id").isNull());
      JsonNode toQueue = f.hookOf(client).body();
      assertEquals("dialog_transferred", toQueue.path("hook_type").asText());
      assertTrue(toQueue.path("operator_id").isNull());
      assertEquals(SUPPORT_GROUP_ID, c2d.dialog(m.dialogId()).orElseThrow().queueGroupId().longValue());
      c2d.setOnline(MARIA_OPERATOR_ID, true);
      JsonNode assigned = f.hookOf(client).body();
      assertEquals("dialog_transferred", assigned.path("hook_type").asText());
      assertEquals(MARIA_OPERATOR_ID, assigned.path("operator_id").asLong());
      Chat2DeskSimulator.Dialog d = c2d.dialog(m.dialogId()).orElseThrow();
      assertEquals(MARIA_OPERATOR_ID, d.operatorId().longValue());
      assertEquals(null, d.queueGroupId());
    } finally {
      c2d.setOnline(ALEX_OPERATOR_ID, true);
      c2d.setOnline(MARIA_OPERATOR_ID, true);
    }
  }
}
