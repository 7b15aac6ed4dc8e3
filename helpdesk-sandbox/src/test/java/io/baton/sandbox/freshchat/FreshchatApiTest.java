package io.baton.sandbox.freshchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.freshchat.FreshchatFixture.Answer;
import io.baton.sandbox.kit.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API's answers: authentication, the rate limit, faults, users, conversations and their messages. */
@ExtendWith(FreshchatFixture.Shared.class)
class FreshchatApiTest {
  private static FreshchatFixture f;

  @BeforeAll
  static void fixture(FreshchatFixture fixture) {
    f = fixture;
  }

  private static void assertError(Answer answer, int code, String status) {
    assertEquals(code, answer.status(), answer.raw().body());
    assertEquals(code, answer.body().get("code").asInt());
    assertEquals(status, answer.body().get("status").asText());
    assertTrue(answer.body().get("message").asText().length() > 0);
  }

  @Test
  void callsNeedTheAccountsBearerToken() {
    assertEquals("{\"code\":401,\"status\":\"UNAUTHORIZED\",\"message\":\"the Authorization header is missing\"}",
        f.call("GET", "/channels", null, null).raw().body());
    assertError(f.call("GET", "/channels", null, "Bearer wrong"), 401, "UNAUTHORIZED");
    assertError(f.call("GET", "/channels", null, f.fc.token()), 401, "UNAUTHORIZED"); // no Bearer
    assertError(f.call("GET", "/nothing-here", null, "Bearer wrong"), 401, "UNAUTHORIZED");
    assertError(f.call("GET", "/nothing-here", null), 404, "NOT_FOUND");
    Answer other = f.call("GET", "/accounts/configuration", null, "Bearer " + f.fc.newToken());
    assertEquals(200, other.status());
    assertEquals(f.fc.appId(), other.body().get("app_id").asText());
    assertEquals("baton-sandbox", other.body().get("account_name").asText());
  }

  @Test
  void anAdministratorInvitesAnAgentOnceAndTheApiListsIt() {
    Answer invited = f.sandboxCall("POST", "/sandbox/freshchat/agents", Map.of("name", "Invited Once"));
    assertEquals(201, invited.status(), invited.raw().body());
    String id = invited.body().get("id").asText();
    assertEquals("Invited", invited.body().get("first_name").asText());
    assertEquals("Once", invited.body().get("last_name").asText());
    Answer again = f.sandboxCall("POST", "/sandbox/freshchat/agents", Map.of("name", "invited once"));
    assertEquals(409, again.status(), again.raw().body());
    assertEquals(FreshchatApi.BASE_PATH + "/agents/" + id, again.raw().headers().firstValue("Location").orElseThrow());
    assertEquals(1, f.call("GET", "/agents", null).body().get("agents").findValues("id").stream()
        .filter(v -> v.asText().equals(id)).count());
    assertEquals(400, f.sandboxCall("POST", "/sandbox/freshchat/agents", Map.of("name", " ")).status());
    assertEquals(400, f.sandboxCall("POST", "/sandbox/freshchat/agents", Map.of("name", 7)).status());
  }

  @Test
  void theAccountRateLimitAnswers429WithRetryAfter() {
    f.fc.rateLimit(3, Duration.ofSeconds(30));
    try {
      for (int i = 0; i < 3; i++) {
        assertEquals(200, f.call("GET", "/groups", null).status());
      }
      Answer refused = f.call("POST", "/users", Map.of("reference_id", "limited"));
      assertError(refused, 429, "RATE_LIMIT_EXCEEDED");
      assertEquals("10", refused.header("Retry-After"), "one request back every 10 s");
      assertTrue(f.call("GET", "/users?reference_id=limited", null).status() == 429);
    } finally {
      f.fc.rateLimit(false);
    }
    assertEquals(0, f.call("GET", "/users?reference_id=limited", null).body().get("users").size(),
        "the refused create made nobody");
  }

  @Test
  void faultsAnswerWithoutChangingAnything() {
    f.fc.faults().failNext("users.create", 503, null, 1);
    assertError(f.call("POST", "/users", Map.of("reference_id", "faulted")), 503, "SERVICE_UNAVAILABLE");
    assertEquals(0, f.call("GET", "/users?reference_id=faulted", null).body().get("users").size());
    assertEquals(201, f.call("POST", "/users", Map.of("reference_id", "faulted")).status());
  }

  @Test
  void theDirectoryListsChannelsGroupsAndAgents() {
    JsonNode channels = f.call("GET", "/channels", null).body().get("channels");
    assertEquals(List.of("Support:true", "Sales:true", "Archived:false"), names(channels, "enabled"));
    assertEquals(f.fc.channelId(), channels.get(0).get("id").asText());
    assertEquals(List.of("Support", "Billing"), names(f.call("GET", "/groups", null).body().get("groups"), null));
    JsonNode alex = f.call("GET", "/agents/" + f.fc.agentId("alex@sandbox.freshchat.test").orElseThrow(), null)
        .body();
    assertEquals("Alex", alex.get("first_name").asText());
    assertEquals("Morgan", alex.get("last_name").asText());
    assertTrue(alex.get("avatar").has("url"));
    String added = f.fc.addAgent("Kim Park");
    assertEquals("kim.park@sandbox.freshchat.test", f.call("GET", "/agents/" + added, null).body().get("email")
        .asText());
    assertError(f.call("GET", "/agents/no-such-agent", null), 404, "AGENT_NOT_FOUND");
  }

  private static List<String> names(JsonNode list, String flag) {
    List<String> names = new java.util.ArrayList<>();
    list.forEach(n -> names.add(n.get("name").asText() + (flag == null ? "" : ":" + n.get(flag).asBoolean())));
    return names;
  }

  @Test
  void usersAreFoundByReferenceIdOrEmailAndReferenceIdsAreUnique() {
    Answer created = f.call("POST", "/users", Map.of("reference_id", "ref-u1", "email", "same@example.com",
        "first_name", "Una", "last_name", "One", "properties", List.of(Map.of("name", "plan", "value", "gold"))));
    assertEquals(201, created.status());
    JsonNode u = created.body();
    assertEquals("ref-u1", u.get("reference_id").asText());
    assertEquals("Una", u.get("first_name").asText());
    assertEquals("[{\"name\":\"plan\",\"value\":\"gold\"}]", u.get("properties").toString());
    assertTrue(u.get("created_time").asText().endsWith("Z"));

    assertError(f.call("POST", "/users", Map.of("reference_id", "ref-u1", "email", "other@example.com")), 400,
        "INVALID_VALUE");
    assertEquals(0, f.call("GET", "/users?email=other@example.com", null).body().get("users").size());
    assertEquals(201, f.call("POST", "/users", Map.of("reference_id", "ref-u2", "email", "same@example.com"))
        .status());

    JsonNode byRef = f.call("GET", "/users?reference_id=ref-u1", null).body();
    assertEquals(1, byRef.get("users").size());
    assertEquals(u.get("id"), byRef.get("users").get(0).get("id"));
    assertEquals(1, byRef.at("/pagination/total_items").asInt());
    assertEquals(2, f.call("GET", "/users?email=same@example.com", null).body().get("users").size());
    assertEquals(0, f.call("GET", "/users?reference_id=nobody", null).body().get("users").size());
    assertEquals(u.get("id"), f.call("GET", "/users/" + u.get("id").asText(), null).body().get("id"));
    assertError(f.call("GET", "/users/nobody", null), 404, "USER_NOT_FOUND");
    assertError(f.call("POST", "/users", Map.of("email", "not-an-email")), 400, "INVALID_VALUE");
    assertError(f.call("POST", "/users", Map.of("properties", List.of(Map.of("value", "x")))), 400, "INVALID_VALUE");
    assertError(f.call("POST", "/users", "not json"), 400, "INVALID_VALUE");
  }

  @Test
  void aConversationKeepsItsInitialMessagesGroupAndProperties() {
    String user = f.user("conv-ref", "conv@example.com", "Cora");
    String group = f.fc.group("Support");
    String sam = f.fc.agentId("Sam").orElseThrow();
    Answer created = f.call("POST", "/conversations", Map.of("channel_id", f.fc.channelId(), "users",
        List.of(Map.of("id", user)), "assigned_group_id", group, "properties", Map.of("cf_source", "bot", "cf_score",
            7),
        "messages", List.of(FreshchatFixture.text("user", user, "first"), FreshchatFixture.text("agent", sam,
            "second"))));
    assertEquals(201, created.status(), created.raw().body());
    JsonNode c = created.body();
    String id = c.get("conversation_id").asText();
    assertEquals("new", c.get("status").asText());
    assertEquals(group, c.get("assigned_group_id").asText());
    assertTrue(c.get("assigned_agent_id").isNull());
    assertEquals(Map.of("cf_source", "bot", "cf_score", 7), WebhookReceiver.JSON.convertValue(c.get("properties"),
        Map.class));
    assertEquals(c, f.call("GET", "/conversations/" + id, null).body());

    JsonNode messages = f.call("GET", "/conversations/" + id + "/messages", null).body().get("messages");
    assertEquals(List.of("second", "first"), List.of(messages.get(0).at("/message_parts/0/text/content").asText(),
        messages.get(1).at("/message_parts/0/text/content").asText()), "newest first");
    assertEquals("agent", messages.get(0).get("actor_type").asText());
    assertEquals(2, messages.size());
    String after = messages.get(1).get("created_time").asText();
    JsonNode later = f.call("GET", "/conversations/" + id + "/messages?from_time=" + after, null).body();
    assertEquals(List.of("second"), List.of(later.at("/messages/0/message_parts/0/text/content").asText()));
    assertEquals(1, later.get("messages").size());
    assertError(f.call("GET", "/conversations/" + id + "/messages?from_time=yesterday", null), 400, "INVALID_VALUE");
    assertEquals(1, f.call("GET", "/conversations/" + id + "/messages?items_per_page=1&page=2", null).body()
        .get("messages").size());
    assertError(f.call("GET", "/conversations/" + id + "/messages?items_per_page=51", null), 400, "INVALID_VALUE");
    assertEquals("[{\"id\":\"" + id + "\",\"status\":\"new\"}]", f.call("GET", "/users/" + user + "/conversations",
        null).body().get("conversations").toString());

    // A bot line kept as the bot agent's private note shows on the desk as the bot's, as do its normal ones.
    String bot = f.fc.addAgent("Baton Bot");
    String withNote = f.call("POST", "/conversations", Map.of("channel_id", f.fc.channelId(), "users",
        List.of(Map.of("id", user)), "messages", List.of(FreshchatFixture.text("user", user, "hi"), Map.of(
            "actor_type", "agent", "actor_id", bot, "message_type", "private", "message_parts", List.of(Map.of(
                "text", Map.of("content", "Bot: hello")))))))
        .body().get("conversation_id").asText();
    assertEquals(List.of("visitor:hi", "bot:Bot: hello"), f.sandbox.desk("freshchat").chat(withNote).orElseThrow()
        .transcript().stream().map(l -> l.from() + ":" + l.text()).toList());
  }

  @Test
  void aRefusedConversationIsNotCreated() {
    String user = f.user("refused-ref", null, "Rex");
    String stranger = f.user("stranger-ref", null, "Stan");
    int before = f.fc.conversations().size();
    List<Map<String, Object>> ok = List.of(Map.of("id", user));
    assertError(post(Map.of("channel_id", "nope", "users", ok)), 404, "CHANNEL_NOT_FOUND");
    assertError(post(Map.of("channel_id", f.fc.channelId("Archived"), "users", ok)), 400, "INVALID_VALUE");
    assertError(post(Map.of("channel_id", f.fc.channelId(), "users", List.of(Map.of("id", "nobody")))), 404,
        "USER_NOT_FOUND");
    assertError(post(Map.of("channel_id", f.fc.channelId(), "users", List.of())), 400, "INVALID_VALUE");
    assertError(post(Map.of("users", ok)), 400, "INVALID_VALUE");
    assertError(post(Map.of("channel_id", f.fc.channelId(), "users", ok, "assigned_group_id", "nope")), 404,
        "GROUP_NOT_FOUND");
    assertError(post(Map.of("channel_id", f.fc.channelId(), "users", ok, "messages",
        List.of(FreshchatFixture.text("user", stranger, "not mine")))), 400, "INVALID_VALUE");
    assertError(post(Map.of("channel_id", f.fc.channelId(), "users", ok, "messages",
        List.of(FreshchatFixture.text("agent", "nobody", "who")))), 404, "AGENT_NOT_FOUND");
    assertError(post(Map.of("channel_id", f.fc.channelId(), "users", ok, "properties", Map.of("x", List.of()))),
        400, "INVALID_VALUE");
    assertError(post(Map.of("channel_id", f.fc.channelId(), "users", ok, "status", "resolved")), 400,
        "INVALID_VALUE");
    assertEquals(before, f.fc.conversations().size());
  }

  private static Answer post(Map<String, Object> body) {
    return f.call("POST", "/conversations", body);
  }

  @Test
  void statusMovesByTheRules() {
    String user = f.user("status-ref", null, "Stella");
    String id = f.conversation(user);
    String alex = f.fc.agentId("Alex").orElseThrow();
    assertError(put(id, Map.of("status", "reopened")), 400, "INVALID_VALUE");
    assertError(put(id, Map.of("status", "assigned")), 400, "INVALID_VALUE");
    assertError(put(id, Map.of("status", "closed")), 400, "INVALID_VALUE");
    assertError(put(id, Map.of("assigned_agent_id", "nobody")), 404, "AGENT_NOT_FOUND");
    assertError(put(id, Map.of()), 400, "INVALID_VALUE");
    assertError(put("nope", Map.of("status", "resolved")), 404, "CONVERSATION_NOT_FOUND");
    assertEquals("new", f.fc.conversation(id).orElseThrow().status());

    JsonNode assigned = put(id, Map.of("status", "assigned", "assigned_agent_id", alex)).body();
    assertEquals("assigned", assigned.get("status").asText());
    assertEquals(alex, assigned.get("assigned_agent_id").asText());
    assertEquals("resolved", put(id, Map.of("status", "resolved")).body().get("status").asText());
    assertEquals(200, put(id, Map.of("status", "resolved")).status(), "resolving again changes nothing");
    assertError(f.call("POST", "/conversations/" + id + "/messages", FreshchatFixture.text("user", user, "hi?")),
        400, "CONVERSATION_RESOLVED");
    assertError(put(id, Map.of("assigned_group_id", f.fc.group("Billing"))), 400, "INVALID_VALUE");
    JsonNode reopened = put(id, Map.of("status", "reopened")).body();
    assertEquals("reopened", reopened.get("status").asText());
    assertEquals(alex, reopened.get("assigned_agent_id").asText());
    assertEquals(201, f.call("POST", "/conversations/" + id + "/messages", FreshchatFixture.text("user", user,
        "back")).status());
    JsonNode unassigned = put(id, Map.of("assigned_agent_id", "")).body();
    assertTrue(unassigned.get("assigned_agent_id").isNull());
    assertEquals("reopened", unassigned.get("status").asText());
    assertEquals("new", put(id, Map.of("status", "new")).body().get("status").asText());
  }

  private static Answer put(String id, Map<String, Object> body) {
    return f.call("PUT", "/conversations/" + id, body);
  }

  @Test
  void messagesAreCheckedPartByPart() {
    String user = f.user("msg-ref", null, "Mia");
    String other = f.user("msg-other", null, "Otto");
    String id = f.conversation(user);
    String alex = f.fc.agentId("Alex").orElseThrow();
    int before = f.fc.conversation(id).orElseThrow().messages().size();
    assertError(message(id, Map.of("actor_type", "user", "actor_id", user, "message_parts", List.of())), 400,
        "INVALID_VALUE");
    assertError(message(id, parts(user, Map.of("text", Map.of("content", "a"), "image", Map.of("url",
        "https://x.test/a.png")))), 400, "INVALID_VALUE");
    assertError(message(id, parts(user, Map.of("video", Map.of("url", "https://x.test/a.mp4")))), 400,
        "INVALID_VALUE");
    assertError(message(id, parts(user, Map.of("text", Map.of("content", " ")))), 400, "INVALID_VALUE");
    assertError(message(id, parts(user, Map.of("image", Map.of("url", "ftp://x.test/a.png")))), 400,
        "INVALID_VALUE");
    assertError(message(id, parts(user, Map.of("file", Map.of("url", "https://x.test/a.pdf")))), 400,
        "INVALID_VALUE");
    assertError(message(id, Map.of("actor_type", "bot", "actor_id", user, "message_parts", List.of(Map.of("text",
        Map.of("content", "a"))))), 400, "INVALID_VALUE");
    assertError(message(id, Map.of("actor_type", "user", "actor_id", user, "message_type", "private",
        "message_parts", List.of(Map.of("text", Map.of("content", "a"))))), 400, "INVALID_VALUE");
    assertError(message(id, FreshchatFixture.text("user", other, "not mine")), 400, "INVALID_VALUE");
    assertError(message(id, FreshchatFixture.text("user", "nobody", "who")), 404, "USER_NOT_FOUND");
    assertError(message(id, FreshchatFixture.text("agent", "nobody", "who")), 404, "AGENT_NOT_FOUND");
    assertError(message("nope", FreshchatFixture.text("user", user, "where")), 404, "CONVERSATION_NOT_FOUND");
    assertEquals(before, f.fc.conversation(id).orElseThrow().messages().size());

    Answer sent = message(id, Map.of("actor_type", "user", "actor_id", user, "message_parts", List.of(
        Map.of("image", Map.of("url", "https://x.test/a.png")),
        Map.of("file", Map.of("url", "https://x.test/a.pdf", "name", "a.pdf", "file_size_in_bytes", 12,
            "content_type", "application/pdf")))));
    assertEquals(201, sent.status());
    assertEquals("normal", sent.body().get("message_type").asText());
    assertEquals(id, sent.body().get("conversation_id").asText());
    assertEquals("[{\"image\":{\"url\":\"https://x.test/a.png\"}},{\"file\":{\"url\":\"https://x.test/a.pdf\","
        + "\"name\":\"a.pdf\",\"file_size_in_bytes\":12,\"content_type\":\"application/pdf\"}}]",
        sent.body().get("message_parts").toString());
    Answer note = message(id, Map.of("actor_type", "agent", "actor_id", alex, "message_type", "private",
        "message_parts", List.of(Map.of("text", Map.of("content", "note")))));
    assertEquals("private", note.body().get("message_type").asText());
    assertEquals(before + 2, f.fc.conversation(id).orElseThrow().messages().size());
  }

  private static Map<String, Object> parts(String user, Map<String, Object> part) {
    return Map.of("actor_type", "user", "actor_id", user, "message_parts", List.of(part));
  }

  private static Answer message(String id, Object body) {
    return f.call("POST", "/conversations/" + id + "/messages", body);
  }
}
