package io.baton.connector.misc.gorgias;

import io.baton.connector.misc.PlatformAlone;
import static io.baton.connector.testkit.ContractEvents.joined;
import static io.baton.connector.testkit.ContractEvents.normal;
import static io.baton.connector.testkit.ContractEvents.queued;
import static io.baton.connector.testkit.ContractEvents.said;
import static io.baton.connector.testkit.ContractEvents.transferred;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.baton.connector.testkit.BalancedInstance;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Attachment;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.gorgias.GorgiasMessage;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.WebhookSender;
import io.baton.testkit.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The connector contract against the sandbox's Gorgias: the HTTP integration the connector registers posts to a front
 * door balancing the instances, with the connection's secret header; agents accept (assign), write, leave
 * (unassign), transfer (reassign) and close; no typing. Gorgias signs nothing: a delivery "signed" with another key
 * has another secret header, one over another body names another connection, a stale one's ticket was updated an
 * hour ago. Beside the contract: a known customer and a ticket a crash left are taken, not made again; internal
 * notes are never relayed; the visitor's files reach the ticket as the customer's.
 */
class GorgiasContractTest extends ConnectorContract {
  @Override
  protected ContractHarness harness() {
    return new GorgiasHarness();
  }

  static final class GorgiasHarness implements ContractHarness {
    private RoundRobinBalancer door;

    @Override
    public Platform platform() {
      return Platform.gorgias;
    }

    @Override
    public String simulator() {
      return GorgiasSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return GorgiasSeeds.CONNECTION;
    }

    @Override
    public HelpdeskSandbox startSandbox(SandboxConfig config) {
      return GorgiasSeeds.sandbox(config);
    }

    @Override
    public synchronized Instance start(ConnectorFixture fx, String instanceId) throws Exception {
      if (door == null) {
        door = new RoundRobinBalancer();
        GorgiasSeeds.connection(fx, GorgiasSeeds.CONNECTION, Map.of(), GorgiasSeeds.secrets(fx));
      }
      PlatformAlone<GorgiasConnector> service = GorgiasSeeds.connector(fx, door, instanceId);
      GorgiasSeeds.awaitActive(service, GorgiasSeeds.CONNECTION);
      return new BalancedInstance(service, door);
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return GorgiasSeeds.startChat(GorgiasSeeds.CONNECTION, visitorName, visitorName.toLowerCase() + "@example.com",
          null, List.of(), null);
    }

    /** The ticket carrying the handover id as its {@code external_id}. */
    @Override
    public Optional<DeskChat> deskChat(ConnectorFixture fx, String conversation, String visitorName) {
      return deskChatOfHandover(fx, conversation, "External id");
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      faults(fx).failNext("tickets", 400, null, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "tickets/" + chat.id() + "/messages";
    }

    @Override
    public Optional<Webhooks> webhooks() {
      return Optional.of(new Webhooks() {
        @Override
        public String lastDelivered(ConnectorFixture fx, DeskChat chat) {
          return GorgiasSeeds.gorgias(fx).deliveries().stream()
              .filter(d -> d.status() == 200 && d.body().contains("\"ticket_id\":\"" + chat.id() + "\""))
              .reduce((a, b) -> b).orElseThrow().body();
        }

        @Override
        public String forged(String body) {
          return body.replaceFirst("\"ticket_status\":\"[a-z]+\"", "\"ticket_status\":\"closed\"")
              .replaceFirst("\"ticket_updated_datetime\":\"[^\"]+\"", "\"ticket_updated_datetime\":\""
                  + Instant.now() + "\"");
        }

        @Override
        public int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception {
          int port = ((BalancedInstance) instance).connector().webhookPort();
          String secret = GorgiasSeeds.webhookSecret(fx, GorgiasSeeds.CONNECTION);
          return switch (signing) {
            case FRESH -> GorgiasSeeds.post(port, body, secret);
            case STALE -> GorgiasSeeds.post(port, body.replaceFirst("\"ticket_updated_datetime\":\"[^\"]+\"",
                "\"ticket_updated_datetime\":\"" + Instant.now().minus(1, ChronoUnit.HOURS) + "\""), secret);
            case OTHER_KEY -> GorgiasSeeds.post(port, body, secret.substring(1) + "0");
            case OTHER_BODY -> GorgiasSeeds.post(port, body.replace(GorgiasSeeds.CONNECTION,
                "another-connection"), secret);
            case NONE -> GorgiasSeeds.post(port, body, null);
          };
        }
      });
    }
  }

  private GorgiasSimulator gorgias() {
    return GorgiasSeeds.gorgias(fx);
  }

  /** A started handover, queued: its ticket. */
  private GorgiasSimulator.Ticket open(String conversation, String name, String email, List<String> tags) {
    fx.start(conversation, GorgiasSeeds.startChat(GorgiasSeeds.CONNECTION, name, email, null, tags, null));
    assertEquals(List.of(queued()), normal(fx.agentEventsOf(conversation, 1)));
    return gorgias().ticketByExternalId("h-" + conversation).orElseThrow();
  }

  @Test
  void aKnownCustomerIsFoundByEmailAndATicketACrashLeftIsTakenNotOpenedAgain() throws Exception {
    String email = "cy-" + fx.run + "@example.com";
    long known = GorgiasSeeds.api(fx, "POST", "/customers", "{\"email\":\"" + email + "\",\"name\":\"Cy Known\"}")
        .path("id").asLong();
    String c = "crash-" + fx.run;
    // a run before the crash created the ticket and died before its link recorded it
    long left = GorgiasSeeds.api(fx, "POST", "/tickets", "{\"customer\":{\"id\":" + known + "},\"channel\":\"chat\","
        + "\"via\":\"api\",\"from_agent\":false,\"external_id\":\"h-" + c + "\",\"messages\":[{\"channel\":\"chat\","
        + "\"via\":\"api\",\"from_agent\":false,\"sender\":{\"id\":" + known + "},\"body_text\":\"I need a human\","
        + "\"sent_datetime\":\"2026-11-29T10:00:00Z\"}]}").path("id").asLong();
    int before = gorgias().allTickets().size();
    try (Running running = running()) {
      GorgiasSimulator.Ticket t = open(c, "Cy Known", email, List.of("again"));
      assertEquals(left, t.id());
      assertEquals(before, gorgias().allTickets().size(), "no second ticket");
      assertEquals(known, t.customerId());
      assertEquals(List.of("again"), t.tags());
      desk.accept(Long.toString(left), "Alex");
      desk.say(Long.toString(left), "found you");
      assertEquals(List.of(queued(), joined("Alex"), said("Alex", "found you")), normal(fx.agentEventsOf(c, 3)));
    }
  }

  @Test
  void internalNotesAreNeverRelayedAndVisitorFilesArriveAsTheCustomers() throws Exception {
    String c = "notes-" + fx.run;
    try (Running running = running()) {
      GorgiasSimulator.Ticket t = open(c, "Di Notes", "di-" + fx.run + "@example.com", List.of());
      String id = Long.toString(t.id());
      desk.accept(id, "Alex");
      gorgias().internalNote(t.id(), "she is a VIP, be nice");
      desk.say(id, "hello Di");
      fx.say(c, "v1-" + c, "my receipt", List.of(new Attachment("https://files.example/r.pdf", "r.pdf",
          "application/pdf", 1234L)));
      assertEquals(List.of(queued(), joined("Alex"), said("Alex", "hello Di")), normal(fx.agentEventsOf(c, 3)));
      Eventually.until(ConnectorFixture.PATIENCE, "the visitor's file in Gorgias",
          () -> gorgias().ticket(t.id()).orElseThrow().messages().size() == 5);
      GorgiasMessage file = gorgias().ticket(t.id()).orElseThrow().messages().get(4);
      assertFalse(file.fromAgent());
      assertEquals("my receipt", file.bodyText());
      assertEquals("v1-" + c, file.externalId());
      assertEquals(List.of(new GorgiasMessage.Attachment("https://files.example/r.pdf", "r.pdf", "application/pdf",
          1234L)), file.attachments());
      assertEquals(List.of("customer: I need a human", "agent: Bot: Connecting you to an agent",
          "agent/note: she is a VIP, be nice", "agent/sent by Gorgias: hello Di", "customer: my receipt"),
          GorgiasSeeds.lines(gorgias().ticket(t.id()).orElseThrow()));
      desk.say(id, "got it");
      assertEquals(List.of(queued(), joined("Alex"), said("Alex", "hello Di"), said("Alex", "got it")),
          normal(fx.agentEventsOf(c, 4)));
    }
  }

  /**
   * Deliveries lost while an agent wrote, handed the ticket on and the next one wrote: the ticket read at the next
   * delivery gives it all, in the ticket's order, the first agent's words before the transfer.
   */
  @Test
  void whatLostDeliveriesMissedComesFromTheTicketInItsOrder() throws Exception {
    try (Running running = running()) {
      String c = "lost-" + fx.run;
      String id = Long.toString(open(c, "Lu Lost", "lu-" + fx.run + "@example.com", List.of()).id());
      desk.accept(id, "Alex");
      assertEquals(List.of(queued(), joined("Alex")), normal(fx.agentEventsOf(c, 2)));
      int lost = 3 * 2; // three changes, each given up after two tries
      gorgias().retrySchedule(WebhookSender.RetrySchedule.doubling(2, Duration.ofMillis(50)), Duration.ofSeconds(5));
      gorgias().makeDeliveriesUnreachable(lost);
      desk.say(id, "handing you over");
      desk.transfer(id, "Bea");
      desk.say(id, "Bea here");
      String ticket = "\"ticket_id\":\"" + id + "\"";
      Eventually.until(ConnectorFixture.PATIENCE, "Gorgias gave up on three deliveries", () -> gorgias().deliveries()
          .stream().filter(d -> d.status() == 0 && d.body().contains(ticket)).count() == lost);
      gorgias().retrySchedule(GorgiasSeeds.RETRIES, Duration.ofSeconds(5));
      desk.say(id, "still here");
      assertEquals(List.of(queued(), joined("Alex"), said("Alex", "handing you over"), transferred("Bea"),
          said("Bea", "Bea here"), said("Bea", "still here")), normal(fx.agentEventsOf(c, 6)));
    }
  }
}
