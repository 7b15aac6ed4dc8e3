package io.baton.sandbox.sunco;

import io.baton.sandbox.kit.WebhookReceiver;
import static io.baton.sandbox.sunco.SuncoFixture.error;
import static io.baton.sandbox.sunco.SuncoFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SuncoWebhooksTest {
  private final SuncoFixture f = SuncoFixture.start();
  private final WebhookInbox inbox;

  SuncoWebhooksTest() throws Exception {
    inbox = new WebhookInbox();
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

  private String post(String conversation, String author, String text) {
    return ok(201, f.call("POST", "/conversations/" + conversation + "/messages", "{\"author\":" + author
        + ",\"content\":{\"type\":\"text\",\"text\":\"" + text + "\"}}")).path("messages").get(0).path("id").asText();
  }

  @Test
  void aCustomIntegrationsWebhookGetsItsTriggersBatchedWithItsSecret() throws Exception {
    JsonNode integration = f.createIntegration(inbox.url(), "\"conversation:message\"", false, false);
    JsonNode webhook = integration.path("webhooks").get(0);
    assertEquals("custom", integration.path("type").asText());
    assertEquals("v2", webhook.path("version").asText());
    assertEquals(32, webhook.path("secret").asText().length());
    String user = f.createUser("ada");
    String c = f.createConversation(user); // conversation:create is not among its triggers
    String first = post(c, "{\"type\":\"user\",\"userId\":\"" + user + "\"}", "one");
    WebhookReceiver.Post got = inbox.next();
    assertEquals(webhook.path("secret").asText(), got.header("X-API-Key"));
    assertEquals(SuncoSimulator.APP_ID, got.body().path("app").path("id").asText());
    assertEquals(webhook.path("id").asText(), got.body().path("webhook").path("id").asText());
    assertEquals("v2", got.body().path("webhook").path("version").asText());
    JsonNode event = got.body().path("events").get(0);
    assertEquals(1, got.body().path("events").size());
    assertEquals("conversation:message", event.path("type").asText());
    assertEquals(24, event.path("id").asText().length());
    JsonNode message = event.path("payload").path("message");
    assertEquals(first, message.path("id").asText());
    assertEquals(c, event.path("payload").path("conversation").path("id").asText());
    assertEquals(user, message.path("author").path("user").path("id").asText());
    assertFalse(message.path("author").path("user").has("profile"), "profile only with includeFullUser");
    assertEquals("one", message.path("content").path("text").asText());
  }

  @Test
  void fullUserAndFullSourceAddProfileClientAndDevice() throws Exception {
    f.createIntegration(inbox.url(), "\"conversation:message\",\"conversation:create\"", true, true);
    f.sunco.userWrites("visitor-1", "hi from the messenger");
    // raised by one end-user message: one POST carries both
    JsonNode batch = inbox.next().body().path("events");
    assertEquals(2, batch.size(), batch.toString());
    List<JsonNode> events = List.of(batch.get(0), batch.get(1));
    assertEquals("conversation:create", events.get(0).path("type").asText());
    assertEquals("message", events.get(0).path("payload").path("creationReason").asText());
    JsonNode message = events.get(1).path("payload").path("message");
    assertEquals("visitor-1", message.path("author").path("user").path("externalId").asText());
    assertTrue(message.path("author").path("user").has("profile"));
    assertEquals("web", message.path("source").path("type").asText());
    assertEquals(SuncoSimulator.WEB_INTEGRATION_ID, message.path("source").path("integrationId").asText());
    assertEquals("sdk", message.path("source").path("client").path("type").asText());
    assertEquals("web", message.path("source").path("device").path("type").asText());
  }

  @Test
  void theEndUsersTypingIsAConversationTypingEvent() throws Exception {
    f.createIntegration(inbox.url(), "\"conversation:typing\"", false, false);
    f.sunco.userWrites("typist", "hello");
    assertEquals(200, f.sandboxCall("POST", "/zendesk/messenger/users/typist/typing", "{\"typing\":true}")
        .statusCode());
    f.sunco.userTyping("typist", false);
    List<JsonNode> events = inbox.events(2);
    assertEquals(List.of("typing:start", "typing:stop"), events.stream()
        .map(e -> e.path("payload").path("activity").path("type").asText()).toList());
    JsonNode author = events.get(0).path("payload").path("activity").path("author");
    assertEquals("user", author.path("type").asText());
    assertEquals("typist", author.path("user").path("externalId").asText());
    assertEquals("web", events.get(0).path("payload").path("activity").path("source").path("type").asText());
    assertEquals(404, f.sandboxCall("POST", "/zendesk/messenger/users/nobody/typing", "{\"typing\":true}")
        .statusCode());
  }

  @Test
  void failedDeliveriesAreRetriedInOrderButNotAfter400sAndSlowAnswersFail() throws Exception {
    f.createIntegration(inbox.url(), "\"conversation:message\"", false, false);
    String user = f.createUser("bob");
    String c = f.createConversation(user);
    String author = "{\"type\":\"user\",\"userId\":\"" + user + "\"}";
    inbox.answer(500, 503);
    String one = post(c, author, "one");
    String two = post(c, author, "two");
    assertEquals(one, inbox.next().body().path("events").get(0).path("payload").path("message").path("id").asText());
    assertEquals(two, inbox.next().body().path("events").get(0).path("payload").path("message").path("id").asText());
    assertEquals(List.of(500, 503, 200, 200), statuses(4));

    inbox.answer(404, 400, 401, 403, 406);
    for (int i = 0; i < 5; i++) {
      post(c, author, "refused " + i);
    }
    String marker = post(c, author, "after the refusal");
    assertEquals(marker, inbox.next().body().path("events").get(0).path("payload").path("message").path("id")
        .asText());
    assertEquals(List.of(500, 503, 200, 200, 404, 400, 401, 403, 406, 200), statuses(10), "none of them retried");

    inbox.answer(500, 500, 500, 500, 500);
    post(c, author, "given up");
    String after = post(c, author, "after giving up");
    assertEquals(after, inbox.next().body().path("events").get(0).path("payload").path("message").path("id")
        .asText());
    assertEquals(List.of(500, 500, 500, 500, 500, 200), statuses(16).subList(10, 16), "5 attempts in all");

    inbox.delay(Duration.ofMillis(1500)); // over this simulator's 1 s answer timeout
    post(c, author, "slow");
    List<WebhookSender.Delivery> deliveries = until(() -> f.sunco.deliveries().stream()
        .filter(d -> d.body().contains("\"slow\"")).toList(), 2);
    assertEquals(0, deliveries.get(0).status(), "a slow answer counts as no answer");
    inbox.delay(Duration.ZERO);
  }

  @Test
  void integrationsAndWebhooksFollowTheirLimits() throws Exception {
    JsonNode integration = f.createIntegration(inbox.url(), "\"conversation:message\"", false, false);
    String id = integration.path("id").asText();
    String webhookId = integration.path("webhooks").get(0).path("id").asText();
    error(400, "bad_request", "Invalid integration type", f.call("POST", "/integrations",
        "{\"type\":\"messenger\",\"pageAccessToken\":\"x\"}"));
    error(400, "bad_request", null, f.call("POST", "/integrations", "{\"type\":\"custom\",\"webhooks\":[]}"));
    error(400, "bad_request", null, f.call("POST", "/integrations", "{\"type\":\"custom\",\"webhooks\":[{\"target\":"
        + "\"https://a.example\",\"triggers\":[\"conversation:message\"]},{\"target\":\"https://b.example\","
        + "\"triggers\":[\"conversation:message\"]}]}"));
    error(400, "bad_request", null, f.call("POST", "/integrations", "{\"type\":\"custom\",\"webhooks\":[{\"target\":"
        + "\"https://a.example\",\"triggers\":[\"message:appUser\"]}]}"));
    error(400, "bad_request", null, f.call("POST", "/integrations", "{\"type\":\"custom\",\"webhooks\":[{\"target\":"
        + "\"not a url\",\"triggers\":[\"conversation:message\"]}]}"));
    error(403, "forbidden", "Forbidden", f.call("POST", "/integrations/" + id + "/webhooks",
        "{\"target\":\"https://b.example\",\"triggers\":[\"conversation:read\"]}"));
    JsonNode patched = ok(200, f.call("PATCH", "/integrations/" + id + "/webhooks/" + webhookId,
        "{\"triggers\":[\"conversation:read\",\"conversation:message\"],\"includeFullUser\":true}")).path("webhook");
    assertEquals(2, patched.path("triggers").size());
    assertTrue(patched.path("includeFullUser").asBoolean());
    assertEquals(integration.path("webhooks").get(0).path("secret"), patched.path("secret"));
    assertEquals(patched, ok(200, f.call("GET", "/integrations/" + id + "/webhooks/" + webhookId, null))
        .path("webhook"));
    assertEquals(1, ok(200, f.call("GET", "/integrations/" + id + "/webhooks", null)).path("webhooks").size());
    error(404, "not_found", "Resource not found", f.call("GET", "/integrations/" + id + "/webhooks/nope", null));
    error(404, "integration_not_found", "Integration not found", f.call("GET", "/integrations/nope", null));
    error(403, "forbidden", null, f.call("GET", "/integrations/" + SuncoSimulator.WEB_INTEGRATION_ID + "/webhooks",
        null));
    error(400, "bad_request", null, f.call("PATCH", "/integrations/" + id + "/webhooks/" + webhookId,
        "{\"triggers\":[]}"));
    error(400, "bad_request", null, f.call("PATCH", "/integrations/" + id + "/webhooks/" + webhookId,
        "{\"secret\":\"mine\"}"));
    error(400, "bad_request", null, f.call("PATCH", "/integrations/" + id, "{\"status\":\"inactive\"}"));
    assertEquals("Renamed", ok(200, f.call("PATCH", "/integrations/" + id, "{\"displayName\":\"Renamed\"}"))
        .path("integration").path("displayName").asText());
    JsonNode list = ok(200, f.call("GET", "/integrations?filter%5Btypes%5D=custom", null));
    assertEquals(1, list.path("integrations").size());
    assertEquals(2, ok(200, f.call("GET", "/integrations", null)).path("integrations").size(), "custom and web");
    error(400, "bad_request", "SDK integrations configured on Admin Center cannot be deleted",
        f.call("DELETE", "/integrations/" + SuncoSimulator.WEB_INTEGRATION_ID, null));
    for (int i = 1; i < SuncoIntegrations.APP_WEBHOOK_LIMIT; i++) {
      f.createIntegration("https://hooks.example/" + i, "\"conversation:message\"", false, false);
    }
    error(400, "bad_request", "App has reached the max number of webhooks (10)", f.call("POST", "/integrations",
        "{\"type\":\"custom\",\"webhooks\":[{\"target\":\"https://x.example\",\"triggers\":[\"conversation:read\"]}]}"));
    ok(200, f.call("DELETE", "/integrations/" + id + "/webhooks/" + webhookId, null));
    assertEquals(0, ok(200, f.call("GET", "/integrations/" + id + "/webhooks", null)).path("webhooks").size());
    ok(201, f.call("POST", "/integrations/" + id + "/webhooks",
        "{\"target\":\"" + inbox.url() + "\",\"triggers\":[\"conversation:message\"]}"));
    ok(200, f.call("DELETE", "/integrations/" + id, null));
    error(404, "integration_not_found", null, f.call("DELETE", "/integrations/" + id, null));
  }

  /** The statuses of the deliveries made, once there are {@code count}. */
  private List<Integer> statuses(int count) throws InterruptedException {
    return until(() -> {
      List<Integer> all = new ArrayList<>();
      f.sunco.deliveries().forEach(d -> all.add(d.status()));
      return all;
    }, count);
  }

  private static <T> List<T> until(java.util.function.Supplier<List<T>> supplier, int size)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<T> list = supplier.get();
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(20);
      list = supplier.get();
    }
    assertEquals(size, list.size(), list.toString());
    return list;
  }
}
