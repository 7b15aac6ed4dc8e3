package io.baton.sandbox.sunco;

import static io.baton.sandbox.sunco.SuncoFixture.error;
import static io.baton.sandbox.sunco.SuncoFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SuncoConversationsTest {
  private final SuncoFixture f = SuncoFixture.start(SuncoSettings.defaults().withMessageLimit(4));

  @AfterEach
  void stop() {
    try {
      f.assertContractKept();
    } finally {
      f.close();
    }
  }

  @Test
  void usersAreCreatedOnceByExternalIdAndFoundByEither() {
    JsonNode user = ok(201, f.call("POST", "/users", "{\"externalId\":\"ada\",\"profile\":{\"givenName\":\"Ada\","
        + "\"surname\":\"Lovelace\",\"email\":\"ada@example.com\"},\"metadata\":{\"tier\":\"gold\",\"vip\":true}}"))
        .path("user");
    assertEquals("ada", user.path("externalId").asText());
    assertEquals(24, user.path("id").asText().length());
    assertEquals("Ada", user.path("profile").path("givenName").asText());
    assertEquals(true, user.path("metadata").path("vip").asBoolean());
    error(409, "conflict", "User already exists", f.call("POST", "/users", "{\"externalId\":\"ada\"}"));
    assertEquals(user, ok(200, f.call("GET", "/users/ada", null)).path("user"));
    assertEquals(user, ok(200, f.call("GET", "/users/" + user.path("id").asText(), null)).path("user"));
    error(404, "user_not_found", "User not found", f.call("GET", "/users/nobody", null));
    error(400, "bad_request", null, f.call("POST", "/users", "{\"externalId\":\"\"}"));
    error(400, "bad_request", null, f.call("POST", "/users", "{\"externalId\":\"b\",\"profile\":{\"email\":\"no\"}}"));
    error(400, "bad_request", null, f.call("POST", "/users", "{\"externalId\":\"b\",\"nickname\":\"x\"}"));
    error(400, "bad_request", null, f.call("POST", "/users", "{\"externalId\":\"b\",\"metadata\":{\"a\":{\"b\":1}}}"));
    error(400, "bad_request", null, f.call("POST", "/users", "{\"externalId\":\"b\",\"metadata\":{\"a\":\""
        + "x".repeat(4100) + "\"}}"));
    error(400, "bad_request", null, f.call("GET", "/users", null));
    error(404, "user_not_found", null, f.call("GET", "/users/b", null));
  }

  @Test
  void personalConversationsAreCreatedListedAndFound() {
    String user = f.createUser("grace");
    JsonNode conversation = ok(201, f.call("POST", "/conversations", "{\"type\":\"personal\",\"participants\":"
        + "[{\"userExternalId\":\"grace\"}],\"displayName\":\"Help\",\"metadata\":{\"lang\":\"en\"}}"))
        .path("conversation");
    String id = conversation.path("id").asText();
    assertEquals("personal", conversation.path("type").asText());
    assertEquals("en", conversation.path("metadata").path("lang").asText());
    assertEquals(SuncoSimulator.AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID,
        conversation.path("activeSwitchboardIntegration").path("id").asText());
    assertEquals(conversation, ok(200, f.call("GET", "/conversations/" + id, null)).path("conversation"));
    JsonNode list = ok(200, f.call("GET", "/conversations?filter%5BuserId%5D=" + user, null));
    assertEquals(id, list.path("conversations").get(0).path("id").asText());
    assertFalse(list.path("meta").path("hasMore").asBoolean());
    assertEquals(1, ok(200, f.call("GET", "/conversations?filter%5BuserExternalId%5D=grace", null))
        .path("conversations").size());
    error(400, "bad_request", null, f.call("GET", "/conversations", null));
    error(400, "bad_request", null, f.call("GET", "/conversations?filter%5BuserId%5D=" + user
        + "&filter%5BuserExternalId%5D=grace", null));
    error(404, "user_not_found", "User not found", f.call("GET", "/conversations?filter%5BuserId%5D=nobody", null));
    error(404, "conversation_not_found", "Conversation not found", f.call("GET", "/conversations/nope", null));
    error(404, "user_not_found", null, f.call("POST", "/conversations",
        "{\"type\":\"personal\",\"participants\":[{\"userId\":\"nobody\"}]}"));
    error(400, "bad_request", null, f.call("POST", "/conversations", "{\"type\":\"personal\",\"participants\":[]}"));
    error(400, "bad_request", null, f.call("POST", "/conversations", "{\"participants\":[{\"userId\":\"" + user
        + "\"}]}"));
    error(400, "bad_request", null, f.call("POST", "/conversations", "{\"type\":\"sdkGroup\",\"participants\":"
        + "[{\"userId\":\"" + user + "\"}]}"));
    error(400, "bad_request", null, f.call("POST", "/conversations", "not json"));
  }

  @Test
  void messagesAreCheckedAsTheSpecSaysAndListedInOrder() {
    String user = f.createUser("alan");
    String c = f.createConversation(user);
    String path = "/conversations/" + c + "/messages";
    JsonNode posted = ok(201, f.call("POST", path, "{\"author\":{\"type\":\"user\",\"userExternalId\":\"alan\"},"
        + "\"content\":{\"type\":\"text\",\"text\":\"hello\"},\"metadata\":{\"ref\":7}}")).path("messages").get(0);
    assertEquals("user", posted.path("author").path("type").asText());
    assertEquals(user, posted.path("author").path("userId").asText());
    assertFalse(posted.path("author").has("userExternalId"), "write-only");
    assertEquals("hello", posted.path("content").path("text").asText());
    assertEquals("api:conversations", posted.path("source").path("type").asText());
    assertEquals(7, posted.path("metadata").path("ref").asInt());
    JsonNode markdown = ok(201, f.call("POST", path, "{\"author\":{\"type\":\"business\",\"displayName\":\"Bot\"},"
        + "\"content\":{\"type\":\"text\",\"text\":\"pick\",\"markdownText\":\"**pick** one\",\"actions\":["
        + "{\"type\":\"reply\",\"text\":\"Yes\",\"payload\":\"YES\"},{\"type\":\"link\",\"text\":\"Docs\","
        + "\"uri\":\"https://example.com/docs\"}]}}")).path("messages").get(0);
    assertEquals("<p><strong>pick</strong> one</p>", markdown.path("content").path("htmlText").asText());
    assertFalse(markdown.path("content").has("markdownText"));
    JsonNode htmlOnly = ok(201, f.call("POST", path, "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":"
        + "\"text\",\"htmlText\":\"<p>a &amp; b<br>c</p>\"}}")).path("messages").get(0);
    assertEquals("a & b\nc", htmlOnly.path("content").path("text").asText(), "text derived from htmlText");
    String badBodies = String.join("\n", List.of(
        "{\"author\":{\"type\":\"user\",\"userId\":\"" + user + "\"},\"content\":{\"type\":\"text\",\"text\":\""
            + "x".repeat(4097) + "\"}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"a\",\"htmlText\":\"<b>a</b>\","
            + "\"markdownText\":\"**a**\"}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"markdownText\":\""
            + "**a** ".repeat(600) + "\"}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\"}}",
        "{\"author\":{\"type\":\"business\",\"subtypes\":[\"agent\"]},\"content\":{\"type\":\"text\",\"text\":\"a\"}}",
        "{\"author\":{\"type\":\"business\",\"userId\":\"" + user
            + "\"},\"content\":{\"type\":\"text\",\"text\":\"a\"}}",
        "{\"author\":{\"type\":\"user\"},\"content\":{\"type\":\"text\",\"text\":\"a\"}}",
        "{\"author\":{\"type\":\"bot\"},\"content\":{\"type\":\"text\",\"text\":\"a\"}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"image\"}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"image\",\"mediaUrl\":\"not a url\"}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"file\",\"mediaUrl\":\"https://x.io/a.pdf\","
            + "\"altText\":\"" + "a".repeat(129) + "\"}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"carousel\",\"items\":[]}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"a\",\"actions\":"
            + "[{\"type\":\"reply\",\"text\":\"Yes\"}]}}",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"a\"},\"metadata\":[1]}",
        "{\"author\":{\"type\":\"business\"}}"));
    List<String> accepted = new ArrayList<>();
    for (String body : badBodies.split("\n")) {
      var r = f.call("POST", path, body);
      if (r.statusCode() != 400 || !SuncoFixture.json(r).path("errors").get(0).path("code").asText()
          .equals("bad_request")) {
        accepted.add(r.statusCode() + " " + body);
      }
    }
    assertTrue(accepted.isEmpty(), "not refused: " + accepted);
    String other = f.createUser("other");
    error(400, "bad_request", "The author is not a participant of the conversation", f.call("POST", path,
        "{\"author\":{\"type\":\"user\",\"userId\":\"" + other
            + "\"},\"content\":{\"type\":\"text\",\"text\":\"a\"}}"));
    error(404, "user_not_found", null, f.call("POST", path,
        "{\"author\":{\"type\":\"user\",\"userId\":\"nobody\"},\"content\":{\"type\":\"text\",\"text\":\"a\"}}"));
    error(404, "conversation_not_found", null, f.call("POST", "/conversations/nope/messages",
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"a\"}}"));
    JsonNode image = ok(201, f.call("POST", path, "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":"
        + "\"image\",\"mediaUrl\":\"https://example.com/cat.png\",\"altText\":\"cat\"}}")).path("messages").get(0);
    // the conversation holds 4 messages: the limit of this simulator
    error(423, "locked", "Message limit of 4 per conversation reached.", f.call("POST", path,
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"one more\"}}"));
    JsonNode list = ok(200, f.call("GET", path, null));
    assertEquals(List.of(posted.path("id").asText(), markdown.path("id").asText(), htmlOnly.path("id").asText(),
        image.path("id").asText()), ids(list.path("messages")));
    assertFalse(list.path("meta").path("hasMore").asBoolean());
    JsonNode before = ok(200, f.call("GET", path + "?page%5Bbefore%5D=" + image.path("id").asText(), null));
    assertEquals(List.of(posted.path("id").asText(), markdown.path("id").asText(), htmlOnly.path("id").asText()),
        ids(before.path("messages")));
    JsonNode after = ok(200, f.call("GET", path + "?page%5Bafter%5D=" + posted.path("id").asText(), null));
    assertEquals(List.of(markdown.path("id").asText(), htmlOnly.path("id").asText(), image.path("id").asText()),
        ids(after.path("messages")));
    error(400, "bad_request", "Invalid page query parameters", f.call("GET", path + "?page%5Bbefore%5D=x", null));
    error(404, "not_found", "Resource not found", f.call("GET", "/conversations/nope/messages", null));
    assertEquals(f.sunco.messages(c), toList(list.path("messages")));
  }

  @Test
  void activitiesNeedAKnownTypeAndAParticipant() {
    String user = f.createUser("kat");
    String c = f.createConversation(user);
    String path = "/conversations/" + c + "/activity";
    assertEquals("{}", ok(200, f.call("POST", path, "{\"author\":{\"type\":\"user\",\"userId\":\"" + user
        + "\"},\"type\":\"typing:start\"}")).toString());
    ok(200, f.call("POST", path, "{\"author\":{\"type\":\"business\"},\"type\":\"conversation:read\"}"));
    String read = ok(200, f.call("GET", "/conversations/" + c, null)).path("conversation")
        .path("businessLastRead").asText();
    assertTrue(read.startsWith("20"), read);
    error(400, "bad_request", null, f.call("POST", path, "{\"author\":{\"type\":\"user\",\"userId\":\"" + user
        + "\"},\"type\":\"typing:pause\"}"));
    error(400, "bad_request", null, f.call("POST", path, "{\"type\":\"typing:stop\"}"));
    error(404, "conversation_not_found", null, f.call("POST", "/conversations/nope/activity",
        "{\"author\":{\"type\":\"business\"},\"type\":\"typing:stop\"}"));
  }

  @Test
  void faultsRefuseOrLoseTheAnswersOfOneOperation() {
    String c = f.createConversation(f.createUser("faulty"));
    String path = "/conversations/" + c + "/messages";
    String body = "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"x\"}}";
    f.sunco.faults().failNext("PostMessage", 503, null, 1);
    error(503, "internal_error", "Injected fault", f.call("POST", path, body));
    assertEquals(0, f.sunco.messages(c).size(), "a refused call changes nothing");
    f.sunco.faults().loseNext("PostMessage", 1);
    assertEquals(503, f.call("POST", path, body).statusCode());
    assertEquals(1, f.sunco.messages(c).size(), "a lost answer was carried out");
    ok(200, f.call("GET", path, null));
  }

  private static List<String> ids(JsonNode messages) {
    List<String> ids = new ArrayList<>();
    messages.forEach(m -> ids.add(m.path("id").asText()));
    return ids;
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }
}
