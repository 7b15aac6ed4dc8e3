package io.baton.analytics.transcript;

import io.baton.analytics.TopicReading;
import io.baton.events.ConversationEvent;
import io.baton.topics.ConversationKey;
import io.baton.topics.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code ./baton transcript <tenant>/<conversation> [--follow]}: one conversation of {@code conversation.events.v2} as
 * a transcript ({@link TranscriptRendering}), in this machine's time zone. It reads only the conversation's partition
 * (the key's, as Kafka's producers choose it); {@code --follow} keeps printing what comes.
 */
public final class ConversationTranscript {
  static final String USAGE = "usage: transcript <tenant>/<conversation> [--follow]";

  private ConversationTranscript() {}

  public static void main(String[] args) {
    String bootstrap = System.getenv().getOrDefault("BATON_KAFKA_BOOTSTRAP", "localhost:9092");
    System.exit(run(args, bootstrap, ZoneId.systemDefault(), System.out, System.err));
  }

  /** Prints the transcript; the exit status: 0 printed, 1 not in the log (said in one line), 2 a usage error. */
  static int run(String[] args, String bootstrap, ZoneId zone, PrintStream out, PrintStream err) {
    boolean follow = List.of(args).contains("--follow");
    List<String> keys = List.of(args).stream().filter(a -> !a.equals("--follow")).toList();
    ConversationKey key;
    try {
      if (keys.size() != 1) {
        throw new IllegalArgumentException(USAGE);
      }
      key = ConversationKey.parse(keys.get(0));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage().equals(USAGE) ? USAGE : e.getMessage() + "\n" + USAGE);
      return 2;
    }
    String topicName = Topics.CONVERSATION_EVENTS.name();
    try (TopicReading<ConversationEvent> topic = new TopicReading<>(bootstrap, topicName,
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = topic.partitions();
      if (partitions.isEmpty()) {
        err.println(topic.noSuchTopic());
        return 1;
      }
      TopicPartition partition = partitions.get(partitionOf(key, partitions.size()));
      TranscriptRendering rendering = new TranscriptRendering(zone);
      long[] printed = {0};
      topic.read(List.of(partition), r -> {
        if (key.toString().equals(r.key()) && r.value() != null) {
          if (printed[0]++ == 0) {
            out.println(key + " (" + topicName + ", times in " + zone + ")");
          }
          rendering.lines(r.value()).forEach(out::println);
          out.flush();
        }
      }, () -> follow && printed[0] > 0);
      if (printed[0] == 0) {
        err.println("no conversation " + key + " in " + topicName + " (it keeps 90 days; is the key right?)");
        return 1;
      }
      return 0;
    }
  }

  /** The partition Kafka's producers give {@code key}: murmur2 of its bytes, as the router's writes were placed. */
  static int partitionOf(ConversationKey key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
