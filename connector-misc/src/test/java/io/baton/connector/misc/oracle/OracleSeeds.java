package io.baton.connector.misc.oracle;

import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.HandoverRequested;
import io.baton.events.OracleChatHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.sandbox.oracle.OracleSettings;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the Oracle tests share: the sandbox with a short poll hold, the {@code oracle_chat} connection in
 * connections.v1 (the sandbox site's URL, queue 1, the API user's sealed credentials), a connector instance, and the
 * seed payload (the visitor's name in the session information, as the desk shows it).
 */
final class OracleSeeds {
  static final String CONNECTION = "9d3c2b1a-0f4e-4c6d-8a7b-5e1f2d3c4b5a";
  static final SealedSecrets SECRETS = new SealedSecrets(java.util.Base64.getDecoder().decode(
      "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="));
  /** A short poll hold; a resumed chat waits out one hold before polling, as it waits out Oracle's 30 s. */
  static final Duration HOLD = Duration.ofMillis(400);
  static final List<TranscriptEntry> TRANSCRIPT = List.of(
      new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.EPOCH),
      new TranscriptEntry(TranscriptRole.bot, "Connecting you to an agent", Instant.EPOCH.plusSeconds(1)));

  private OracleSeeds() {}

  static HelpdeskSandbox sandbox(SandboxConfig config) {
    return sandbox(config, OracleSettings.defaults().withPollHold(HOLD));
  }

  static HelpdeskSandbox sandbox(SandboxConfig config, OracleSettings oracle) {
    return HelpdeskSandbox.start(config, null, null, null, oracle);
  }

  static OracleChatSimulator oracle(ConnectorFixture fx) {
    return fx.sandbox.oracle();
  }

  /** The connection's settings: the sandbox's site, queue 1, the availability check on. */
  static Map<String, String> settings(ConnectorFixture fx) {
    return Map.of("siteUrl", fx.sandbox.oracleSiteUrl(), "queueId", "1", "interfaceId", "1");
  }

  /** Writes the connection into connections.v1 (tenant acme) with the sandbox's API user. */
  static void connection(ConnectorFixture fx, Map<String, String> settings) {
    Map<String, String> secrets = Map.of("username", oracle(fx).username(), "password", oracle(fx).password());
    Connection c = Connection.newBuilder().setConnectionId(CONNECTION).setTenant(ConnectorFixture.TENANT)
        .setPlatform(Platform.oracle_chat).setName("oracle").setEnabled(true).setSettings(settings)
        .setEncryptedSecrets(ByteBuffer.wrap(SECRETS.seal(ConnectorFixture.TENANT, CONNECTION, secrets)))
        .setStatus(ConnectionStatus.pending).setUpdatedAt(Instant.now()).build();
    try (KafkaProducer<String, Connection> admin = new KafkaProducer<>(fx.settings.producerProperties(
        "test-admin-" + UUID.randomUUID()), Topics.CONNECTIONS.keySerde().serializer(),
        Topics.CONNECTIONS.valueSerde().serializer())) {
      admin.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), CONNECTION, c)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A connector instance (started, its connection active). */
  static OracleConnector connector(ConnectorFixture fx, String instanceId) {
    OracleConnector connector = new OracleConnector(OracleConfig.defaults().withResumePollDelay(HOLD.plusMillis(200))
        .withHost(HostConfig.defaults(OracleConfig.LIMITS).withInstanceId(instanceId)), SECRETS, fx.settings);
    connector.start();
    Eventually.until(ConnectorFixture.PATIENCE, "the Oracle connection active",
        () -> connector.connections().isActive(CONNECTION));
    return connector;
  }

  static StartChat startChat(String visitor, String sessionInformation) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId("ignored")
        .setPlatform(Platform.oracle_chat).setConnectionId(CONNECTION)
        .setPayload(OracleChatHandover.newBuilder().setSessionInformation(sessionInformation).build())
        .setContext(VisitorContext.newBuilder().setName(visitor).build()).build();
    return new StartChat(request, TRANSCRIPT);
  }

  /** The seed's payload: the visitor's name and email in the session information. */
  static StartChat startChat(String visitor) {
    return startChat(visitor, "{\"firstName\":\"" + visitor + "\",\"emailAddress\":\"" + visitor.toLowerCase()
        + "@example.com\"}");
  }
}
