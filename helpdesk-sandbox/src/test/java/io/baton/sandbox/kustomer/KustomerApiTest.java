package io.baton.sandbox.kustomer;

import static io.baton.sandbox.kustomer.KustomerFixture.data;
import static io.baton.sandbox.kustomer.KustomerFixture.error;
import static io.baton.sandbox.kustomer.KustomerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API's answers: authentication, validation with pointers, not found, conflicts, both rate limits, faults. */
class KustomerApiTest {
  @RegisterExtension
  static final KustomerFixture f = new KustomerFixture();
  static final KustomerSimulator k = f.k;

  static Map<String, Object> line(String direction, String body, Instant date) {
    return Map.of("direction", direction, "body", body, "date", date.toString());
  }

  static Map<String, Object> handoff(String customerId, Object messages) {
    return Map.of("customerId", customerId, "from", k.apiUserId(), "messages", messages);
  }

  @Test
  void aMissingOrWrongKeyIs401AndUnknownRoutes404() {
    error(f.raw("GET", "/v1/users/current", null, null), 401, "unauthorized", null);
    error(f.raw("GET", "/v1/users/current", null, "Bearer nope"), 401, "unauthorized", null);
    error(f.raw("GET", "/v1/nothing", null, null), 401, "unauthorized", null);
    error(f.call("GET", "/v1/nothing", null), 404, "not_found", null);
    error(f.call("GET", "/v1/customers/0123456789abcdef01234567", null), 404, "not_found", null);

    JsonNode me = data(f.call("GET", "/v1/users/current", null), 200);
    assertEquals(k.apiUserId(), me.path("id").asText());
    assertEquals("user", me.path("type").asText());
    String other = k.newApiKey("Second Connection");
    JsonNode second = data(f.raw("GET", "/v1/users/current", null, "Bearer " + other), 200);
    assertEquals("Second Connection", second.path("attributes").path("name").asText());
    String agent = k.addAgent("Jordan");
    assertEquals("Jordan", data(f.call("GET", "/v1/users/" + agent, null), 200).path("attributes")
        .path("displayName").asText());
    List<String> queues = new ArrayList<>();
    data(f.call("GET", "/v1/queues", null), 200).forEach(q -> queues.add(q.path("attributes").path("name").asText()));
    assertEquals(List.of("Default Queue", "Support", "Billing"), queues.subList(0, 3));
  }

  @Test
  void customersAreFoundByEmailAndAnEmailBelongsToOneCustomer() {
    String email = "ann+" + System.nanoTime() + "@example.com";
    String body = json(Map.of("name", "Ann", "emails", List.of(Map.of("type", "home", "email", email)),
        "tags", List.of("vip", "de")));
    JsonNode created = data(f.call("POST", "/v1/customers", body), 201);
    assertEquals("customer", created.path("type").asText());
    assertEquals(List.of("vip", "de"), List.of(created.path("attributes").path("tags").get(0).asText(),
        created.path("attributes").path("tags").get(1).asText()));
    JsonNode found = data(f.call("GET", "/v1/customers/email=" + URLEncoder.encode(email, StandardCharsets.UTF_8),
        null), 200);
    assertEquals(created.path("id").asText(), found.path("id").asText());
    error(f.call("GET", "/v1/customers/email=nobody%40example.com", null), 404, "not_found", null);

    error(f.call("POST", "/v1/customers", body), 409, "duplicate", "/emails/0/email");
    error(f.call("POST", "/v1/customers", json(Map.of("name", "X", "emails", List.of(Map.of("email", "nope"))))),
        400, "bad_request", "/emails/0/email");
    error(f.call("POST", "/v1/customers", json(Map.of("name", "X", "phone", "1"))), 400, "bad_request", "/phone");
    error(f.call("POST", "/v1/customers", "not json"), 400, "bad_request", "");
    assertEquals(1, k.customerByEmail(email).stream().count());

    JsonNode patched = data(f.call("PATCH", "/v1/customers/" + created.path("id").asText(),
        json(Map.of("tags", List.of("vip", "de", "handover")))), 200);
    assertEquals(3, patched.path("attributes").path("tags").size());
    assertEquals(List.of("vip", "de", "handover"), k.customerByEmail(email).orElseThrow().tags());
  }

  @Test
  void aHandoffNeedsTwoToAHundredMessagesBothWaysAndAUserAsFrom() {
    String customer = f.customer("Hal Handoff");
    Instant t = Instant.parse("2026-11-29T10:00:00Z");
    error(f.call("POST", "/v2.1/chat/handoff", json(handoff(customer, List.of(line("in", "hi", t))))), 400,
        "bad_request", "/messages");
    error(f.call("POST", "/v2.1/chat/handoff", json(handoff(customer, Collections.nCopies(101,
        line("in", "hi", t))))), 400, "bad_request", "/messages");
    error(f.call("POST", "/v2.1/chat/handoff", json(handoff(customer, List.of(line("in", "a", t),
        line("in", "b", t))))), 400, "bad_request", "/messages");
    error(f.call("POST", "/v2.1/chat/handoff", json(handoff(customer, List.of(line("in", "a", t),
        line("sideways", "b", t))))), 400, "bad_request", "/messages/1/direction");
    error(f.call("POST", "/v2.1/chat/handoff", json(handoff(customer, List.of(line("in", "a", t),
        Map.of("direction", "out", "body", "b", "date", "yesterday"))))), 400, "bad_request", "/messages/1/date");
    List<Map<String, Object>> good = List.of(line("in", "second", t.plusSeconds(10)), line("out", "first", t),
        line("in", "third", t.plusSeconds(20)));
    error(f.call("POST", "/v2.1/chat/handoff", json(Map.of("customerId", customer, "from",
        "0123456789abcdef01234567", "messages", good))), 400, "bad_request", "/from");
    error(f.call("POST", "/v2.1/chat/handoff", json(handoff("0123456789abcdef01234567", good))), 404, "not_found",
        "/customerId");
    assertTrue(k.conversationsOf(customer).isEmpty(), "a refused handoff opens nothing");

    JsonNode session = data(f.call("POST", "/v2.1/chat/handoff", json(Map.of("customerId", customer, "from",
        k.apiUserId(), "messages", good, "externalId", "baton-conv-1"))), 201);
    assertEquals("chat_session", session.path("type").asText());
    assertEquals("open", session.path("attributes").path("status").asText());
    assertEquals("baton-conv-1", session.path("attributes").path("externalId").asText());
    String id = session.path("id").asText();
    List<String> stored = new ArrayList<>();
    data(f.call("GET", "/v2.1/chat/sessions/" + id + "/messages", null), 200)
        .forEach(m -> stored.add(m.path("attributes").path("direction").asText() + ":"
            + m.path("attributes").path("body").asText()));
    assertEquals(List.of("out:first", "in:second", "in:third"), stored);
    assertEquals(k.apiUserId(), k.conversation(id).orElseThrow().messages().get(0).createdBy());
    assertEquals("baton-conv-1", k.conversation(id).orElseThrow().externalId());

    String plain = data(f.call("POST", "/v2.1/chat/sessions", json(Map.of("customerId", customer))), 201)
        .path("id").asText();
    JsonNode sessions = data(f.call("GET", "/v2.1/chat/sessions?customerId=" + customer, null), 200);
    assertEquals(List.of(plain, id), List.of(sessions.get(0).path("id").asText(), sessions.get(1).path("id")
        .asText()));
  }

  @Test
  void messagesNeedTheCustomersOpenSessionAndContent() {
    String customer = f.customer("Mo Message");
    String other = f.customer("Other One");
    String conv = f.handoff(customer, "baton-msg-1");
    error(f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer, "session", conv))), 400,
        "bad_request", "/body");
    error(f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", other, "session", conv, "body", "x"))),
        400, "bad_request", "/session");
    error(f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer, "session",
        "0123456789abcdef01234567", "body", "x"))), 404, "not_found", "/session");
    error(f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer, "session", conv,
        "attachments", List.of(Map.of("url", "ftp://x/y", "name", "y", "contentType", "text/plain"))))), 400,
        "bad_request", "/attachments/0/url");
    error(f.call("POST", "/v2.1/chat/outbound/messages", json(Map.of("customerId", customer, "session", conv,
        "body", "x"))), 400, "bad_request", "/from");
    JsonNode file = data(f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer, "session", conv,
        "attachments", List.of(Map.of("url", "https://files.example.com/a.png", "name", "a.png",
            "contentType", "image/png", "contentLength", 42))))),
        201);
    assertEquals(42, file.path("attributes").path("attachments").get(0).path("contentLength").asInt());
    error(f.call("POST", "/v2.1/chat/typing", json(Map.of("customerId", customer, "session", conv))), 400,
        "bad_request", "/typing");
    assertEquals(204, f.call("POST", "/v2.1/chat/typing", json(Map.of("customerId", customer, "session", conv,
        "typing", true))).statusCode());
    assertTrue(f.sandbox.desk("kustomer").chat(conv).orElseThrow().context().get("Customer").endsWith("(typing…)"));

    error(f.call("PATCH", "/v1/conversations/" + conv, json(Map.of("status", "closed"))), 400, "bad_request",
        "/status");
    error(f.call("PATCH", "/v1/conversations/" + conv, json(Map.of("queue", Map.of("id",
        "0123456789abcdef01234567")))), 400, "bad_request", "/queue/id");
    String billing = k.queue("Billing");
    JsonNode routed = data(f.call("PATCH", "/v1/conversations/" + conv, json(Map.of("queue", Map.of("id",
        billing)))), 200);
    assertEquals(billing, routed.path("attributes").path("queue").path("id").asText());
    data(f.call("POST", "/v1/conversations/" + conv + "/tags", json(List.of("baton", "vip"))), 200);
    assertEquals(List.of("baton", "vip"), k.conversation(conv).orElseThrow().tags());
    assertEquals("Billing", f.sandbox.desk("kustomer").chat(conv).orElseThrow().context().get("Queue"));

    data(f.call("PATCH", "/v1/conversations/" + conv, json(Map.of("status", "done"))), 200);
    int stored = k.conversation(conv).orElseThrow().messages().size();
    error(f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer, "session", conv, "body",
        "late"))), 409, "conversation_done", "/session");
    assertEquals(stored, k.conversation(conv).orElseThrow().messages().size());
  }

  @Test
  void webhookRegistrationsAreHttpsWithOneToTwelveKnownEventsAndShowTheTokenOnce() {
    Map<String, Object> ok = Map.of("name", "baton", "url", "https://baton.example.com/webhooks/kustomer/c1",
        "events", List.of("kustomer.message.create"));
    error(f.call("POST", "/v1/outbound-webhooks", json(Map.of("name", "b", "url", "http://baton.example.com/h",
        "events", List.of("kustomer.message.create")))), 400, "bad_request", "/url");
    error(f.call("POST", "/v1/outbound-webhooks", json(Map.of("name", "b", "url", "https://baton.example.com/h",
        "events", List.of()))), 400, "bad_request", "/events");
    error(f.call("POST", "/v1/outbound-webhooks", json(Map.of("name", "b", "url", "https://baton.example.com/h",
        "events", Collections.nCopies(13, "kustomer.message.create")))), 400, "bad_request", "/events");
    error(f.call("POST", "/v1/outbound-webhooks", json(Map.of("name", "b", "url", "https://baton.example.com/h",
        "events", List.of("kustomer.message.create", "kustomer.chat.exploded")))), 400, "bad_request",
        "/events/1");
    error(f.call("POST", "/v1/outbound-webhooks", json(Map.of("name", "b", "url", "https://baton.example.com/h",
        "events", List.of("kustomer.message.create"), "headers", List.of(Map.of("name",
            "X-Kustomer-Webhook-Signature", "value", "forged"))))),
        400, "bad_request", "/headers/0/name");
    error(f.call("POST", "/v1/outbound-webhooks", json(Map.of("name", "n".repeat(256), "url",
        "https://baton.example.com/h", "events", List.of("kustomer.message.create")))), 400, "bad_request", "/name");
    assertEquals(KustomerWebhooks.KNOWN.size(), data(f.call("GET", "/v1/outbound-webhooks/events", null), 200)
        .size());
    int before = k.webhookRegistrations().size();
    // plain http only to the sandbox's plainHttpHosts and dot-less (compose) names
    data(f.call("POST", "/v1/outbound-webhooks", json(Map.of("name", "c", "url", "http://connector-misc:8098/h",
        "events", List.of("kustomer.message.create")))), 201);

    JsonNode created = data(f.call("POST", "/v1/outbound-webhooks", json(ok)), 201);
    String id = created.path("id").asText();
    String token = created.path("attributes").path("token").asText();
    assertTrue(token.matches("[0-9a-f]{64}"), token);
    assertTrue(created.path("attributes").path("enabled").asBoolean());
    assertEquals(before + 2, k.webhookRegistrations().size());
    JsonNode one = data(f.call("GET", "/v1/outbound-webhooks/" + id, null), 200);
    assertEquals(token, one.path("attributes").path("token").asText()); // as Kustomer's delivery page says
    assertFalse(f.call("GET", "/v1/outbound-webhooks", null).body().contains(token));

    JsonNode patched = data(f.call("PATCH", "/v1/outbound-webhooks/" + id, json(Map.of("events",
        List.of("kustomer.message.create", "kustomer.conversation.update")))), 200);
    assertEquals(2, patched.path("attributes").path("events").size());
    error(f.call("PATCH", "/v1/outbound-webhooks/" + id, json(Map.of("enabled", "yes"))), 400, "bad_request",
        "/enabled");
    assertEquals(204, f.call("DELETE", "/v1/outbound-webhooks/" + id, null).statusCode());
    error(f.call("GET", "/v1/outbound-webhooks/" + id, null), 404, "not_found", null);
  }

  @Test
  void theOrgLimitPerMinuteAnswersHeadersAnd429WithRetryAfter() {
    k.perMinute(3);
    try {
      long now = Instant.now().getEpochSecond();
      for (int left = 2; left >= 0; left--) {
        HttpResponse<String> r = f.call("GET", "/v1/queues", null);
        assertEquals(200, r.statusCode());
        assertEquals("3", r.headers().firstValue("x-ratelimit-limit").orElseThrow());
        assertEquals(Integer.toString(left), r.headers().firstValue("x-ratelimit-remaining").orElseThrow());
        long reset = Long.parseLong(r.headers().firstValue("x-ratelimit-reset").orElseThrow());
        assertTrue(reset >= now + 59 && reset <= now + 61, "reset " + reset + " now " + now);
      }
      HttpResponse<String> over = f.call("GET", "/v1/queues", null);
      error(over, 429, "too_many_requests", null);
      assertEquals("0", over.headers().firstValue("x-ratelimit-remaining").orElseThrow());
      long retry = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    } finally {
      k.plan("business");
    }
    assertEquals("500", f.call("GET", "/v1/queues", null).headers().firstValue("x-ratelimit-limit").orElseThrow());
  }

  @Test
  void aCustomerMayCreate120MessagesAnd120ConversationsAMinute() {
    k.perMinute(1000);
    try {
      String customer = f.customer("Lim Limit");
      String conv = f.handoff(customer, "baton-limit-1");
      for (int i = 0; i < 60; i++) {
        assertEquals(201, f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer, "session", conv,
            "body", "m" + i))).statusCode());
        assertEquals(201, f.call("POST", "/v2.1/chat/outbound/messages", json(Map.of("customerId", customer,
            "session", conv, "from", k.apiUserId(), "body", "a" + i, "auto", true))).statusCode());
      }
      HttpResponse<String> over = f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer,
          "session", conv, "body", "one too many")));
      error(over, 429, "customer_rate_limit", null);
      assertTrue(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow()) >= 1);
      assertEquals(122, k.conversation(conv).orElseThrow().messages().size()); // 2 imported + 120
      String other = f.customer("Free Customer");
      String otherConv = f.handoff(other, "baton-limit-2");
      assertEquals(201, f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", other, "session", otherConv,
          "body", "fine"))).statusCode());
      for (int i = 1; i < 120; i++) { // the handoff above was the first of its conversation creates
        assertEquals(201, f.call("POST", "/v2.1/chat/sessions", json(Map.of("customerId", other))).statusCode());
      }
      error(f.call("POST", "/v2.1/chat/sessions", json(Map.of("customerId", other))), 429, "customer_rate_limit",
          null);
      assertEquals(120, k.conversationsOf(other).size());
    } finally {
      k.plan("business");
    }
  }

  @Test
  void anInjectedFaultAnswersJsonApiAndChangesNothing() {
    String customer = f.customer("Fay Fault");
    String conv = f.handoff(customer, "baton-fault-1");
    k.faults().failNext("v2.1/chat/messages", 503, Duration.ofSeconds(2), 1);
    HttpResponse<String> refused = f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer,
        "session", conv, "body", "hello?")));
    error(refused, 503, "internal_error", null);
    assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(2, k.conversation(conv).orElseThrow().messages().size());
    assertEquals(201, f.call("POST", "/v2.1/chat/messages", json(Map.of("customerId", customer, "session", conv,
        "body", "hello?"))).statusCode());
  }
}
