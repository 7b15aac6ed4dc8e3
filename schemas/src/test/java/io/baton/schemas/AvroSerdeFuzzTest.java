package io.baton.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.events.VisitorEvent;
import io.baton.schemas.registry.CatalogueImport;
import io.baton.schemas.registry.RegistrySchemas;
import io.baton.schemas.registry.SchemaRegistrySettings;
import io.baton.testkit.ConfluentRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Records off Kafka are outside input (any producer may write a topic): {@link AvroSerde} reads arbitrary bytes as
 * every topic value type, with schema ids of the catalogue, one only the schema registry holds (a newer producer's
 * VisitorEvent) and unknown ones (asked of the registry, which has none). The only refusal is a
 * {@link SerializationException}; whatever is read is a record that writes and reads back equal.
 *
 * <p>Input: byte 0 picks the type, byte 1 the schema id (255: the rest is the whole record, header and all), the rest
 * is the Avro body.
 */
class AvroSerdeFuzzTest {
  private static ConfluentRegistry registry;
  private static int registryPort;
  private static RegistrySchemas registrySchemas;
  private static final List<Integer> IDS = new ArrayList<>();
  private static final Map<Class<?>, AvroSerde<?>> SERDES = new ConcurrentHashMap<>();

  @BeforeAll
  static void registryWithANewerVisitorEvent() {
    registry = ConfluentRegistry.start();
    registryPort = URI.create(registry.url()).getPort();
    CatalogueImport.ofBaton(SchemaRegistrySettings.of(registry.url()), new PrintStream(new ByteArrayOutputStream()))
        .run();
    String json = VisitorEvent.getClassSchema().toString();
    Schema newer = new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']'))
        + ",{\"name\":\"mood\",\"type\":\"string\",\"default\":\"calm\"}]}");
    int newerId = registry.register(VisitorEvent.getClassSchema().getFullName(), newer.toString());
    registrySchemas = new RegistrySchemas(SchemaRegistrySettings.of(registry.url()), Duration.ofSeconds(2),
        Duration.ofSeconds(2));
    SchemaCatalogue.get().entries().forEach(e -> IDS.add(e.id()));
    IDS.add(newerId);
    IDS.add(newerId + 1); // neither in the catalogue nor in the registry
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @FuzzTest(maxDuration = "3s")
  void readsOrRefusesWithASerializationException(byte[] data) {
    // the registry path asks this registry, and only it (Jazzer flags any other connection as forged)
    BugDetectors.allowNetworkConnections((host, port) -> port == registryPort && host.equals("localhost"));
    if (data.length < 2) {
      return;
    }
    List<Class<? extends SpecificRecord>> types = SchemaCatalogue.TOPIC_VALUE_TYPES;
    AvroSerde<?> serde = serde(types.get(Byte.toUnsignedInt(data[0]) % types.size()));
    byte[] record;
    if (data[1] == (byte) 255) {
      record = Arrays.copyOfRange(data, 2, data.length);
    } else {
      int id = IDS.get(Byte.toUnsignedInt(data[1]) % IDS.size());
      record = ByteBuffer.allocate(3 + data.length).put((byte) 0).putInt(id).put(data, 2, data.length - 2).array();
    }
    roundTrip(serde, record);
  }

  private static <T extends SpecificRecord> void roundTrip(AvroSerde<T> serde, byte[] record) {
    T read;
    try {
      read = serde.deserialize("fuzz", record);
    } catch (SerializationException refused) {
      return;
    }
    assertEquals(read, serde.deserialize("fuzz", serde.serialize("fuzz", read)));
  }

  private static AvroSerde<?> serde(Class<? extends SpecificRecord> type) {
    return SERDES.computeIfAbsent(type, t -> AvroSerde.of(type, SchemaCatalogue.get(), Optional.of(registrySchemas)));
  }
}
