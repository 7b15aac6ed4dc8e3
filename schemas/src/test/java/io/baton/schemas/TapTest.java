package io.baton.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ConnectorCommand;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorRead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TapTest {
  @Test
  void printsAvroRecordsAsJsonWithTheirCoordinatesAndTypes() {
    VisitorEvent event = VisitorEvent.newBuilder().setEventId("e1").setOccurredAt(Instant.ofEpochMilli(7))
        .setTenant("acme").setConversationId("c1").setBody(new VisitorRead(3L)).build();
    byte[] value = AvroSerde.of(VisitorEvent.class).serialize("visitor.events.v1", event);
    ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("visitor.events.v1", 2, 40, "acme/c1".getBytes(), value);

    assertEquals("{\"partition\":2,\"offset\":40,\"timestamp\":-1,\"key\":\"acme/c1\",\"value\":{\"@type\":"
        + "\"VisitorEvent\",\"eventId\":\"e1\",\"occurredAt\":7,\"tenant\":\"acme\",\"conversationId\":\"c1\","
        + "\"context\":null,\"body\":{\"@type\":\"VisitorRead\",\"upToSequence\":3},\"channel\":null,"
        + "\"channelConnectionId\":null}}", Tap.line(r, SchemaCatalogue.get()));
  }

  @Test
  void namesUnionBranchesButNotRecordsTheSchemaFixesAndShowsBytesAsText() throws Exception {
    ConversationEvent event = ConversationEvent.newBuilder().setEventId("e2").setOccurredAt(Instant.ofEpochMilli(9))
        .setTenant("acme").setConversationId("c1").setSequence(4).setCausationId("a1")
        .setController(Controller.agent).setStatus(ConversationStatus.agent_connected).setHandoverId("h1")
        .setPlatform(Platform.dixa).setBody(AgentMessage.newBuilder().setText("see \"this\"").setAgentName("Alex")
            .setAttachments(List.of(new Attachment("https://x/y.png", "y.png", "image/png", 12L))).build())
        .setContext(VisitorContext.newBuilder().setName("Ann").setAttributes(Map.of("plan", "gold")).build())
        .build();
    ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("conversation.events.v2", 0, 1, "acme/c1".getBytes(),
        AvroSerde.of(ConversationEvent.class).serialize("conversation.events.v2", event));

    assertEquals("{\"partition\":0,\"offset\":1,\"timestamp\":-1,\"key\":\"acme/c1\",\"value\":{\"@type\":"
        + "\"ConversationEvent\",\"eventId\":\"e2\",\"occurredAt\":9,\"tenant\":\"acme\",\"conversationId\":\"c1\","
        + "\"sequence\":4,\"causationId\":\"a1\",\"controller\":\"agent\",\"status\":\"agent_connected\","
        + "\"handoverId\":\"h1\",\"platform\":\"dixa\",\"body\":{\"@type\":\"AgentMessage\",\"text\":"
        + "\"see \\\"this\\\"\",\"agentName\":\"Alex\",\"attachments\":[{\"url\":\"https://x/y.png\",\"name\":"
        + "\"y.png\",\"contentType\":\"image/png\",\"sizeBytes\":12}]},\"context\":{\"@type\":\"VisitorContext\","
        + "\"name\":\"Ann\",\"email\":null,\"phone\":null,\"attributes\":{\"plan\":\"gold\"},"
        + "\"pageProperties\":{}}}}", Tap.line(r, SchemaCatalogue.get()));

    ConnectorCommand command = ConnectorCommand.newBuilder().setEventId("k1").setOccurredAt(Instant.ofEpochMilli(1))
        .setTenant("acme").setConversationId("c1").setPlatform(Platform.dixa).setHandoverId("h1")
        .setCausationId("x").setBody(PlatformActivity.newBuilder().setPlatformEventId("p1").setRef("r1")
            .setPayload(ByteBuffer.wrap("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
            .setReceivedAt(Instant.ofEpochMilli(2)).build())
        .build();
    ConsumerRecord<byte[], byte[]> c = new ConsumerRecord<>("connector.dixa.commands.v2", 0, 0, null,
        AvroSerde.of(ConnectorCommand.class).serialize("connector.dixa.commands.v2", command));
    assertEquals("{\"@type\":\"PlatformActivity\",\"platformEventId\":\"p1\",\"ref\":\"r1\",\"payload\":"
        + "\"{\\\"a\\\":1}\",\"receivedAt\":2}",
        new ObjectMapper().readTree(Tap.line(c, SchemaCatalogue.get()))
            .get("value").get("body").toString());
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
