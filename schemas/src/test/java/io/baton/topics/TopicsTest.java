package io.baton.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.Platform;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicsTest {

  @Test
  void createsEveryCatalogueTopicOnARealBrokerAndIsIdempotent(KafkaBroker kafka) throws Exception {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    TopicProvisioner.ensure(settings, Topics.all()); // a second service starting finds them there

    try (Admin admin = kafka.admin()) {
      Set<String> names = admin.listTopics().names().get();
      Set<String> expected = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
      assertTrue(names.containsAll(expected), "missing: " + expected.stream().filter(n -> !names.contains(n)).toList());

      TopicDescription events = admin.describeTopics(Set.of("conversation.events.v2")).allTopicNames().get()
          .get("conversation.events.v2");
      assertEquals(Topics.PARTITIONS, events.partitions().size());

      Map<ConfigResource, org.apache.kafka.clients.admin.Config> configs = admin.describeConfigs(Set.of(
          new ConfigResource(ConfigResource.Type.TOPIC, "connections.v1"),
          new ConfigResource(ConfigResource.Type.TOPIC, "conversation.events.v2"))).all().get();
      assertEquals("compact", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "connections.v1"))
          .get("cleanup.policy").value());
      assertEquals(String.valueOf(90L * 24 * 3600 * 1000), configs.get(
          new ConfigResource(ConfigResource.Type.TOPIC, "conversation.events.v2")).get("retention.ms").value());
    }
  }

  @Test
  void namesFollowTheContract() {
    assertEquals("connector.salesforce.commands.v2", Topics.connectorCommands(Platform.salesforce).name());
    assertEquals("connector.dixa.links.v1", Topics.connectorLinks(Platform.dixa).name());
    assertEquals(TopicSpec.Cleanup.COMPACT, Topics.connectorLinks(Platform.dixa).cleanup());
    assertEquals("conversation.inputs.v1.dlq", Topics.deadLetters(Topics.CONVERSATION_INPUTS.name()).name());
    assertEquals("connectors.presence.v1", Topics.CONNECTOR_PRESENCE.name());
    assertEquals(TopicSpec.Cleanup.COMPACT, Topics.CONNECTOR_PRESENCE.cleanup());
    assertTrue(Topics.all().contains(Topics.CONNECTOR_PRESENCE));
    assertEquals("analytics.handovers.v1", Topics.ANALYTICS_HANDOVERS.name());
    assertEquals(TopicSpec.Cleanup.COMPACT, Topics.ANALYTICS_HANDOVERS.cleanup());
    assertTrue(Topics.all().contains(Topics.ANALYTICS_HANDOVERS));
  }

  @Test
  void conversationKeysAreValidated() {
    assertEquals(new ConversationKey("acme", "c-1.x_2"), ConversationKey.parse("acme/c-1.x_2"));
    assertEquals("acme/c-1", new ConversationKey("acme", "c-1").toString());
    assertThrows(IllegalArgumentException.class, () -> ConversationKey.parse("acme"));
    assertThrows(IllegalArgumentException.class, () -> ConversationKey.parse("acme/../etc"));
    assertThrows(IllegalArgumentException.class, () -> ConversationKey.parse("acme/a/b"));
    assertThrows(IllegalArgumentException.class, () -> ConversationKey.parse("/c"));
    assertThrows(IllegalArgumentException.class, () -> new ConversationKey("acme", "x".repeat(129)));
  }

  @Test
  void settingsPassKafkaClientPropertiesThrough() {
    KafkaSettings s = KafkaSettings.fromEnv(Map.of("BATON_KAFKA_BOOTSTRAP", "k:9093",
        "BATON_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "BATON_TOPIC_REPLICATION", "3", "HOME", "/root"));
    assertEquals("k:9093", s.bootstrapServers());
    assertEquals(3, s.replicationFactor());
    assertEquals("SASL_SSL", s.adminProperties().get("security.protocol"));
    assertEquals("all", s.producerProperties("p").get("acks"));
  }
}
