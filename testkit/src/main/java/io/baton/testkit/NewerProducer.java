package io.baton.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * A record as a newer producer writes it: Confluent-wire-format bytes ({@code 0}, a 4-byte schema id, Avro binary)
 * rewritten with a newer schema under its registry id, with the newer fields set. For the tests of readers that must
 * read what a newer version of Baton (or another producer) writes.
 */
public final class NewerProducer {
  private NewerProducer() {}

  /**
   * @param current bytes written with {@code writer}
   * @param newer   a schema {@code writer}'s data resolves to (its added fields have defaults)
   * @param newerId the id a registry holds {@code newer} under
   * @param set     the newer fields' values
   */
  public static byte[] rewrite(byte[] current, Schema writer, Schema newer, int newerId, Map<String, Object> set)
      throws IOException {
    GenericRecord record = new GenericDatumReader<GenericRecord>(writer, newer)
        .read(null, DecoderFactory.get().binaryDecoder(current, 5, current.length - 5, null));
    set.forEach(record::put);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(newerId).array());
    var encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(newer).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
