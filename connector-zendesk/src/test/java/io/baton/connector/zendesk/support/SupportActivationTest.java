package io.baton.connector.zendesk.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.zendesk.SandboxPlan;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.events.AgentMessage;
import io.baton.events.Connection;
import io.baton.events.Platform;
import io.baton.events.ConnectionStatus;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.zendesk.TicketView;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection's activation: credentials checked, one webhook and one set of triggers even with two instances. */
@ExtendWith(KafkaBrokerExtension.class)
class SupportActivationTest {
  static final String AUTH = ZendeskSupportSimulator.authorization(ZendeskSupportSimulator.API_EMAIL,
      ZendeskSupportSimulator.API_TOKEN);

  @Test
  void twoInstancesActivatingAtOnceLeaveOneWebhookAndOneSetOfTriggers(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = SupportSeeds.fixture(broker)) {
      String id = "twice-" + fx.run;
      SupportSeeds.connection(fx, id, SupportSeeds.settings(), Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
      List<CompletableFuture<Started>> starting = new ArrayList<>();
      for (String instance : List.of("a", "b")) {
        starting.add(CompletableFuture.supplyAsync(() -> start(fx, id, instance + "-" + fx.run)));
      }
      List<Started> parts = starting.stream().map(CompletableFuture::join).toList();
      try {
        JsonNode hooks = SupportSeeds.get(fx, "/webhooks", AUTH).path("webhooks");
        List<JsonNode> ours = new ArrayList<>();
        hooks.forEach(w -> {
          if (("baton-" + id).equals(w.path("name").asText())) {
            ours.add(w);
          }
        });
        assertEquals(1, ours.size(), "one webhook: " + hooks);
        assertEquals("conditional_ticket_events", ours.get(0).path("subscriptions").get(0).asText());
        Map<String, Integer> titles = new HashMap<>();
        SupportSeeds.get(fx, "/triggers", AUTH).path("triggers").forEach(t -> {
          if (t.path("title").asText().startsWith("Baton " + id + ":")) {
            titles.merge(t.path("title").asText(), 1, Integer::sum);
            assertEquals(ours.get(0).path("id").asText(), t.path("actions").get(0).path("value").get(0).asText());
          }
        });
        assertEquals(Map.of("Baton " + id + ": comment", 1, "Baton " + id + ": assigned", 1, "Baton " + id
            + ": status", 1, "Baton " + id + ": agent initiated", 1), titles);

        // A third activation later changes nothing.
        Started third = start(fx, id, "c-" + fx.run);
        third.stop();
        assertEquals(hooks.size(), SupportSeeds.get(fx, "/webhooks", AUTH).path("webhooks").size());
      } finally {
        parts.forEach(Started::stop);
      }
    }
  }

  /**
   * The race the soak met: this instance created its webhook and, while it set up the triggers, the other instance
   * (which had created one too and kept the lower id) deleted it. The triggers are refused ("webhook does not
   * exist"); the instance sets up again with the webhook kept, and the connection never shows inactive.
   */
  @Test
  void aWebhookTheOtherInstanceDeletedMidActivationIsReplacedByTheOneItKept(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = SupportSeeds.fixture(broker)) {
      String id = "raced-" + fx.run;
      // The triggers list answers late: the other instance acts in between (3 s: a loaded machine's test thread
      // must get its three calls in; with 1 s they once came after the triggers were made)
      fx.sandbox.faults(ZendeskSupportSimulator.NAME).slowNext("triggers", Duration.ofSeconds(3), 1);
      SupportSeeds.connection(fx, id, SupportSeeds.settings(), Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
      Started part = startWaitingFor(fx, id, "raced-" + fx.run, false);
      try {
        Eventually.until(ConnectorFixture.PATIENCE, "the instance listing triggers with its webhook chosen",
            () -> fx.sandbox.faults(ZendeskSupportSimulator.NAME).pending().isEmpty());
        List<JsonNode> before = ours(fx, id);
        assertEquals(1, before.size(), before.toString());
        JsonNode kept = send(fx, "POST", "/webhooks", Map.of("webhook", Map.of("name", "baton-" + id, "endpoint",
            before.get(0).path("endpoint").asText(), "http_method", "POST", "request_format", "json", "status",
            "active", "subscriptions", List.of("conditional_ticket_events")))).path("webhook");
        send(fx, "DELETE", "/webhooks/" + before.get(0).path("id").asText(), null);

        Eventually.until(ConnectorFixture.PATIENCE, "active written back",
            () -> latest(fx).get(id).getStatus() == ConnectionStatus.active);
        List<String> statuses = new ArrayList<>();
        fx.kafka.readAll(Topics.CONNECTIONS.name(), Topics.CONNECTIONS.keySerde().deserializer(),
            Topics.CONNECTIONS.valueSerde().deserializer()).stream().filter(r -> id.equals(r.key()))
            .forEach(r -> statuses.add(r.value().getStatus() + " " + r.value().getStatusReason()));
        assertTrue(statuses.stream().noneMatch(st -> st.startsWith("inactive")), statuses.toString());
        assertEquals(List.of(kept.path("id").asText()), ours(fx, id).stream().map(w -> w.path("id").asText())
            .toList());
        List<String> called = new ArrayList<>();
        SupportSeeds.get(fx, "/triggers", AUTH).path("triggers").forEach(t -> {
          if (t.path("title").asText().startsWith("Baton " + id + ":")) {
            called.add(t.path("actions").get(0).path("value").get(0).asText());
          }
        });
        assertEquals(Collections.nCopies(4, kept.path("id").asText()), called);
      } finally {
        part.stop();
      }
    }
  }

  /**
   * The same race the other way round: this instance was done (it saw only its webhook) when the other, which saw
   * both, kept its own (the lower id), deleted this one's and pointed the triggers at its own. Deliveries signed with
   * the kept webhook's secret must still be accepted here: the secret is read again from the webhook Baton has now.
   */
  @Test
  void deliveriesOfTheWebhookTheOtherInstanceKeptAreAcceptedOnceOursIsDeleted(KafkaBroker broker) throws Exception {
    // A connection of its own: the class's other tests leave theirs on the shared broker's connections topic.
    String id = "replaced-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    try (ConnectorFixture fx = new ConnectorFixture(broker, Platform.zendesk_support, id, x -> x)) {
      SupportSeeds.connection(fx, id, SupportSeeds.settings(), Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
      Started part = start(fx, id, id);
      try {
        String c = "c-" + id;
        fx.start(c, SupportSeeds.startChat(id, "Cleo " + c, c + "@example.com", null, List.of(), Map.of()));
        TicketView t = SupportSeeds.ticket(fx, c);
        ApiFaults faults = fx.sandbox.faults(ZendeskSupportSimulator.NAME);
        faults.slowNext("tickets.show", Duration.ofMillis(1), 1000); // counts the connector's reads of the ticket
        fx.sandbox.zendesk().agent().accept(t.id(), "Rae");
        assertEquals(2, fx.agentEventsOf(c, 2).size(), "queued, joined");
        // The read for the join and its second look done: only a delivery makes the comment below read.
        Eventually.until(ConnectorFixture.PATIENCE, "the second look at the ticket",
            () -> faults.pending().get(0).remaining() <= 998);
        JsonNode mine = ours(fx, id).get(0);
        String kept = send(fx, "POST", "/webhooks", Map.of("webhook", Map.of("name", mine.path("name").asText(),
            "endpoint", mine.path("endpoint").asText(), "http_method", "POST", "request_format", "json", "status",
            "active", "subscriptions", List.of("conditional_ticket_events")))).path("webhook").path("id").asText();
        for (JsonNode trigger : SupportSeeds.get(fx, "/triggers", AUTH).path("triggers")) {
          if (trigger.path("title").asText().startsWith("Baton " + id + ":")) {
            // Conditions and actions together, as Zendesk clears both when either is updated.
            String body = trigger.path("actions").get(0).path("value").get(1).asText();
            send(fx, "PUT", "/triggers/" + trigger.path("id").asText(), Map.of("trigger", Map.of("conditions",
                trigger.path("conditions"), "actions", List.of(Map.of("field", "notification_webhook", "value",
                    List.of(kept, body))))));
          }
        }
        send(fx, "DELETE", "/webhooks/" + mine.path("id").asText(), null);

        fx.sandbox.zendesk().agent().comment(t.id(), "hello through the kept webhook", true);
        List<Object> events = fx.agentEventsOf(c, 3);
        assertEquals(3, events.size(), "queued, joined, the message: " + events);
        assertEquals("hello through the kept webhook", ((AgentMessage) events.get(2)).getText());
      } finally {
        part.stop();
      }
    }
  }

  @Test
  void aWrongTokenLeavesTheConnectionInactiveSayingWhyWithoutTheToken(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = SupportSeeds.fixture(broker)) {
      String wrong = "wrong-" + fx.run;
      String noEmail = "noemail-" + fx.run;
      SupportSeeds.connection(fx, wrong, SupportSeeds.settings(), Map.of("apiToken", "not-the-token-" + fx.run));
      SupportSeeds.connection(fx, noEmail, Map.of("domain", "acme.zendesk.com"),
          Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
      SupportSeeds.connection(fx); // a good one next to them: the part is started once it is active
      SupportSeeds.Part part = SupportSeeds.start(fx, "wrong-" + fx.run, 0);
      try {
        Eventually.until(ConnectorFixture.PATIENCE, "both inactive", () -> {
          Map<String, Connection> latest = latest(fx);
          return latest.get(wrong).getStatus() == ConnectionStatus.inactive
              && latest.get(noEmail).getStatus() == ConnectionStatus.inactive;
        });
        String reason = latest(fx).get(wrong).getStatusReason();
        assertTrue(reason.startsWith("Zendesk refused the credentials (email and API token)"), reason);
        assertTrue(reason.contains("Couldn't authenticate you"), reason);
        assertFalse(reason.contains("not-the-token"), "the token is never shown: " + reason);
        assertEquals("the connection has no 'email' setting (the Zendesk API user's email)",
            latest(fx).get(noEmail).getStatusReason());
        assertFalse(part.connector().connections().isActive(wrong));
      } finally {
        part.stop();
      }
    }
  }

  @Test
  void aStepZendeskRefusesIsNamedInTheStatusAndTriedAgain(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = SupportSeeds.fixture(broker)) {
      String id = "refused-" + fx.run;
      // The API user may not manage webhooks (an agent, not an admin): Zendesk answers 403 until it may.
      fx.sandbox.faults(ZendeskSupportSimulator.NAME).failNext("webhooks", 403, null, 10_000);
      SupportSeeds.connection(fx, id, SupportSeeds.settings(), Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
      Started part = startWaitingFor(fx, id, "refused-" + fx.run, false);
      try {
        Eventually.until(ConnectorFixture.PATIENCE, "inactive, saying why", () -> {
          Connection c = latest(fx).get(id);
          return c.getStatus() == ConnectionStatus.inactive && c.getStatusReason() != null;
        });
        String reason = latest(fx).get(id).getStatusReason();
        assertTrue(reason.startsWith("Baton's webhook could not be set up: GET /webhooks"), reason);
        fx.sandbox.faults(ZendeskSupportSimulator.NAME).clear(); // made an admin: the next try works
        Eventually.until(ConnectorFixture.PATIENCE, "active written back",
            () -> latest(fx).get(id).getStatus() == ConnectionStatus.active);
      } finally {
        part.stop();
      }
    }
  }

  record Started(SupportConnector connector, WebhookServer webhooks) {
    void stop() {
      webhooks.close();
      connector.stop();
    }
  }

  private static Started start(ConnectorFixture fx, String connection, String instanceId) {
    return startWaitingFor(fx, connection, instanceId, true);
  }

  private static Started startWaitingFor(ConnectorFixture fx, String connection, String instanceId, boolean active) {
    ZendeskConfig config = SupportSeeds.config(fx);
    config = config.withHosts(config.sunco(), HostConfig.defaults(SandboxPlan.SUPPORT_LIMITS)
        .withInstanceId(instanceId));
    WebhookServer webhooks = new WebhookServer(0);
    SupportConnector connector = new SupportConnector(config, fx.settings, webhooks,
        "http://localhost:" + webhooks.port());
    connector.start();
    if (active) {
      Eventually.until(ConnectorFixture.PATIENCE, connection + " active on " + instanceId,
          () -> connector.connections().isActive(connection));
    }
    return new Started(connector, webhooks);
  }

  private static List<JsonNode> ours(ConnectorFixture fx, String connection) throws Exception {
    List<JsonNode> ours = new ArrayList<>();
    SupportSeeds.get(fx, "/webhooks", AUTH).path("webhooks").forEach(w -> {
      if (("baton-" + connection).equals(w.path("name").asText())) {
        ours.add(w);
      }
    });
    return ours;
  }

  /** A call at the Support API as the other instance makes it. */
  private static JsonNode send(ConnectorFixture fx, String method, String path, Object body) throws Exception {
    HttpResponse<String> r = SupportSeeds.HTTP.send(HttpRequest.newBuilder(URI.create(fx.sandbox.zendeskUrl()
        + "/api/v2" + path)).header("Authorization", AUTH).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(SupportClient.JSON.writeValueAsString(body)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(2, r.statusCode() / 100, method + " " + path + ": " + r.body());
    return r.body().isBlank() ? SupportClient.JSON.createObjectNode() : SupportClient.JSON.readTree(r.body());
  }

  private static Map<String, Connection> latest(ConnectorFixture fx) {
    Map<String, Connection> latest = new HashMap<>();
    fx.kafka.readAll(Topics.CONNECTIONS.name(), Topics.CONNECTIONS.keySerde().deserializer(),
        Topics.CONNECTIONS.valueSerde().deserializer()).forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }
}
