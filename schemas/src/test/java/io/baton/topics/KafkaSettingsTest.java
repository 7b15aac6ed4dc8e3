package io.baton.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
  @Test
  void baton_instance_idMakesEveryGroupMemberOfTheProcessAStaticOneAndNothingElseCarriesIt() {
    KafkaSettings settings = KafkaSettings.fromEnv(Map.of("BATON_KAFKA_BOOTSTRAP", "kafka:9092",
        "BATON_INSTANCE_ID", "pod-2"));

    assertEquals("pod-2", settings.instanceId());
    assertEquals("pod-2", settings.consumerProperties("baton-connector-dixa", "c").get(
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals("pod-2", settings.uncommittedConsumerProperties("baton-demo-bot", "c").get(
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    // producers and admin clients have no group: the setting would only be warned about as unknown
    assertFalse(settings.producerProperties("p").containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertFalse(settings.adminProperties().containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
  }

  @Test
  void withoutItOrWithABlankOneMembersAreDynamic() {
    assertNull(KafkaSettings.fromEnv(Map.of()).instanceId());
    assertNull(KafkaSettings.fromEnv(Map.of("BATON_INSTANCE_ID", " ")).instanceId());
    assertFalse(KafkaSettings.of("localhost:9092").consumerProperties("g", "c")
        .containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals("x", KafkaSettings.of("localhost:9092").withInstanceId("x").instanceId());
  }

  @Test
  void aTopicKeptForeverIsKeptWhateverSizeTheBrokerBoundsOthersTo() {
    assertEquals(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete", TopicConfig.RETENTION_MS_CONFIG, "-1",
        TopicConfig.RETENTION_BYTES_CONFIG, "-1"), Topics.TOKEN_CLAIMS.newTopic((short) 1).configs());
    assertEquals(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete", TopicConfig.RETENTION_MS_CONFIG, "604800000"),
        Topics.CONVERSATION_INPUTS.newTopic((short) 1).configs());
  }
}
