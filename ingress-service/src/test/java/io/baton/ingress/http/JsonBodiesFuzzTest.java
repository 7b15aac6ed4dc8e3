package io.baton.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.visitor.Attachments;
import io.baton.ingress.visitor.VisitorContexts;
import java.util.ArrayList;
import java.util.List;

/**
 * What every ingress endpoint does with a body before its own rules: the media type ({@link JsonBodies}), the bytes
 * as one JSON object, then typed reads of its members ({@link JsonFields}, the visitor context, attachments). A wrong
 * media type is a 415, bytes that are no JSON object a 400, members of the wrong type a 422 naming each; nothing else
 * is thrown.
 *
 * <p>Input: a Content-Type, then the body.
 */
class JsonBodiesFuzzTest {
  @FuzzTest(maxDuration = "3s")
  void refusedWithA4xxOrRead(FuzzedDataProvider data) {
    String contentType = data.consumeString(80);
    try {
      JsonBodies.requireJsonContentType(contentType);
    } catch (ProblemException e) {
      assertEquals(415, e.problem().status());
    }
    ObjectNode body;
    try {
      body = JsonBodies.parseObject(data.consumeRemainingAsBytes());
    } catch (ProblemException e) {
      assertEquals(400, e.problem().status(), e.problem().toString());
      return;
    }
    FieldErrors errors = new FieldErrors();
    readEveryMember(new JsonFields(body, "", errors), body, 0);
    VisitorContexts.parse(new JsonFields(body, "", errors), "context");
    Attachments.parse(new JsonFields(body, "", errors), "attachments");
    try {
      errors.throwIfAny();
    } catch (ProblemException e) {
      assertEquals(422, e.problem().status());
      assertTrue(!e.problem().errors().isEmpty());
    }
  }

  /** Every reader on every member, and into nested objects and arrays of objects a few levels down. */
  private static void readEveryMember(JsonFields fields, ObjectNode node, int depth) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      fields.has(name);
      fields.requiredString(name);
      fields.presentString(name);
      fields.optionalString(name);
      fields.bool(name, false);
      fields.optionalBool(name);
      fields.strings(name);
      fields.stringMap(name);
      fields.raw(name);
      if (depth < 3) {
        JsonFields nested = fields.optionalObject(name);
        if (nested != null && node.get(name).isObject()) {
          readEveryMember(nested, (ObjectNode) node.get(name), depth + 1);
        }
        fields.objects(name, o -> {
          o.optionalString("text");
          return o;
        });
      }
    }
  }
}
