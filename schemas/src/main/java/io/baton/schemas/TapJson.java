package io.baton.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * An Avro record as one line of JSON that names its types: the value and every record that stands in a union (a
 * body, a nullable record) carry {@code "@type"}, the record's simple name, as their first field. Records whose type
 * the schema fixes (an attachment in a message) carry none. Timestamps stay epoch milliseconds, enums their names.
 */
final class TapJson {
  static final String TYPE = "@type";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TapJson() {}

  /** {@code bytesAsText} shows a bytes field (a webhook's payload) as text when it is, else base64. */
  static String of(GenericRecord value, Function<byte[], String> bytesAsText) {
    return JSON.valueToTree(record(value, true, bytesAsText)).toString();
  }

  private static ObjectNode record(GenericRecord r, boolean named, Function<byte[], String> bytesAsText) {
    ObjectNode o = NODES.objectNode();
    if (named) {
      o.put(TYPE, r.getSchema().getName());
    }
    for (Schema.Field f : r.getSchema().getFields()) {
      o.set(f.name(), node(r.get(f.pos()), f.schema(), bytesAsText));
    }
    return o;
  }

  private static JsonNode node(Object v, Schema schema, Function<byte[], String> bytesAsText) {
    if (v == null) {
      return NODES.nullNode();
    }
    Schema.Type type = schema.getType();
    if (type == Schema.Type.UNION) {
      Schema branch = schema.getTypes().get(org.apache.avro.generic.GenericData.get().resolveUnion(schema, v));
      return v instanceof GenericRecord r ? record(r, true, bytesAsText) : node(v, branch, bytesAsText);
    }
    if (v instanceof GenericRecord r) {
      return record(r, false, bytesAsText);
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = NODES.objectNode();
      map.forEach((k, value) -> o.set(k.toString(), node(value, schema.getValueType(), bytesAsText)));
      return o;
    }
    if (v instanceof Collection<?> items) {
      ArrayNode a = NODES.arrayNode();
      items.forEach(item -> a.add(node(item, schema.getElementType(), bytesAsText)));
      return a;
    }
    if (v instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return NODES.textNode(bytesAsText.apply(bytes));
    }
    if (v instanceof GenericFixed fixed) {
      return NODES.textNode(bytesAsText.apply(fixed.bytes()));
    }
    if (v instanceof Number || v instanceof Boolean) {
      return JSON.valueToTree(v);
    }
    return NODES.textNode(v.toString()); // strings, enum symbols
  }
}
