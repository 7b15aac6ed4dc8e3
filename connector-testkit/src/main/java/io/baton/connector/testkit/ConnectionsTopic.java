package io.baton.connector.testkit;

import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * connections.v1 on a fixture's broker as the ingress keeps it: connections written with their secrets sealed, the
 * latest record of each read back, a status waited for, a connection switched off.
 */
public final class ConnectionsTopic {
  /** The local stack's sealed-secrets key: test connectors open connections' secrets with it. */
  public static final SealedSecrets SECRETS = new SealedSecrets(Base64.getDecoder().decode(
      "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="));

  private ConnectionsTopic() {}

  /** Writes a new connection (tenant acme, enabled, pending, named by its id) with its secrets sealed. */
  public static void pending(ConnectorFixture fx, Platform platform, String id, Map<String, String> settings,
      Map<String, String> secrets) {
    write(fx, Connection.newBuilder().setConnectionId(id).setTenant(ConnectorFixture.TENANT).setPlatform(platform)
        .setName(id).setEnabled(true).setSettings(settings)
        .setEncryptedSecrets(ByteBuffer.wrap(SECRETS.seal(ConnectorFixture.TENANT, id, secrets)))
        .setStatus(ConnectionStatus.pending).setUpdatedAt(Instant.now()).build());
  }

  /** Writes the record as it is, keyed by its connection id. */
  public static void write(ConnectorFixture fx, Connection c) {
    try (KafkaProducer<String, Connection> admin = new KafkaProducer<>(fx.settings.producerProperties(
        "test-admin-" + UUID.randomUUID()), Topics.CONNECTIONS.keySerde().serializer(),
        Topics.CONNECTIONS.valueSerde().serializer())) {
      admin.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), c.getConnectionId(), c)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The latest record of each connection. */
  public static Map<String, Connection> latest(ConnectorFixture fx) {
    Map<String, Connection> latest = new HashMap<>();
    fx.kafka.readAll(Topics.CONNECTIONS.name(), Topics.CONNECTIONS.keySerde().deserializer(),
        Topics.CONNECTIONS.valueSerde().deserializer()).forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }

  /** Waits until the connection's latest record has this status; that record. */
  public static Connection awaitStatus(ConnectorFixture fx, String id, ConnectionStatus status) {
    Connection[] seen = new Connection[1];
    Eventually.until(ConnectorFixture.PATIENCE, id + " " + status, () -> {
      seen[0] = latest(fx).get(id);
      return seen[0] != null && seen[0].getStatus() == status;
    });
    return seen[0];
  }

  /** Waits until the latest record of every one of these connections has this status. */
  public static void awaitStatus(ConnectorFixture fx, Collection<String> ids, ConnectionStatus status) {
    Eventually.until(ConnectorFixture.PATIENCE, "every one of " + ids + " " + status, () -> {
      Map<String, Connection> latest = latest(fx);
      return ids.stream().allMatch(id -> latest.get(id) != null && latest.get(id).getStatus() == status);
    });
  }

  /** Switches the connection off, so connectors of later classes on the shared broker leave it alone. */
  public static void retire(ConnectorFixture fx, String id) {
    Connection latest = latest(fx).get(id);
    if (latest != null) {
      write(fx, Connection.newBuilder(latest).setEnabled(false).build());
    }
  }
}
