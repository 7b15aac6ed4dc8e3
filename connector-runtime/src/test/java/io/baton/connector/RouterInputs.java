package io.baton.connector;

import io.baton.events.AgentEvent;
import io.baton.events.ConversationInput;
import io.baton.events.VisitorEvent;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What connectors wrote to the router's input ({@code conversation.inputs.v1}), unwrapped, as written (raw). */
public final class RouterInputs {
  private RouterInputs() {}

  /** The agent events on the input topic, once {@code done} holds for them or {@code patience} is over. */
  public static List<ConsumerRecord<String, AgentEvent>> agentEvents(KafkaBroker kafka,
      Predicate<List<ConsumerRecord<String, AgentEvent>>> done, Duration patience) {
    return of(kafka, AgentEvent.class, done, patience);
  }

  public static List<ConsumerRecord<String, VisitorEvent>> visitorEvents(KafkaBroker kafka,
      Predicate<List<ConsumerRecord<String, VisitorEvent>>> done, Duration patience) {
    return of(kafka, VisitorEvent.class, done, patience);
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> of(
      KafkaBroker kafka, Class<T> type, Predicate<List<ConsumerRecord<String, T>>> done, Duration patience) {
    var topic = Topics.CONVERSATION_INPUTS;
    List<ConsumerRecord<String, ConversationInput>> read = kafka.readUntil(topic.name(),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
        all -> done.test(unwrap(all, type)), patience);
    return unwrap(read, type);
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> unwrap(
      List<ConsumerRecord<String, ConversationInput>> read, Class<T> type) {
    return read.stream().filter(r -> ConversationInputs.as(r.value(), type) != null)
        .map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
            ConversationInputs.as(r.value(), type)))
        .toList();
  }
}
