package io.baton.connector;

import io.baton.testkit.NewerProducer;
import io.baton.schemas.SchemaCatalogue;
import io.baton.testkit.ConfluentRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;

/** A record as a newer producer writes it: its schema has one more field, registered only in the registry. */
final class NewerWriter {
  private NewerWriter() {}

  /** {@code current} (Baton's wire format) rewritten with a schema that adds {@code addedByNewerVersion}. */
  static byte[] withExtraField(String subject, ConfluentRegistry registry, byte[] current) throws IOException {
    int currentId = ByteBuffer.wrap(current, 1, 4).getInt();
    Schema writer = SchemaCatalogue.get().byId(currentId).orElseThrow().schema();
    String json = writer.toString();
    Schema newer = new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']'))
        + ",{\"name\":\"addedByNewerVersion\",\"type\":\"string\",\"default\":\"\"}]}");
    int id = registry.register(subject, newer.toString());
    return NewerProducer.rewrite(current, writer, newer, id, java.util.Map.of("addedByNewerVersion", "set"));
  }
}
