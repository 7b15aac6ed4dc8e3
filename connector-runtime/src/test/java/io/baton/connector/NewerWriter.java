package io.baton.connector;

import io.baton.schemas.SchemaCatalogue;
import io.baton.testkit.ConfluentRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

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
    GenericRecord record = new GenericDatumReader<GenericRecord>(writer, newer)
        .read(null, DecoderFactory.get().binaryDecoder(current, 5, current.length - 5, null));
    record.put("addedByNewerVersion", "set");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    var encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(newer).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
