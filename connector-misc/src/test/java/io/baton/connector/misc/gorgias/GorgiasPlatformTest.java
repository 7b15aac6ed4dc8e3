package io.baton.connector.misc.gorgias;

import io.baton.connector.misc.PlatformAlone;
import static io.baton.connector.testkit.ContractEvents.joined;
import static io.baton.connector.testkit.ContractEvents.normal;
import static io.baton.connector.testkit.ContractEvents.queued;
import static io.baton.connector.testkit.ContractEvents.said;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.WebhookSender;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Gorgias handover on one instance against the sandbox: the opening's customer and ticket (transcript already
 * sent, subject, team, tags, external id), a message a crash left unrecorded found instead of posted twice,
 * deliveries without the connection's secret refused with nothing published, the account's bucket waited out, the one
 * HTTP integration per connection (kept across a restart, deleted with its connection), and connections whose
 * activation fails, each with its reason.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GorgiasPlatformTest {
  private ConnectorFixture fx;
  private RoundRobinBalancer door;
  private PlatformAlone<GorgiasConnector> service;
  private GorgiasSimulator gorgias;
  private AgentDesk desk;
  private long support;
  /** Connection id -> the start of the reason it stays inactive. */
  private final Map<String, String> wrong = new LinkedHashMap<>();

  @BeforeAll
  void start(KafkaBroker broker) throws Exception {
    fx = new ConnectorFixture(broker, io.baton.events.Platform.gorgias, GorgiasSeeds.CONNECTION, c -> c,
        GorgiasSeeds::sandbox);
    gorgias = GorgiasSeeds.gorgias(fx);
    desk = fx.desk(GorgiasSimulator.NAME);
    support = gorgias.team("Support");
    door = new RoundRobinBalancer();
    GorgiasSeeds.connection(fx, GorgiasSeeds.CONNECTION, Map.of("teamId", Long.toString(support)),
        GorgiasSeeds.secrets(fx));
    Map<String, String> secrets = GorgiasSeeds.secrets(fx);
    wrong(Map.of(), Map.of("email", gorgias.apiEmail(), "apiKey", "not-the-key"), "the Gorgias API key was refused "
        + "(email and apiKey of Settings > REST API): GET /teams (Invalid credentials.) answered 401");
    wrong(Map.of("teamId", "999999"), secrets, "the setting teamId names no Gorgias team: 999999");
    wrong(Map.of("apiUrl", "http://acme.gorgias.com/api"), secrets, "the connection's settings are wrong: apiUrl "
        + "'http://acme.gorgias.com/api' must be https");
    wrong(Map.of(), Map.of("email", gorgias.apiEmail()), "no Gorgias REST API key (secret 'apiKey')");
    service = GorgiasSeeds.connector(fx, door, "platform-" + fx.run);
    GorgiasSeeds.awaitActive(service, GorgiasSeeds.CONNECTION);
  }

  @AfterAll
  void stop() throws Exception {
    // left on, later classes' instances on the shared broker would check them again on every start
    wrong.keySet().forEach(id -> ConnectionsTopic.retire(fx, id));
    ConnectionsTopic.retire(fx, GorgiasSeeds.CONNECTION);
    service.stop();
    door.close();
    fx.close();
  }

  private void wrong(Map<String, String> settings, Map<String, String> secrets, String reason) {
    String id = "wrong-" + (wrong.size() + 1) + "-" + fx.run;
    GorgiasSeeds.connection(fx, id, settings, secrets);
    wrong.put(id, reason);
  }

  private GorgiasSimulator.Ticket open(String conversation, String name, String email, String subject,
      List<String> tags, String team) {
    fx.start(conversation, GorgiasSeeds.startChat(GorgiasSeeds.CONNECTION, name, email, subject, tags, team));
    assertEquals(List.of(queued()), normal(fx.agentEventsOf(conversation, 1)));
    return gorgias.ticketByExternalId("h-" + conversation).orElseThrow();
  }

  private static List<String> lines(GorgiasSimulator.Ticket t) {
    return GorgiasSeeds.lines(t);
  }

  @Test
  void aConnectionThatCannotWorkStaysInactiveSayingWhyAndRegistersNothing() {
    ConnectionsTopic.awaitStatus(fx, wrong.keySet(), ConnectionStatus.inactive);
    Map<String, Connection> latest = ConnectionsTopic.latest(fx);
    wrong.forEach((id, reason) -> {
      String given = String.valueOf(latest.get(id).getStatusReason());
      assertTrue(given.startsWith(reason), id + ": " + given);
      assertFalse(given.contains(gorgias.apiKey()) || given.contains("not-the-key"), "no secret in " + given);
      assertTrue(gorgias.integrationRegistrations().stream().noneMatch(i -> i.name().equals("baton-" + id)));
    });
    assertEquals(ConnectionStatus.active, latest.get(GorgiasSeeds.CONNECTION).getStatus());
  }

  @Test
  void theTicketCarriesTheCustomerTheTranscriptAlreadySentTheSubjectTeamTagsAndTheHandover() throws Exception {
    String c = "opening-" + fx.run;
    long billing = gorgias.team("Billing");
    GorgiasSimulator.Ticket t = open(c, "Ann Opening", "ann-" + fx.run + "@example.com", "Refund please",
        List.of("vip", "refund"), Long.toString(billing));
    GorgiasSimulator.Customer customer = gorgias.customerByEmail("ann-" + fx.run + "@example.com").orElseThrow();
    assertEquals("Ann Opening", customer.name());
    assertEquals(customer.id(), t.customerId());
    assertEquals("chat", t.channel());
    assertEquals("api", t.via());
    assertEquals("open", t.status());
    assertEquals("Refund please", t.subject());
    assertEquals(billing, t.assigneeTeamId(), "the handover's team");
    assertEquals(null, t.assigneeUserId());
    assertEquals(List.of("vip", "refund"), t.tags());
    assertEquals(List.of("customer: I need a human", "agent: Bot: Connecting you to an agent"), lines(t));
    assertTrue(t.messages().stream().allMatch(m -> m.sentDatetime() != null), "all already sent");

    String d = "defaults-" + fx.run;
    GorgiasSimulator.Ticket u = open(d, "Bo Defaults", "bo-" + fx.run + "@example.com", null, List.of(), null);
    assertEquals("Chat with Bo Defaults", u.subject());
    assertEquals(support, u.assigneeTeamId(), "the connection's teamId");
    assertEquals(List.of(), u.tags());
  }

  @Test
  void aDeliveryWithoutTheConnectionsSecretIsRefusedAndPublishesNothing() throws Exception {
    String c = "secret-" + fx.run;
    GorgiasSimulator.Ticket t = open(c, "Ed Secret", "ed-" + fx.run + "@example.com", null, List.of(), null);
    String id = Long.toString(t.id());
    desk.accept(id, "Alex");
    assertEquals(List.of(queued(), joined("Alex")), normal(fx.agentEventsOf(c, 2)));
    int tries = 2;
    gorgias.retrySchedule(WebhookSender.RetrySchedule.doubling(tries, Duration.ofMillis(50)), Duration.ofSeconds(5));
    gorgias.makeDeliveriesUnreachable(tries);
    desk.say(id, "nobody heard this");
    String ticket = "\"ticket_id\":\"" + id + "\"";
    Eventually.until(ConnectorFixture.PATIENCE, "Gorgias gave up on the delivery", () -> gorgias.deliveries().stream()
        .filter(d -> d.status() == 0 && d.body().contains(ticket)).count() == tries);
    String body = gorgias.deliveries().stream().filter(d -> d.status() == 0 && d.body().contains(ticket))
        .findFirst().orElseThrow().body();
    gorgias.retrySchedule(GorgiasSeeds.RETRIES, Duration.ofSeconds(5));
    int port = service.webhookPort();
    String secret = GorgiasSeeds.webhookSecret(fx, GorgiasSeeds.CONNECTION);
    assertEquals(401, GorgiasSeeds.post(port, body, null));
    assertEquals(401, GorgiasSeeds.post(port, body, "not-" + secret));
    assertEquals(List.of(queued(), joined("Alex")), normal(fx.allAgentEventsOf(c)), "nothing published");
    assertEquals(200, GorgiasSeeds.post(port, body, secret));
    assertEquals(List.of(queued(), joined("Alex"), said("Alex", "nobody heard this")), normal(fx.agentEventsOf(c, 3)));
  }

  @Test
  void oneIntegrationPerConnectionKeptAcrossARestartAndDeletedWithItsConnection() throws Exception {
    String url = door.url() + "/webhooks/gorgias/" + GorgiasSeeds.CONNECTION;
    List<GorgiasSimulator.Integration> ours = gorgias.integrationRegistrations().stream()
        .filter(i -> i.name().equals("baton-" + GorgiasSeeds.CONNECTION)).toList();
    assertEquals(1, ours.size());
    assertEquals(url, ours.get(0).url());
    assertEquals("POST", ours.get(0).method());
    assertEquals(Map.of("X-Baton-Secret", GorgiasSeeds.webhookSecret(fx, GorgiasSeeds.CONNECTION)),
        ours.get(0).headers());
    assertEquals(Map.of("ticket_created", false, "ticket_updated", true, "ticket_message_created", true),
        ours.get(0).triggers());
    // a second instance of the connector (or a restart) takes the same integration over
    PlatformAlone<GorgiasConnector> second = GorgiasSeeds.connector(fx, door, "second-" + fx.run);
    try {
      GorgiasSeeds.awaitActive(second, GorgiasSeeds.CONNECTION);
      assertEquals(List.of(ours.get(0).id()), gorgias.integrationRegistrations().stream()
          .filter(i -> i.name().equals("baton-" + GorgiasSeeds.CONNECTION)).map(GorgiasSimulator.Integration::id)
          .toList());
    } finally {
      door.remove(second.webhookPort());
      second.stop();
    }
    String other = "removed-" + fx.run;
    Map<String, String> secrets = new LinkedHashMap<>(GorgiasSeeds.secrets(fx));
    secrets.put("webhookSecret", "chosen-by-admin");
    GorgiasSeeds.connection(fx, other, Map.of(), secrets);
    ConnectionsTopic.awaitStatus(fx, other, ConnectionStatus.active);
    GorgiasSimulator.Integration added = gorgias.integrationRegistrations().stream()
        .filter(i -> i.name().equals("baton-" + other)).findFirst().orElseThrow();
    assertEquals(Map.of("X-Baton-Secret", "chosen-by-admin"), added.headers());
    ConnectionsTopic.retire(fx, other);
    Eventually.until(ConnectorFixture.PATIENCE, "the integration of the disabled connection deleted",
        () -> gorgias.integrationRegistrations().stream().noneMatch(i -> i.name().equals("baton-" + other)));
    assertEquals(1, gorgias.integrationRegistrations().stream()
        .filter(i -> i.name().equals("baton-" + GorgiasSeeds.CONNECTION)).count());
  }

  @Test
  void visitorMessagesGorgiasTookBeforeARestartAreNotPostedAgain() throws Exception {
    String c = "restart-" + fx.run;
    GorgiasSimulator.Ticket t = open(c, "Flo Restart", "flo-" + fx.run + "@example.com", null, List.of(), null);
    // the instance posted two commands' messages, then died before its link recorded either (the next owner repeats
    // both: the second is as much Gorgias's already as the first)
    for (String[] m : new String[][] {{"v1", "before the crash"}, {"v2", "also before the crash"}}) {
      GorgiasSeeds.api(fx, "POST", "/tickets/" + t.id() + "/messages", "{\"channel\":\"chat\",\"via\":\"api\","
          + "\"from_agent\":false,\"sender\":{\"id\":" + t.customerId() + "},\"body_text\":\"" + m[1] + "\","
          + "\"external_id\":\"" + m[0] + "-" + c + "\",\"sent_datetime\":\"2026-11-29T10:00:02Z\"}");
    }
    door.remove(service.webhookPort());
    service.stop();
    service = GorgiasSeeds.connector(fx, door, "restarted-" + fx.run);
    GorgiasSeeds.awaitActive(service, GorgiasSeeds.CONNECTION);
    fx.say(c, "v1-" + c, "before the crash");
    fx.say(c, "v2-" + c, "also before the crash");
    fx.say(c, "v3-" + c, "after the restart");
    Eventually.until(ConnectorFixture.PATIENCE, "the third message in Gorgias", () -> gorgias.ticket(t.id())
        .orElseThrow().messages().stream().anyMatch(m -> "after the restart".equals(m.bodyText())));
    assertEquals(List.of("customer: I need a human", "agent: Bot: Connecting you to an agent",
        "customer: before the crash", "customer: also before the crash", "customer: after the restart"),
        lines(gorgias.ticket(t.id()).orElseThrow()));
  }

  @Test
  void theAccountsLeakyBucketIsWaitedOutLosingAndDoublingNothing() throws Exception {
    String c = "bucket-" + fx.run;
    GorgiasSimulator.Ticket t = open(c, "Gus Bucket", "gus-" + fx.run + "@example.com", null, List.of(), null);
    desk.accept(Long.toString(t.id()), "Alex");
    assertEquals(List.of(queued(), joined("Alex")), normal(fx.agentEventsOf(c, 2)));
    gorgias.rateLimit(4, 3); // this instance does not keep to it: Gorgias answers 429 with Retry-after
    try {
      List<String> sent = new java.util.ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        fx.say(c, "v" + i + "-" + c, "burst " + i);
        sent.add("customer: burst " + i);
      }
      desk.say(Long.toString(t.id()), "slow down");
      Eventually.until(ConnectorFixture.PATIENCE, "every message in Gorgias", () -> gorgias.ticket(t.id())
          .orElseThrow().messages().stream().filter(m -> !m.fromAgent()).count() == 6);
      List<String> customer = lines(gorgias.ticket(t.id()).orElseThrow()).stream()
          .filter(l -> l.startsWith("customer: burst")).toList();
      assertEquals(sent, customer, "each once, in order");
      assertEquals(List.of(queued(), joined("Alex"), said("Alex", "slow down")), normal(fx.agentEventsOf(c, 3)));
    } finally {
      gorgias.rateLimit(false);
    }
  }
}
