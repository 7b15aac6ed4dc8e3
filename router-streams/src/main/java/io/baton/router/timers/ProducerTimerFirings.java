package io.baton.router.timers;

import io.baton.events.ConversationInput;
import io.baton.events.TimerFired;
import io.baton.topics.ConversationInputs;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Timer firings through a non-transactional idempotent producer (acks=all), keyed by conversation. */
public final class ProducerTimerFirings implements TimerFirings, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProducerTimerFirings.class);
  private final KafkaProducer<String, ConversationInput> producer;

  public ProducerTimerFirings(KafkaSettings kafka, String clientId) {
    producer =
        new KafkaProducer<>(kafka.producerProperties(clientId), Topics.CONVERSATION_INPUTS.keySerde().serializer(),
            Topics.CONVERSATION_INPUTS.valueSerde().serializer());
  }

  @Override
  public void fire(String conversationKey, TimerFired firing, long timestamp) {
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_INPUTS.name(), null, timestamp, conversationKey,
        ConversationInputs.of(firing)), (metadata, error) -> {
          if (error != null) {
            log.warn("timer {} of {} not written (it is fired again later): {}", firing.getEventId(),
                conversationKey, error.toString());
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
