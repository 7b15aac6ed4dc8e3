package io.baton.connector.chat2desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's activation rules against the simulator, each reported on the connection in connections.v1: the token
 * works, the channel address reaches a Baton webhook server, the webhook registration succeeds (Chat2Desk's limit of 5
 * is the reason when it does not); a deactivated connection's webhook is removed, which frees a place.
 */
@ExtendWith(KafkaBrokerExtension.class)
class Chat2DeskActivationTest {

  private static List<JsonNode> hooksTo(ConnectorFixture fx, String connection) {
    return Chat2DeskSeeds.webhooks(fx).stream()
        .filter(h -> h.path("url").asText().endsWith("/webhooks/chat2desk/" + connection)).toList();
  }

  @Test
  void aConnectionIsActiveOnlyWithAWorkingTokenAReachableAddressAndItsWebhookRegistered(KafkaBroker broker)
      throws Exception {
    try (ConnectorFixture fx = Chat2DeskSeeds.fixture(broker, null, Chat2DeskSeeds.fastSimulator())) {
      // Not about Chat2Desk's request limit: the test reads the webhooks while failing activations are retried.
      fx.sandbox.chat2desk().rateLimit(false);
      Chat2DeskConnector connector = Chat2DeskSeeds.connector(fx, "activation-" + fx.run);
      try {
        // Written at once, so their activations run side by side.
        String good = "good-" + fx.run;
        String badToken = "bad-token-" + fx.run;
        String unreachable = "unreachable-" + fx.run;
        String badSetting = "bad-setting-" + fx.run;
        Chat2DeskSeeds.connection(fx, good, Map.of("operatorId", "1001"), Chat2DeskSeeds.secrets(true));
        Chat2DeskSeeds.connection(fx, badToken, Map.of(), Map.of("token", "not-the-token"));
        Chat2DeskSeeds.connection(fx, unreachable, Map.of("webhookUrl", "http://localhost:1/webhooks/chat2desk/x"),
            Chat2DeskSeeds.secrets(false));
        Chat2DeskSeeds.connection(fx, badSetting, Map.of("serviceMessages", "on"), Chat2DeskSeeds.secrets(false));

        assertEquals(null, ConnectionsTopic.awaitStatus(fx, good, ConnectionStatus.active).getStatusReason());
        List<JsonNode> registered = hooksTo(fx, good);
        assertEquals(1, registered.size());
        assertEquals("http://localhost:" + connector.webhookPort() + "/webhooks/chat2desk/" + good,
            registered.get(0).path("url").asText());
        assertEquals("[\"inbox\",\"outbox\",\"close_dialog\",\"dialog_transferred\"]",
            registered.get(0).path("events").toString());
        assertEquals("the Chat2Desk token was refused: You need to auth (401)",
            ConnectionsTopic.awaitStatus(fx, badToken, ConnectionStatus.inactive).getStatusReason());
        assertEquals("the channel address http://localhost:1/webhooks/chat2desk/x is not reachable: ConnectException",
            ConnectionsTopic.awaitStatus(fx, unreachable, ConnectionStatus.inactive).getStatusReason());
        assertEquals("the setting serviceMessages must be true or false, got 'on'",
            ConnectionsTopic.awaitStatus(fx, badSetting, ConnectionStatus.inactive).getStatusReason());
        assertEquals(List.of(), hooksTo(fx, badToken));
        assertEquals(List.of(), hooksTo(fx, unreachable));
        assertEquals(List.of(), hooksTo(fx, badSetting));

        // Someone else's webhooks fill Chat2Desk's five places (the broker is shared: connections of earlier test
        // classes are activated here too, and hold places of their own).
        try (Chat2DeskClient api = new Chat2DeskClient(Chat2DeskSeeds.apiUrl(fx), Duration.ofSeconds(5))) {
          int taken = Chat2DeskSeeds.webhooks(fx).size();
          for (int i = 0; i < 5 - taken; i++) {
            api.data(Chat2DeskCompany.TOKEN, "POST", "/webhooks", Map.of("name", "crm-" + i, "url",
                "https://crm.example.com/hook-" + i, "events", List.of("inbox"))).get();
          }
        }
        String full = "full-" + fx.run;
        Chat2DeskSeeds.connection(fx, full, Map.of(), Chat2DeskSeeds.secrets(false));
        assertEquals("the webhook registration failed: Webhooks limit exceeded (400)",
            ConnectionsTopic.awaitStatus(fx, full, ConnectionStatus.inactive).getStatusReason());
        assertEquals(List.of(), hooksTo(fx, full));
        assertTrue(connector.connections().isActive(good));

        // Deactivating the first connection removes its webhook; the waiting one takes the place.
        Connection current = ConnectionsTopic.latest(fx).get(good);
        ConnectionsTopic.write(fx, Connection.newBuilder(current).setEnabled(false).build());
        Eventually.until(ConnectorFixture.PATIENCE, "the deactivated connection's webhook removed",
            () -> hooksTo(fx, good).isEmpty());
        ConnectionsTopic.awaitStatus(fx, full, ConnectionStatus.active);
        assertEquals(1, hooksTo(fx, full).size());
      } finally {
        connector.stop();
      }
    }
  }
}
