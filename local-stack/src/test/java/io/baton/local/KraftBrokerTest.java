package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's broker is a real KRaft broker whose data survives a restart. */
class KraftBrokerTest {
  @TempDir
  Path home;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void formatsOnceServesTheCatalogueAndKeepsDataAcrossRestarts() throws Exception {
    int port = freePort();
    int controllerPort = freePort();
    KraftBroker broker = new KraftBroker(home, port, controllerPort);
    broker.start();
    try {
      TopicProvisioner.ensure(KafkaSettings.of(broker.bootstrapServers()), Topics.all());
      Properties p = KafkaSettings.of(broker.bootstrapServers()).producerProperties("t");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("conversation.inputs.v1", 0, "acme/c-1", "kept")).get();
      }
    } finally {
      broker.stop();
    }
    assertEquals(true, Files.exists(home.resolve("data").resolve("meta.properties")));

    KraftBroker again = new KraftBroker(home, port, controllerPort);
    again.start();
    try {
      Properties c = KafkaSettings.of(again.bootstrapServers()).adminProperties();
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
        TopicPartition tp = new TopicPartition("conversation.inputs.v1", 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (values.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
        }
        assertEquals(List.of("acme/c-1=kept"), values);
      }
    } finally {
      again.stop();
    }
  }
}
