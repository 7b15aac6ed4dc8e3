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

  @Test
  void onThreeReplicasAWriteNeedsTwoAndStreamsInternalTopicsGetTheSame() {
    assertEquals("2", Topics.CONVERSATION_INPUTS.newTopic((short) 3).configs()
        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
    assertEquals("3", Topics.CONVERSATION_INPUTS.newTopic((short) 5).configs()
        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
    // one or two replicas: the broker's own setting holds (the local stack's single broker has 1)
    assertFalse(Topics.CONVERSATION_INPUTS.newTopic((short) 2).configs()
        .containsKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
    assertEquals(Map.of("replication.factor", 3, "topic.min.insync.replicas", 2),
        KafkaSettings.fromEnv(Map.of("BATON_TOPIC_REPLICATION", "3")).internalTopicConfigs());
    assertEquals(Map.of("replication.factor", 1), KafkaSettings.fromEnv(Map.of()).internalTopicConfigs());
    assertEquals("all", KafkaSettings.of("k:9092").producerProperties("p").get("acks"));
  }
}
