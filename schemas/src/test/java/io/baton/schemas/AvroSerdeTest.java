package io.baton.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.events.Attachment;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private final AvroSerde<VisitorEvent> serde = AvroSerde.of(VisitorEvent.class);

  private static VisitorEvent message(String text) {
    return VisitorEvent.newBuilder().setEventId("e-1").setOccurredAt(Instant.ofEpochMilli(1_700_000_000_123L))
        .setTenant("acme").setConversationId("c-1")
        .setContext(
            VisitorContext.newBuilder().setName("Ada").setPageProperties(Map.of("screenRes", "1920x1080")).build())
        .setBody(VisitorMessage.newBuilder().setText(text)
            .setAttachments(List.of(new Attachment("https://x/y.png", "y.png", "image/png", 42L))).build())
        .build();
  }

  @Test
  void writesTheConfluentWireFormatWithTheCatalogueId() {
    byte[] bytes = serde.serialize("visitor.events.v1", message("hello"));

    assertEquals(0, bytes[0], "magic byte");
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertEquals(SchemaCatalogue.get().find(SpecificData.get().getSchema(VisitorEvent.class)).orElseThrow().id(), id);
    assertEquals(serde.schemaId(), id);
  }

  @Test
  void roundTripsEveryField() {
    VisitorEvent event = message("hello ✓");
    assertEquals(event, serde.deserialize("t", serde.serialize("t", event)));
  }

  @Test
  void readsDataWrittenWithAnOlderReleasedVersion() throws Exception {
    // An "older" VisitorEvent that lacked the optional context field: the current class must still read it.
    Schema current = SpecificData.get().getSchema(VisitorEvent.class);
    Schema old = Schema.createRecord(current.getName(), null, current.getNamespace(), false,
        current.getFields().stream().filter(f -> !f.name().equals("context"))
            .map(f -> new Schema.Field(f, f.schema())).toList());
    SchemaCatalogue catalogue = new SchemaCatalogue(List.of(
        new SchemaCatalogue.Entry(41, current.getFullName(), 1, old),
        new SchemaCatalogue.Entry(42, current.getFullName(), 2, current)));
    GenericRecord body = new GenericData.Record(current.getField("body").schema().getTypes().get(0));
    body.put("text", "from the past");
    body.put("attachments", List.of());
    GenericRecord record = new GenericData.Record(old);
    record.put("eventId", "e-old");
    record.put("occurredAt", 5L);
    record.put("tenant", "acme");
    record.put("conversationId", "c-9");
    record.put("body", body);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(41).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
    encoder.flush();

    VisitorEvent read = AvroSerde.of(VisitorEvent.class, catalogue).deserialize("t", out.toByteArray());

    assertEquals("e-old", read.getEventId());
    assertEquals(null, read.getContext());
    assertEquals("from the past", ((VisitorMessage) read.getBody()).getText());
  }

  @Test
  void refusesBytesThatAreNotTheWireFormat() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> serde.deserialize("visitor.events.v1", "{\"text\":\"hi\"}".getBytes()));
    assertEquals("record on visitor.events.v1 is not in the Confluent Avro wire format (magic byte 0)", e.getMessage());
  }

  @Test
  void refusesAnUnknownSchemaId() {
    byte[] bytes = serde.serialize("t", message("x"));
    ByteBuffer.wrap(bytes).putInt(1, 999_999);
    SerializationException e = assertThrows(SerializationException.class, () -> serde.deserialize("t", bytes));
    assertEquals("unknown schema id 999999 on t (not in the catalogue, and no schema registry is configured:"
        + " BATON_SCHEMA_REGISTRY_URL)", e.getMessage());
  }

  @Test
  void refusesARecordOfAnotherType() {
    byte[] handoverBytes = Arrays.copyOf(serde.serialize("t", message("x")), 20);
    int handoverId = AvroSerde.of(io.baton.events.HandoverRequested.class).schemaId();
    ByteBuffer.wrap(handoverBytes).putInt(1, handoverId);
    SerializationException e = assertThrows(SerializationException.class, () -> serde.deserialize("t", handoverBytes));
    assertEquals(
        "schema id " + handoverId + " is io.baton.events.HandoverRequested, expected io.baton.events.VisitorEvent",
        e.getMessage());
  }

  @Test
  void refusesTruncatedAvro() {
    byte[] bytes = serde.serialize("t", message("a longer text that will be cut"));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 10);
    assertThrows(SerializationException.class, () -> serde.deserialize("t", cut));
  }

  @SuppressWarnings("unused")
  private static Schema unused() {
    return SchemaBuilder.builder().nullType();
  }
}
