package io.baton.connector.channel;

import io.baton.connector.OrderedWrites;
import io.baton.events.Platform;
import io.baton.events.VisitorEvent;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes what a visitor writes in a platform's inbox to the router's input ({@code conversation.inputs.v1}, wrapped in a
 * {@code ConversationInput}), marked with the channel, so the
 * router treats it like a widget's message and answers through {@link VisitorChannel}. Ids derive from the
 * platform's message id, so a message the platform delivers twice is one event.
 */
public final class VisitorEvents {
  private final OrderedWrites writes;
  private final Platform channel;

  public VisitorEvents(OrderedWrites writes, Platform channel) {
    this.writes = writes;
    this.channel = channel;
  }

  /** The deterministic event id of a platform's message. */
  public String eventId(String platformMessageId) {
    return UUID.nameUUIDFromBytes((channel + "#visitor#" + platformMessageId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** Completes once the event is on Kafka; channel and its connection are set here. */
  public CompletableFuture<Void> publish(VisitorEvent event, String channelConnectionId) {
    return writes.write(List.of(record(event, channelConnectionId)));
  }

  public ProducerRecord<byte[], byte[]> record(VisitorEvent event, String channelConnectionId) {
    VisitorEvent marked = VisitorEvent.newBuilder(event).setChannel(channel).setChannelConnectionId(channelConnectionId)
        .build();
    String key = marked.getTenant() + "/" + marked.getConversationId();
    String topic = Topics.CONVERSATION_INPUTS.name();
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer().serialize(topic, ConversationInputs.of(marked)));
  }
}
