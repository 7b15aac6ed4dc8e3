package io.baton.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.VisitorEvent;
import io.baton.events.VisitorRead;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TapTest {
  @Test
  void printsAvroRecordsAsJsonWithTheirCoordinates() {
    VisitorEvent event = VisitorEvent.newBuilder().setEventId("e1").setOccurredAt(Instant.ofEpochMilli(7))
        .setTenant("acme").setConversationId("c1").setBody(new VisitorRead(3L)).build();
    byte[] value = AvroSerde.of(VisitorEvent.class).serialize("visitor.events.v1", event);
    ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("visitor.events.v1", 2, 40, "acme/c1".getBytes(), value);

    assertEquals("{\"partition\":2,\"offset\":40,\"timestamp\":-1,\"key\":\"acme/c1\",\"value\":{\"eventId\": \"e1\","
        + " \"occurredAt\": 7, \"tenant\": \"acme\", \"conversationId\": \"c1\", \"context\": null,"
        + " \"body\": {\"upToSequence\": 3}, \"channel\": null, \"channelConnectionId\": null}}",
        Tap.line(r, SchemaCatalogue.get()));
  }

  @Test
  void aTopicThatDoesNotExistIsSaidSoWithTheTopicsThatDo() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    consumer.updatePartitions("conversation.events.v2",
        List.of(new PartitionInfo("conversation.events.v2", 0, null, null, null)));
    consumer.updatePartitions("__consumer_offsets",
        List.of(new PartitionInfo("__consumer_offsets", 0, null, null, null)));

    assertEquals(List.of(new TopicPartition("conversation.events.v2", 0)),
        Tap.partitions(consumer, "conversation.events.v2"));
    assertEquals(List.of(), Tap.partitions(consumer, "conversation.event.v2"));
    assertEquals("no topic 'conversation.event.v2' on this broker; it has: conversation.events.v2",
        Tap.noSuchTopic(consumer, "conversation.event.v2"));
  }

  @Test
  void printsDeadLettersAsTextWithTheirHeaders() {
    ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("visitor.events.v1.dlq", 0, 1, null,
        "not \"avro\"".getBytes(StandardCharsets.UTF_8));
    r.headers().add("baton.error", "bad\nrecord".getBytes(StandardCharsets.UTF_8));

    assertEquals("{\"partition\":0,\"offset\":1,\"timestamp\":-1,\"key\":null,\"headers\":{\"baton.error\":"
        + "\"bad\\nrecord\"},\"value\":\"not \\\"avro\\\"\"}", Tap.line(r, SchemaCatalogue.get()));
  }
}
