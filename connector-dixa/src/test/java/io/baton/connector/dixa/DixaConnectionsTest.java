package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.ChatQueued;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.ConnectorCommand;
import io.baton.events.Platform;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections of connections.v1: tokens opened with the ingress's key, activation, and the status written back. */
@ExtendWith(KafkaBrokerExtension.class)
class DixaConnectionsTest {
  @Test
  void aConnectionIsActivatedWithItsSealedTokenOrLeftInactiveWithTheReason(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = DixaSeeds.fixture(broker);
         KafkaProducer<String, Connection> admin = new KafkaProducer<>(fx.settings.producerProperties("test-admin"),
             Topics.CONNECTIONS.keySerde().serializer(), Topics.CONNECTIONS.valueSerde().serializer())) {
      fx.sandbox.dixa().addToken("tok-acme-" + fx.run, "org-acme");
      String good = "conn-ok-" + fx.run;
      String bad = "conn-bad-" + fx.run;
      String none = "conn-none-" + fx.run;
      admin.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), good,
          connection(good, Map.of("token", "tok-acme-" + fx.run)))).get();
      admin.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), bad, connection(bad, Map.of("token", "wrong")))).get();
      admin.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), none, connection(none, Map.of()))).get();

      // No default token: only connections.v1 gives tokens.
      DixaConnector connector = new DixaConnector(DixaConfig.of(fx.sandbox.dixaUrl(), null, 0)
          .withConnectionSecrets(ConnectionsTopic.SECRETS), fx.settings);
      connector.start();
      try {
        Eventually.until(ConnectorFixture.PATIENCE, "statuses written back", () -> {
          Map<String, Connection> latest = ConnectionsTopic.latest(fx);
          return latest.get(good).getStatus() == ConnectionStatus.active
              && latest.get(bad).getStatus() == ConnectionStatus.inactive
              && latest.get(none).getStatus() == ConnectionStatus.inactive;
        });
        Map<String, Connection> latest = ConnectionsTopic.latest(fx);
        assertEquals(null, latest.get(good).getStatusReason());
        assertTrue(latest.get(bad).getStatusReason().contains("the webhook subscription failed")
            && latest.get(bad).getStatusReason().contains("401"), latest.get(bad).getStatusReason());
        assertFalse(latest.get(bad).getStatusReason().contains("wrong"), "the token is never shown");
        assertEquals("no Dixa API token (secret 'token')", latest.get(none).getStatusReason());
        assertTrue(connector.connections().isActive(good));

        String c = "conn-" + fx.run;
        ConnectorCommand start = fx.command(c, "start-" + c,
            DixaSeeds.startChat("conn-" + fx.run + "@example.com", null, List.of()));
        start.setConnectionId(good);
        fx.send(c, start);
        assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
        DixaConversation conversation = DixaSeeds.conversationsOf(fx, c).get(0);
        fx.sandbox.dixa().assign(conversation.id(), "Sam");
        assertEquals("Sam", ((AgentJoined) fx.agentEventsOf(c, 2).get(1)).getAgentName());
      } finally {
        connector.stop();
      }
    }
  }

  private static Connection connection(String id, Map<String, String> secrets) {
    return Connection.newBuilder().setConnectionId(id).setTenant("acme").setPlatform(Platform.dixa).setName(id)
        .setEnabled(true).setEncryptedSecrets(ByteBuffer.wrap(ConnectionsTopic.SECRETS.seal("acme", id, secrets)))
        .setStatus(ConnectionStatus.active).setUpdatedAt(Instant.now()).build();
  }

}
