package io.baton.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints a topic as JSON lines, for people without Avro-aware Kafka tools: {@code ./baton tap <topic> [--follow]}.
 * Values in the Confluent wire format are decoded with the catalogue schema of their id and name their record types
 * ({@code "@type"}, see {@link TapJson}); anything else (dead letters) is shown as text when it is UTF-8, else base64,
 * with its headers.
 */
public final class Tap {
  private Tap() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: tap <topic> [--follow]   (BATON_KAFKA_BOOTSTRAP, default localhost:9092)");
      System.exit(2);
    }
    String topic = args[0];
    boolean follow = List.of(args).contains("--follow");
    Properties p = new Properties();
    p.put("bootstrap.servers", System.getenv().getOrDefault("BATON_KAFKA_BOOTSTRAP", "localhost:9092"));
    p.put("isolation.level", "read_committed");
    p.put("allow.auto.create.topics", "false"); // a mistyped name must not create a topic
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      if (partitions.isEmpty()) {
        System.err.println(noSuchTopic(consumer, topic));
        System.exit(1);
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (follow || partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          System.out.println(line(r, SchemaCatalogue.get()));
        }
      }
    }
  }

  public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic) {
    List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    return info == null ? List.of() : info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
  }

  /** One line saying the topic does not exist, with the topics that do (Baton's own first). */
  public static String noSuchTopic(Consumer<?, ?> consumer, String topic) {
    List<String> topics = consumer.listTopics(Duration.ofSeconds(10)).keySet().stream()
        .filter(t -> !t.startsWith("__")).sorted().toList();
    return "no topic '" + topic + "' on this broker; " + (topics.isEmpty() ? "it has none (is the stack running?)"
        : "it has: " + String.join(", ", topics));
  }

  static String line(ConsumerRecord<byte[], byte[]> r, SchemaCatalogue catalogue) {
    StringBuilder json = new StringBuilder("{\"partition\":").append(r.partition()).append(",\"offset\":")
        .append(r.offset()).append(",\"timestamp\":").append(r.timestamp()).append(",\"key\":")
        .append(r.key() == null ? "null" : quote(new String(r.key(), StandardCharsets.UTF_8)));
    if (r.headers().toArray().length > 0) {
      json.append(",\"headers\":{");
      String sep = "";
      for (Header h : r.headers()) {
        json.append(sep).append(quote(h.key())).append(':').append(quote(text(h.value())));
        sep = ",";
      }
      json.append('}');
    }
    return json.append(",\"value\":").append(value(r.value(), catalogue)).append('}').toString();
  }

  private static String value(byte[] bytes, SchemaCatalogue catalogue) {
    if (bytes == null) {
      return "null";
    }
    if (bytes.length > 5 && bytes[0] == 0) {
      int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
      var entry = catalogue.byId(id);
      if (entry.isPresent()) {
        try {
          GenericRecord record = new GenericDatumReader<GenericRecord>(entry.get().schema())
              .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
          return TapJson.of(record, Tap::text);
        } catch (Exception e) {
          // not what it claims to be: fall through and show the bytes
        }
      }
    }
    return quote(text(bytes));
  }

  private static String text(byte[] bytes) {
    if (bytes == null) {
      return "";
    }
    String s = new String(bytes, StandardCharsets.UTF_8);
    boolean printable = s.chars().noneMatch(c -> c == 0xFFFD || (c < 0x20 && c != '\n' && c != '\t' && c != '\r'));
    return printable ? s : "base64:" + Base64.getEncoder().encodeToString(bytes);
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
