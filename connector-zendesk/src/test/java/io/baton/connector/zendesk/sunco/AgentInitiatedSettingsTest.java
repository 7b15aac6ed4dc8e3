package io.baton.connector.zendesk.sunco;

import static io.baton.connector.zendesk.sunco.AgentInitiatedConversationTest.handovers;
import static io.baton.connector.zendesk.sunco.AgentInitiatedConversationTest.inactiveReason;
import static io.baton.connector.zendesk.sunco.AgentInitiatedConversationTest.postSigned;
import static io.baton.connector.zendesk.sunco.AgentInitiatedConversationTest.supportCall;
import static io.baton.connector.zendesk.sunco.AgentInitiatedConversationTest.supportConnection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent-initiated filter's settings ({@code agentInitiated.statuses}, {@code agentInitiated.endUsers}) decide
 * both which tickets the connector links and the trigger it installs; no router needed: a link is its handover on
 * the router's input and the ticket's {@code baton_linked} tag.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AgentInitiatedSettingsTest {
  static final String SUPPORT = "4e8a2b17-support-filter";

  @Test
  void statusesAndEndUsersDecideWhatIsLinkedAndTheTrigger(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = SuncoSeeds.fixture(broker); RoundRobinBalancer door = new RoundRobinBalancer()) {
      SuncoSeeds.setUp(fx, door);
      supportConnection(fx, SUPPORT, SuncoSeeds.CONNECTION, Map.of());
      supportConnection(fx, SUPPORT + "-waiting", SuncoSeeds.CONNECTION, Map.of("agentInitiated.statuses",
          "new,hold,waiting"));
      supportConnection(fx, SUPPORT + "-none", SuncoSeeds.CONNECTION, Map.of("agentInitiated.statuses", " , "));
      ZendeskConnector connector = SuncoSeeds.connector(fx, door, "filter-" + fx.run);
      try {
        assertEquals("'agentInitiated.statuses' has 'waiting', which is not one of new, open, pending, hold "
            + "(comma-separated Zendesk ticket statuses)", inactiveReason(fx, SUPPORT + "-waiting"));
        assertEquals("'agentInitiated.statuses' lists no status: name one or more of new, open, pending, hold, "
            + "comma-separated", inactiveReason(fx, SUPPORT + "-none"));
        Eventually.until(ConnectorFixture.PATIENCE, "the Support connection active",
            () -> connector.support().connections().isActive(SUPPORT));
        assertEquals(conditions("[" + tags() + "," + notEndUser() + "]", statuses("new", "open", "pending")),
            trigger(fx).path("conditions"), "the seed's filter by default");
        assertFalse(connector.support().connections().isActive(SUPPORT + "-waiting"));

        String kim = "kim-" + fx.run + "@example.com";
        String lee = "lee-" + fx.run + "@example.com";
        for (String email : List.of(kim, lee)) {
          SuncoSeeds.sunco(fx, "POST", "/users", "{\"externalId\":\"" + email + "\",\"profile\":{\"email\":\""
              + email + "\"}}");
        }
        long admin = supportCall(fx, "GET", "/users/me", null).path("user").path("id").asLong();
        // An agent's ticket on hold (the API user submits it), and a ticket whose submitter is the end user.
        long onHold = supportCall(fx, "POST", "/tickets", "{\"ticket\":{\"subject\":\"Waiting on stock\","
            + "\"status\":\"hold\",\"submitter_id\":" + admin + ",\"comment\":{\"body\":\"Your order is on hold\"},"
            + "\"requester\":{\"name\":\"Kim\",\"email\":\"" + kim + "\"},\"tags\":[\"sunco_send\"]}}")
            .path("ticket").path("id").asLong();
        long byEndUser = supportCall(fx, "POST", "/tickets", "{\"ticket\":{\"subject\":\"Mine\","
            + "\"comment\":{\"body\":\"from the end user\"},\"requester\":{\"name\":\"Lee\",\"email\":\"" + lee
            + "\"},\"tags\":[\"sunco_send\"]}}").path("ticket").path("id").asLong();
        // The trigger fires for the end user's (the current user is the API user) and the connector leaves it; it
        // does not fire for the one on hold, and a delivery about it anyway is answered and links nothing.
        Eventually.until(ConnectorFixture.PATIENCE, "the end user's ticket answered", () -> fx.sandbox.zendesk()
            .webhookDeliveries().stream().anyMatch(d -> d.status() == 200 && d.body().contains("\"agent_initiated\"")
                && d.body().contains("\"" + byEndUser + "\"")));
        assertEquals(200, postSigned(fx, connector, SUPPORT, "{\"baton\":\"agent_initiated\",\"ticket_id\":\""
            + onHold + "\",\"updated_at\":\"x\",\"comment_id\":\"\",\"status\":\"Hold\"}"));
        assertFalse(fx.sandbox.zendesk().webhookDeliveries().stream().anyMatch(d -> d.body().contains(
            "\"agent_initiated\"") && d.body().contains("\"" + onHold + "\"")), "no trigger for a ticket on hold");
        assertEquals(List.of(), handovers(fx, SUPPORT));
        assertFalse(linked(fx, onHold));
        assertFalse(linked(fx, byEndUser));

        // Hold and end users' tickets let in: activation updates the trigger, and the next update of each links it.
        supportConnection(fx, SUPPORT, SuncoSeeds.CONNECTION, Map.of("agentInitiated.statuses", "new,open,pending,hold",
            "agentInitiated.endUsers", "true"));
        JsonNode wanted = conditions("[" + tags() + "]", statuses("new", "open", "pending", "hold"));
        Eventually.until(ConnectorFixture.PATIENCE, "the trigger updated", () -> wanted.equals(trigger(fx)
            .path("conditions")));
        // Deliveries are checked with what the activation learns: the part takes them again once it is done.
        Eventually.until(ConnectorFixture.PATIENCE, "the Support connection active again",
            () -> connector.support().connections().isActive(SUPPORT));
        for (long ticket : List.of(onHold, byEndUser)) {
          supportCall(fx, "PUT", "/tickets/" + ticket, "{\"ticket\":{\"comment\":{\"body\":\"We will write to you "
              + "here\",\"public\":true}}}");
          try {
            Eventually.until(java.time.Duration.ofSeconds(5), "ticket " + ticket + " linked", () -> linked(fx, ticket));
          } catch (AssertionError e) {
            System.out.println("DEBUGX " + fx.sandbox.zendesk().ticket(ticket).orElseThrow());
            fx.sandbox.zendesk().webhookDeliveries().forEach(d -> System.out.println("DEBUGX " + d));
            System.out.println("DEBUGX " + trigger(fx));
            throw e;
          }
        }
        assertEquals(Set.of(Long.toString(onHold), Long.toString(byEndUser)), Set.copyOf(handovers(fx, SUPPORT)));
        assertEquals(2, handovers(fx, SUPPORT).size());
        assertEquals(List.of(), SuncoSeeds.specViolations(fx));
      } finally {
        connector.stop();
      }
    }
  }

  /** Baton's agent-initiated trigger of the connection, as Zendesk's API lists it. */
  private static JsonNode trigger(ConnectorFixture fx) {
    for (JsonNode t : supportCall(fx, "GET", "/triggers", null).path("triggers")) {
      if (("Baton " + SUPPORT + ": agent initiated").equals(t.path("title").asText())) {
        return t;
      }
    }
    throw new AssertionError("no agent-initiated trigger of " + SUPPORT);
  }

  private static boolean linked(ConnectorFixture fx, long ticket) {
    return fx.sandbox.zendesk().ticket(ticket).orElseThrow().tags().contains("baton_linked");
  }

  private static JsonNode conditions(String all, String any) throws Exception {
    return SuncoClient.JSON.readTree("{\"all\":" + all + ",\"any\":" + any + "}");
  }

  private static String tags() {
    return "{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"sunco_send\"},"
        + "{\"field\":\"current_tags\",\"operator\":\"not_includes\",\"value\":\"baton_linked\"}";
  }

  private static String notEndUser() {
    return "{\"field\":\"role\",\"operator\":\"is_not\",\"value\":\"end_user\"}";
  }

  private static String statuses(String... statuses) {
    return "[" + String.join(",", java.util.Arrays.stream(statuses)
        .map(s -> "{\"field\":\"status\",\"operator\":\"is\",\"value\":\"" + s + "\"}").toList()) + "]";
  }
}
