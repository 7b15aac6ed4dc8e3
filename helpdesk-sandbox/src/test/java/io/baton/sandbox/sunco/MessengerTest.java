package io.baton.sandbox.sunco;

import static io.baton.sandbox.sunco.SuncoFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The end user's side: the messenger routes the console page uses, and the same through the Java API. */
class MessengerTest {
  private final SuncoFixture f = SuncoFixture.start();

  @AfterEach
  void stop() {
    try {
      f.assertContractKept();
    } finally {
      f.close();
    }
  }

  @Test
  void aPersonPicksAUserWritesAndTapsAQuickReply() {
    JsonNode picked = ok(200, f.sandboxCall("POST", "/zendesk/messenger/users",
        "{\"externalId\":\"ada@example.com\",\"email\":\"ada@example.com\",\"givenName\":\"Ada\"}"));
    assertEquals("ada@example.com", picked.path("user").path("externalId").asText());
    assertEquals("Ada", picked.path("user").path("profile").path("givenName").asText());
    assertTrue(picked.path("conversation").isNull());
    // the same user again is picked, not created twice; and the API finds them by their identity email
    ok(200, f.sandboxCall("POST", "/zendesk/messenger/users", "{\"externalId\":\"ada@example.com\"}"));
    assertEquals(1, ok(200, f.call("GET", "/users?filter%5Bidentities.email%5D=ada%40example.com", null))
        .path("users").size());

    JsonNode written = ok(201, f.sandboxCall("POST", "/zendesk/messenger/users/ada@example.com/messages",
        "{\"text\":\"I need help\"}"));
    String conversation = written.path("conversation").path("id").asText();
    assertEquals("I need help", written.path("messages").get(0).path("content").path("text").asText());
    assertEquals("web", written.path("messages").get(0).path("source").path("type").asText());

    String question = ok(201, f.call("POST", "/conversations/" + conversation + "/messages",
        "{\"author\":{\"type\":\"business\",\"displayName\":\"Bot\"},\"content\":{\"type\":\"text\",\"text\":"
            + "\"Billing or tech?\",\"actions\":[{\"type\":\"reply\",\"text\":\"Billing\",\"payload\":\"BILLING\"},"
            + "{\"type\":\"reply\",\"text\":\"Tech\",\"payload\":\"TECH\"}]}}"))
        .path("messages").get(0).path("id").asText();
    JsonNode tapped = ok(201, f.sandboxCall("POST", "/zendesk/messenger/users/ada@example.com/replies",
        "{\"messageId\":\"" + question + "\",\"action\":1}"));
    JsonNode reply = tapped.path("messages").get(2);
    assertEquals("Tech", reply.path("content").path("text").asText());
    assertEquals("TECH", reply.path("content").path("payload").asText());
    assertEquals("user", reply.path("author").path("type").asText());
    assertEquals(conversation, f.sunco.conversationOf("ada@example.com").orElseThrow());
    assertEquals(3, f.sunco.messages(conversation).size());

    assertEquals(400, f.sandboxCall("POST", "/zendesk/messenger/users/ada@example.com/replies",
        "{\"messageId\":\"" + question + "\",\"action\":5}").statusCode());
    assertEquals(400, f.sandboxCall("POST", "/zendesk/messenger/users/ada@example.com/messages",
        "{\"text\":\"" + "x".repeat(4097) + "\"}").statusCode());
    assertEquals(400, f.sandboxCall("POST", "/zendesk/messenger/users", "{\"externalId\":\"\"}").statusCode());
    assertEquals(400, f.sandboxCall("POST", "/zendesk/messenger/users",
        "{\"externalId\":\"x\",\"email\":\"not-an-email\"}").statusCode());
    assertEquals(404, f.sandboxCall("GET", "/zendesk/messenger/users/nobody/conversation", null).statusCode());
    assertEquals(3, f.sunco.messages(conversation).size(), "refused writes changed nothing");
  }

  @Test
  void aUserIsPickedByEmailOrCreatedWithTheEmailAsExternalId() {
    ok(201, f.call("POST", "/users", "{\"externalId\":\"crm-7\",\"profile\":{\"email\":\"lin@example.com\"}}"));
    assertEquals("crm-7", ok(200, f.sandboxCall("POST", "/zendesk/messenger/users",
        "{\"email\":\"lin@example.com\"}")).path("user").path("externalId").asText());
    assertEquals("new@example.com", ok(200, f.sandboxCall("POST", "/zendesk/messenger/users",
        "{\"email\":\"new@example.com\"}")).path("user").path("externalId").asText());
    assertEquals(400, f.sandboxCall("POST", "/zendesk/messenger/users", "{}").statusCode());
  }

  @Test
  void theMessengerPageIsServedWithTheConsole() {
    var page = f.sandboxCall("GET", "/console/messenger.html", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("messenger.js"));
    assertEquals(200, f.sandboxCall("GET", "/console/messenger.js", null).statusCode());
    assertTrue(f.sandboxCall("GET", "/console/", null).body().contains("messenger.html"));
  }
}
