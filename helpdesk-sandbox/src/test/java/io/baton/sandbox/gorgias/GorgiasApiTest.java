package io.baton.sandbox.gorgias;

import static io.baton.sandbox.gorgias.GorgiasFixture.error;
import static io.baton.sandbox.gorgias.GorgiasFixture.imported;
import static io.baton.sandbox.gorgias.GorgiasFixture.ok;
import static io.baton.sandbox.gorgias.GorgiasFixture.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST API: authentication, the leaky bucket, error bodies, customers, tickets and messages as Gorgias checks them. */
class GorgiasApiTest {
  @RegisterExtension
  static final GorgiasFixture f = new GorgiasFixture();

  @Test
  void basicAuthWithTheUsersEmailAndApiKey() {
    assertEquals("Missing credentials.", error(f.raw("GET", "/users/0", null, null), 401, null));
    assertEquals("Invalid credentials.", error(f.raw("GET", "/users/0", null,
        GorgiasFixture.basic(f.g.apiEmail(), "wrong")), 401, null));
    assertEquals("Invalid credentials.", error(f.raw("GET", "/users/0", null, "Bearer " + f.g.apiKey()), 401,
        null));
    String key = f.g.newApiKey("second@baton-sandbox.example");
    assertEquals("Invalid credentials.", error(f.raw("GET", "/users/0", null,
        GorgiasFixture.basic(f.g.apiEmail(), key)), 401, null));
    JsonNode me = ok(f.raw("GET", "/users/0", null, GorgiasFixture.basic("second@baton-sandbox.example", key)), 200);
    assertEquals("second@baton-sandbox.example", me.path("email").asText());
    assertEquals(f.g.apiUserId(), ok(f.call("GET", "/users/0", null), 200).path("id").asLong());
  }

  @Test
  void theLeakyBucketCountsEveryCallAndRefusesOverItsBurstWithRetryAfter() {
    try {
      f.g.rateLimit(2, 40);
      HttpResponse<String> first = f.call("GET", "/teams", null);
      assertEquals(200, first.statusCode());
      assertEquals("1/40", first.headers().firstValue("X-Gorgias-Account-Api-Call-Limit").orElseThrow());

      f.g.rateLimit(0.5, 3);
      for (int i = 1; i <= 3; i++) {
        HttpResponse<String> r = f.call("GET", "/teams", null);
        assertEquals(200, r.statusCode());
        assertEquals(i + "/3", r.headers().firstValue("X-Gorgias-Account-Api-Call-Limit").orElseThrow());
      }
      String email = uniqueEmail("Limited");
      HttpResponse<String> refused = f.call("POST", "/customers", Map.of("email", email));
      error(refused, 429, null);
      assertEquals("2", refused.headers().firstValue("Retry-after").orElseThrow());
      assertEquals("3/3", refused.headers().firstValue("X-Gorgias-Account-Api-Call-Limit").orElseThrow());
      assertTrue(f.g.customerByEmail(email).isEmpty(), "a refused call changes nothing");
    } finally {
      f.g.rateLimit(false);
    }
  }

  @Test
  void errorsNameWhatIsWrong() {
    assertEquals("Ticket 999999 not found.", error(f.call("GET", "/tickets/999999", null), 404, null));
    error(f.call("GET", "/tickets/abc", null), 404, null);
    error(f.call("GET", "/no-such-route", null), 404, null);
    error(f.raw("POST", "/customers", "{not json", GorgiasFixture.basic(f.g.apiEmail(), f.g.apiKey())), 400,
        "_schema");
    assertEquals("Unknown field.", error(f.call("POST", "/customers", Map.of("email", uniqueEmail("X"),
        "favourite", "blue")), 400, "favourite"));
    assertEquals("Not a valid email address.", error(f.call("POST", "/customers", Map.of("email", "nope")), 400,
        "email"));
    int tickets = f.g.allTickets().size();
    f.g.faults().failNext("tickets", 503, null, 1);
    String email = uniqueEmail("Faulty");
    assertEquals("Internal server error.", error(f.call("POST", "/tickets", Map.of("customer", Map.of("email",
        email), "messages", List.of(imported(email, "hi")))), 503, null));
    assertEquals(tickets, f.g.allTickets().size());
    assertTrue(f.g.customerByEmail(email).isEmpty(), "a refused call changes nothing");
  }

  @Test
  void customersByEmailAreUniqueAndTeamsAndUsersAreListed() {
    String email = uniqueEmail("Carla Customer");
    JsonNode c = ok(f.call("POST", "/customers", Map.of("email", email, "name", "Carla Customer",
        "channels", List.of(Map.of("type", "phone", "address", "+33123456789")))), 201);
    assertEquals("Carla", c.path("firstname").asText());
    assertEquals(List.of("email", "phone"), texts(c.path("channels"), "type"));
    error(f.call("POST", "/customers", Map.of("email", email.toUpperCase())), 409, "email");
    JsonNode found = ok(f.call("GET", "/customers?email=" + email, null), 200);
    assertEquals(List.of(c.path("id").asLong()), longs(found.path("data"), "id"));
    assertEquals("list", found.path("object").asText());
    assertEquals(0, ok(f.call("GET", "/customers?email=nobody@example.com", null), 200).path("data").size());
    String ext = "baton:t1:" + email;
    long withExternal = ok(f.call("POST", "/customers", Map.of("name", "Ed External", "external_id", ext)), 201)
        .path("id").asLong();
    assertEquals(List.of(withExternal), longs(ok(f.call("GET", "/customers?external_id=" + ext, null), 200)
        .path("data"), "id"));
    JsonNode teams = ok(f.call("GET", "/teams", null), 200).path("data");
    assertTrue(texts(teams, "name").contains("Support"), teams.toString());
    long support = f.g.team("Support");
    assertEquals("Support", ok(f.call("GET", "/teams/" + support, null), 200).path("name").asText());
    long agent = f.g.addAgent("Alex Agent");
    assertEquals("Alex Agent", ok(f.call("GET", "/users/" + agent, null), 200).path("name").asText());
  }

  @Test
  void aTicketImportsItsTranscriptAsAlreadySentWithTeamAndTags() {
    String email = uniqueEmail("Tina Ticket");
    long support = f.g.team("Support");
    JsonNode t = ok(f.call("POST", "/tickets", Map.of("channel", "chat", "via", "api", "from_agent", false,
        "customer", Map.of("email", email, "name", "Tina Ticket"), "subject", "Help", "external_id", "conv-1",
        "assignee_team", Map.of("id", support), "tags", List.of(Map.of("name", "baton"), Map.of("name", "vip")),
        "messages", List.of(imported(email, "Hello bot"), Map.of("channel", "chat", "via", "api", "from_agent",
            true, "body_text", "Hi, I am the bot", "sent_datetime", "2026-11-29T10:00:05Z"),
            imported(email, "I want a human")))),
        201);
    assertEquals("open", t.path("status").asText());
    assertEquals("chat", t.path("channel").asText());
    assertEquals(email, t.path("customer").path("email").asText());
    assertEquals(support, t.path("assignee_team").path("id").asLong());
    assertEquals("Support", t.path("assignee_team").path("name").asText());
    assertEquals(List.of("baton", "vip"), texts(t.path("tags"), "name"));
    assertEquals(List.of("Hello bot", "Hi, I am the bot", "I want a human"), texts(t.path("messages"),
        "body_text"));
    assertEquals("2026-11-29T10:00:00.000000", t.path("messages").get(0).path("sent_datetime").asText());
    assertEquals(f.g.apiUserId(), t.path("messages").get(1).path("sender").path("id").asLong());
    GorgiasSimulator.Ticket stored = f.g.ticket(t.path("id").asLong()).orElseThrow();
    assertTrue(stored.messages().stream().noneMatch(GorgiasMessage::sentByGorgias), "imported: never sent");
    assertEquals("Tina Ticket", f.g.customerByEmail(email).orElseThrow().name());

    JsonNode sent = ok(f.call("POST", "/tickets/" + t.path("id").asLong() + "/messages", Map.of("channel", "chat",
        "via", "api", "from_agent", false, "sender", Map.of("email", email), "body_text", "still there?")), 201);
    assertFalse(sent.path("sent_datetime").isNull());
    assertTrue(f.g.ticket(t.path("id").asLong()).orElseThrow().messages().get(3).sentByGorgias());
    assertEquals(4, ok(f.call("GET", "/tickets/" + t.path("id").asLong() + "/messages", null), 200).path("data")
        .size());
    assertEquals(List.of(t.path("id").asLong()), longs(ok(f.call("GET", "/tickets?external_id=conv-1", null), 200)
        .path("data"), "id"));
  }

  @Test
  void aRefusedTicketCreatesNothingAndNamesItsField() {
    String email = uniqueEmail("Rita Refused");
    int before = f.g.allTickets().size();
    Map<String, Object> good = imported(email, "hi");
    assertEquals("Length must be between 1 and 500.", error(f.call("POST", "/tickets", Map.of("messages",
        List.of())), 400, "messages"));
    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      tooMany.add(good);
    }
    error(f.call("POST", "/tickets", Map.of("messages", tooMany)), 400, "messages");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(without(good, "channel")))), 400,
        "messages.0.channel");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(with(good, "channel", "carrier-pigeon")))), 400,
        "messages.0.channel");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(good, without(good, "from_agent")))), 400,
        "messages.1.from_agent");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(without(good, "sender")))), 400,
        "messages.0.sender");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(with(good, "receiver", Map.of("email",
        email))))), 400, "messages.0.receiver");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(with(good, "via", "telepathy")))), 400,
        "messages.0.via");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(without(good, "body_text")))), 400,
        "messages.0.body_text");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(good), "customer", Map.of("id", 987654321))), 400,
        "customer.id");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(good), "assignee_team", Map.of("id", 987654321))),
        400, "assignee_team.id");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(good), "tags", List.of("plain"))), 400, "tags.0");
    error(f.call("POST", "/tickets", Map.of("messages", List.of(good, Map.of("channel", "chat", "from_agent", true,
        "sender", Map.of("id", 987654321), "body_text", "x")))), 400, "messages.1.sender.id");
    assertEquals(before, f.g.allTickets().size());
    assertTrue(f.g.customerByEmail(email).isEmpty(), "no customer created by a refused ticket");
  }

  @Test
  void statusTagsAndACustomerWritingOnAClosedTicketReopensIt() {
    JsonNode t = f.chatTicket("Olga Open", "conv-status");
    long id = t.path("id").asLong();
    error(f.call("PUT", "/tickets/" + id, Map.of("status", "solved")), 400, "status");
    error(f.call("PUT", "/tickets/" + id, Map.of("priority", "high")), 400, "priority");
    assertEquals("closed", ok(f.call("PUT", "/tickets/" + id, Map.of("status", "closed")), 200).path("status")
        .asText());
    assertNotNull(f.g.ticket(id).orElseThrow());
    assertEquals(201, f.call("POST", "/tickets/" + id + "/tags", Map.of("names", List.of("handover"))).statusCode());
    error(f.call("POST", "/tickets/" + id + "/tags", Map.of()), 400, "names");
    String email = t.path("customer").path("email").asText();
    ok(f.call("POST", "/tickets/" + id + "/messages", imported(email, "one more thing")), 201);
    GorgiasSimulator.Ticket after = f.g.ticket(id).orElseThrow();
    assertEquals("open", after.status());
    assertEquals(List.of("handover"), after.tags());
    assertNull(after.assigneeUserId());
  }

  private static Map<String, Object> without(Map<String, Object> m, String key) {
    Map<String, Object> copy = new HashMap<>(m);
    copy.remove(key);
    return copy;
  }

  private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(m);
    copy.put(key, value);
    return copy;
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  static List<Long> longs(JsonNode array, String field) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asLong()));
    return out;
  }
}
