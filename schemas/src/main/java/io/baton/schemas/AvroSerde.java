package io.baton.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import io.baton.schemas.registry.RegistrySchemas;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro in the Confluent wire format: magic byte 0, the 4-byte big-endian schema id, then Avro binary. Ids come from
 * the {@link SchemaCatalogue}, so every Kafka tool that speaks this format can decode Baton's topics.
 * Records written with any released version are read into the current generated class (Avro schema resolution).
 * An id the catalogue does not hold (a newer producer's) is looked up in the process's schema registry, if it has one
 * ({@link RegistrySchemas}); while that registry cannot be asked, reading throws its retriable exception instead.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
  static final byte MAGIC = 0;

  private final Class<T> type;
  private final Schema readerSchema;
  private final int writerId;
  private final SchemaCatalogue catalogue;
  private final SpecificDatumWriter<T> writer;
  private final Supplier<Optional<RegistrySchemas>> registry;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  private AvroSerde(Class<T> type, SchemaCatalogue catalogue, Supplier<Optional<RegistrySchemas>> registry) {
    this.type = type;
    this.catalogue = catalogue;
    this.registry = registry;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.writerId = catalogue.find(readerSchema).orElseThrow(() -> new IllegalStateException(
        "the current schema of " + type.getName() + " is not released in the schema catalogue;"
            + " run the catalogue release described in schemas/README.md"))
        .id();
    this.writer = new SpecificDatumWriter<>(readerSchema);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, SchemaCatalogue.get(), RegistrySchemas::processWide);
  }

  /** Reads ids outside {@code catalogue} from {@code registry} (empty: none), whatever the process uses. */
  static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaCatalogue catalogue,
      Optional<RegistrySchemas> registry) {
    return new AvroSerde<>(type, catalogue, () -> registry);
  }

  static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaCatalogue catalogue) {
    return of(type, catalogue, Optional.empty());
  }

  public Class<T> type() {
    return type;
  }

  /** The catalogue id this serde writes. */
  public int schemaId() {
    return writerId;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      out.write(MAGIC);
      out.write(ByteBuffer.allocate(4).putInt(writerId).array());
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(data, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot write " + type.getSimpleName() + " to " + topic + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < 5 || data[0] != MAGIC) {
      throw new SerializationException(
          "record on " + topic + " is not in the Confluent Avro wire format (magic byte 0)");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    DatumReader<T> reader = readers.get(id);
    if (reader == null) { // not computeIfAbsent: a registry lookup must not hold the map's lock
      reader = readerFor(id, topic);
      readers.put(id, reader);
    }
    try {
      return reader.read(null, new BoundedDecoder(data, 5, data.length - 5));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot read " + type.getSimpleName() + " (schema id " + id + ") from " + topic
          + ": " + e.getMessage(), e);
    }
  }

  private DatumReader<T> readerFor(int id, String topic) {
    Schema writer = catalogue.byId(id).map(SchemaCatalogue.Entry::schema).orElseGet(() -> registered(id, topic));
    if (!writer.getFullName().equals(readerSchema.getFullName())) {
      throw new SerializationException("schema id " + id + " is " + writer.getFullName() + ", expected "
          + readerSchema.getFullName());
    }
    var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException("schema id " + id + " of " + writer.getFullName() + " cannot be read with "
          + "this version's schema: " + compatibility.getResult().getIncompatibilities().get(0).getMessage());
    }
    return new SpecificDatumReader<>(writer, readerSchema);
  }

  /** Throws the registry's retriable exception when it cannot be asked: the record is fine, ask again later. */
  private Schema registered(int id, String topic) {
    Optional<RegistrySchemas> source = registry.get();
    if (source.isEmpty()) {
      throw new SerializationException("unknown schema id " + id + " on " + topic
          + " (not in the catalogue, and no schema registry is configured: BATON_SCHEMA_REGISTRY_URL)");
    }
    try {
      return source.get().byId(id).orElseThrow(() -> new SerializationException("unknown schema id " + id + " on "
          + topic + " (neither in the catalogue nor in the schema registry " + source.get().settings().url() + ")"));
    } catch (IllegalStateException e) {
      throw new SerializationException(e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
