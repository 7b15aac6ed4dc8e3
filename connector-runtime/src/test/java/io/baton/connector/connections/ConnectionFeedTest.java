package io.baton.connector.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.secrets.KeyRing;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ConnectionFeedTest {
  private static final SealedSecrets SECRETS = new SealedSecrets(Base64.getDecoder().decode(
      "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="));
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void handsOnCredentialChangesOnlyAndWritesVerdictsBack(KafkaBroker broker) throws Exception {
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(kafka, Topics.all());
    String run = UUID.randomUUID().toString().substring(0, 6);
    String ok = "ok-" + run;
    String broken = "broken-" + run;
    String other = "other-" + run;
    String refused = "refused-" + run;
    String retried = "retried-" + run;
    List<String> handedOn = new CopyOnWriteArrayList<>();
    try (KafkaProducer<String, Connection> admin = admin(kafka, run)) {
      admin.send(record(dixa(ok, "t1"))).get();
      admin.send(record(connection(broken, Platform.dixa, SECRETS.seal("acme", "elsewhere", Map.of("token", "t")))))
          .get();
      admin.send(record(connection(other, Platform.kustomer, SECRETS.seal("acme", other, Map.of("token", "k"))))).get();
      // saved inactive by the ingress: its token is active in another connection
      Connection inactive = Connection.newBuilder(dixa(refused, "t1")).setStatus(ConnectionStatus.inactive)
          .setStatusReason("this Chat2Desk token is already active in connection " + ok).build();
      admin.send(record(inactive)).get();
      // found inactive by a connector before a restart (its platform was down): tried again
      admin.send(record(Connection.newBuilder(dixa(retried, "t3")).setStatus(ConnectionStatus.inactive)
          .setStatusReason("Dixa answered 503")
          .setStatusByConnector(true).build())).get();
      ConnectionFeed[] feed = new ConnectionFeed[1];
      feed[0] = new ConnectionFeed(kafka, Platform.dixa, SECRETS, (c, secrets) -> {
        if (c.getConnectionId().endsWith(run)) {
          handedOn.add(c.getConnectionId() + ":" + secrets.get("token"));
          feed[0].report(c.getConnectionId(), ConnectionStatus.active, null);
        }
      });
      feed[0].start();
      try {
        Eventually.until(PATIENCE, "verdicts on connections.v1", () -> {
          Map<String, Connection> latest = latest(broker);
          return latest.get(ok).getStatus() == ConnectionStatus.active
              && latest.get(broken).getStatus() == ConnectionStatus.inactive
              && latest.get(retried).getStatus() == ConnectionStatus.active;
        });
        assertEquals("connection " + broken + ": secrets do not decrypt with key legacy",
            latest(broker).get(broken).getStatusReason());
        assertEquals(ConnectionStatus.pending, latest(broker).get(other).getStatus(), "another platform's");
        // (in any order: they are on different partitions of connections.v1)
        assertEquals(Set.of(ok + ":t1", retried + ":t3"), Set.copyOf(handedOn),
            "the ingress's refusal is not overridden");
        assertTrue(latest(broker).get(retried).getStatusByConnector());
        assertEquals(inactive, latest(broker).get(refused));

        // New credentials are handed on again; the feed's own status write was not.
        admin.send(record(dixa(ok, "t2"))).get();
        Eventually.until(PATIENCE, "the new token handed on", () -> handedOn.size() == 3);
        assertEquals(ok + ":t2", handedOn.get(2));
        // admitted by the ingress once the token is free: handed on
        admin.send(record(Connection.newBuilder(inactive).setStatus(ConnectionStatus.pending).setStatusReason(null)
            .setUpdatedAt(Instant.now()).build())).get();
        Eventually.until(PATIENCE, "the admitted connection handed on", () -> handedOn.size() == 4);
        assertEquals(List.of(ok + ":t2", refused + ":t1"), handedOn.subList(2, 4));
      } finally {
        feed[0].close();
      }
    }
  }

  @Test
  void tellsTheConnectorOnceWhenAConnectionItWasGivenIsDisabledDeletedOrRefused(KafkaBroker broker) throws Exception {
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(kafka, Topics.all());
    String run = UUID.randomUUID().toString().substring(0, 6);
    String given = "given-" + run;
    String never = "never-" + run;
    List<String> told = new CopyOnWriteArrayList<>();
    try (KafkaProducer<String, Connection> admin = admin(kafka, run)) {
      admin.send(record(dixa(given, "t1"))).get();
      admin.send(record(Connection.newBuilder(dixa(never, "t")).setEnabled(false).build())).get();
      ConnectionFeed feed = new ConnectionFeed(kafka, Platform.dixa, SECRETS, new ConnectionFeed.Listener() {
        @Override
        public void changed(Connection c, Map<String, String> secrets) {
          if (c.getConnectionId().endsWith(run)) {
            told.add(c.getConnectionId() + ":" + secrets.get("token"));
          }
        }

        @Override
        public void removed(Connection c) {
          if (c.getConnectionId().endsWith(run)) {
            told.add("removed " + c.getConnectionId());
          }
        }
      });
      feed.start();
      try {
        Eventually.until(PATIENCE, "the connection handed on", () -> told.size() == 1);
        // Disabled, then deleted: told once (to undo what activation set up); a connection never given is not told.
        Connection c = dixa(given, "t1");
        admin.send(record(Connection.newBuilder(c).setEnabled(false).build())).get();
        admin.send(record(Connection.newBuilder(c).setStatus(ConnectionStatus.deleted).build())).get();
        admin.send(record(Connection.newBuilder(dixa(never, "t")).setStatus(ConnectionStatus.deleted).build())).get();
        admin.send(record(dixa(given, "t2"))).get();
        Eventually.until(PATIENCE, "enabled again", () -> told.size() == 3);
        // Given a token the ingress refuses (held by another connection): taken back too, so its activation stops.
        admin
            .send(record(Connection.newBuilder(dixa(given, "t3")).setStatus(ConnectionStatus.inactive)
                .setStatusReason("held elsewhere").build()))
            .get();
        Eventually.until(PATIENCE, "taken back", () -> told.size() == 4);
        assertEquals(List.of(given + ":t1", "removed " + given, given + ":t2", "removed " + given), told);
      } finally {
        feed.close();
      }
    }
  }

  @Test
  void aChangeThatLandsWhileTheVerdictIsWrittenIsNotLost(KafkaBroker broker) throws Exception {
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(kafka, Topics.all());
    String run = UUID.randomUUID().toString().substring(0, 6);
    String id = "raced-" + run;
    List<String> handedOn = new CopyOnWriteArrayList<>();
    try (KafkaProducer<String, Connection> admin = admin(kafka, run)) {
      Connection first = dixa(id, "t1");
      Connection second = Connection.newBuilder(dixa(id, "t2")).setSettings(Map.of("queue", "2")).build();
      admin.send(record(first)).get();
      ConnectionFeed[] feed = new ConnectionFeed[1];
      feed[0] = new ConnectionFeed(kafka, Platform.dixa, SECRETS, (c, secrets) -> {
        if (!c.getConnectionId().equals(id)) {
          return;
        }
        handedOn.add(secrets.get("token"));
        if (handedOn.size() == 1) {
          // The administrator saves new credentials before the verdict on the old ones is written, which the feed
          // cannot have read yet: its verdict is built on the old record and lands after the new one.
          try {
            admin.send(record(second)).get();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        feed[0].report(id, ConnectionStatus.active, null);
      });
      feed[0].start();
      try {
        Eventually.until(PATIENCE, "the new credentials active", () -> {
          Connection last = latest(broker).get(id);
          return last.getStatus() == ConnectionStatus.active && last.getSettings().equals(Map.of("queue", "2"));
        });
        Connection last = latest(broker).get(id);
        assertEquals("t2", SECRETS.open("acme", id, last.getEncryptedSecrets().array()).get("token"));
        // the old token once; the new one when read, and again once the record it overwrote was written back
        assertEquals(List.of("t1", "t2", "t2"), handedOn);
      } finally {
        feed[0].close();
      }
    }
  }

  @Test
  void aRotatedKeyKeepsConnectionsOpenAndAReSealIsNoChange(KafkaBroker broker) throws Exception {
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(kafka, Topics.all());
    String run = UUID.randomUUID().toString().substring(0, 6);
    String id = "rotated-" + run;
    String foreign = "foreign-" + run;
    byte[] k2 = new byte[32];
    k2[0] = 2;
    SealedSecrets added = new SealedSecrets(KeyRing.of(List.of(Map.entry(KeyRing.LEGACY, key()), Map.entry("k2", k2))));
    SealedSecrets rotated = new SealedSecrets(KeyRing.of(List.of(Map.entry("k2", k2), Map.entry(KeyRing.LEGACY,
        key()))));
    SealedSecrets k3 = new SealedSecrets(KeyRing.of(List.of(Map.entry("k3", new byte[16]))));
    List<String> handedOn = new CopyOnWriteArrayList<>();
    try (KafkaProducer<String, Connection> admin = admin(kafka, run)) {
      admin.send(record(dixa(id, "t1"))).get();
      ConnectionFeed.Listener listener = (c, secrets) -> {
        if (c.getConnectionId().endsWith(run)) {
          handedOn.add(c.getConnectionId() + ":" + secrets.get("token"));
        }
      };
      try (ConnectionFeed feed = new ConnectionFeed(kafka, Platform.dixa, rotated, listener)) {
        feed.start();
        Eventually.until(PATIENCE, "the connection sealed before the rotation handed on", () -> handedOn.size() == 1);
        // re-sealed under k2 (same secrets: nothing for the connector to redo), then given a new token
        byte[] resealed = added.seal("acme", id, Map.of("token", "t1"));
        assertEquals(1, resealed[0], "k2 second: still sealed by the legacy key");
        admin.send(record(connection(id, Platform.dixa, rotated.seal("acme", id, Map.of("token", "t1"))))).get();
        admin.send(record(connection(id, Platform.dixa, rotated.seal("acme", id, Map.of("token", "t2"))))).get();
        admin.send(record(connection(foreign, Platform.dixa, k3.seal("acme", foreign, Map.of("token", "t9"))))).get();
        Eventually.until(PATIENCE, "the new token handed on", () -> handedOn.size() == 2);
        assertEquals(List.of(id + ":t1", id + ":t2"), handedOn, "the re-seal between was not handed on");
        Eventually.until(PATIENCE, "the unknown key's connection refused",
            () -> latest(broker).get(foreign).getStatus() == ConnectionStatus.inactive);
        assertEquals("connection " + foreign + ": secrets sealed with key k3, which is not among this service's "
            + "secrets keys [k2, legacy] (BATON_INGRESS_SECRETS_KEYS)", latest(broker).get(foreign).getStatusReason());
      }
      // the old key dropped: a connector starting now (replaying the topic) ends on what was re-sealed
      SealedSecrets dropped = new SealedSecrets(KeyRing.of(List.of(Map.entry("k2", k2))));
      handedOn.clear();
      try (ConnectionFeed feed = new ConnectionFeed(kafka, Platform.dixa, dropped, listener)) {
        feed.start();
        Eventually.until(PATIENCE, "handed on after the old key went", () -> !handedOn.isEmpty()
            && handedOn.get(handedOn.size() - 1).equals(id + ":t2")
            && latest(broker).get(id).getStatus() == ConnectionStatus.pending);
        assertEquals(Map.of("token", "t2"), dropped.open("acme", id, latest(broker).get(id).getEncryptedSecrets()
            .array()));
      }
    }
  }

  private static byte[] key() {
    return Base64.getDecoder().decode("ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk=");
  }

  /** What the ingress is to connections.v1: the writer of its records. */
  private static KafkaProducer<String, Connection> admin(KafkaSettings kafka, String run) {
    return new KafkaProducer<>(kafka.producerProperties("admin-" + run), Topics.CONNECTIONS.keySerde().serializer(),
        Topics.CONNECTIONS.valueSerde().serializer());
  }

  private static ProducerRecord<String, Connection> record(Connection c) {
    return new ProducerRecord<>(Topics.CONNECTIONS.name(), c.getConnectionId(), c);
  }

  /** A Dixa connection of tenant acme with {@code token} sealed under the test's key. */
  private static Connection dixa(String id, String token) {
    return connection(id, Platform.dixa, SECRETS.seal("acme", id, Map.of("token", token)));
  }

  private static Connection connection(String id, Platform platform, byte[] sealed) {
    return Connection.newBuilder().setConnectionId(id).setTenant("acme").setPlatform(platform).setName(id)
        .setEnabled(true).setEncryptedSecrets(ByteBuffer.wrap(sealed)).setStatus(ConnectionStatus.pending)
        .setUpdatedAt(Instant.now()).build();
  }

  private static Map<String, Connection> latest(KafkaBroker broker) {
    Map<String, Connection> latest = new HashMap<>();
    broker.readAll(Topics.CONNECTIONS.name(), Topics.CONNECTIONS.keySerde().deserializer(),
        Topics.CONNECTIONS.valueSerde().deserializer()).forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }
}
