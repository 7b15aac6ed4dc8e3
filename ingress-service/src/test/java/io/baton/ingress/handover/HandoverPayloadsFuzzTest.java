package io.baton.ingress.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.HandoverRequested;
import io.baton.events.VisitorContext;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.ProblemException;
import io.baton.schemas.AvroSerde;
import io.baton.topics.ConversationKey;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * A bot's handover body as the handover endpoint reads it ({@link HandoverRequests#parse}: the platform's payload
 * ({@link PlatformPayloads}), its placeholders ({@link Placeholders}), the visitor context and the transcript). Either
 * the request is refused with a 422 naming its errors, or it is a HandoverRequested that Kafka takes: one that writes
 * and reads back equal.
 *
 * <p>Input: byte 0 picks the context the ingress remembers (none, a full one, a blank one), the rest is the body.
 */
class HandoverPayloadsFuzzTest {
  private static final AvroSerde<HandoverRequested> SERDE = AvroSerde.of(HandoverRequested.class);
  private static final ConversationKey KEY = new ConversationKey("acme", "c-1");
  private static final Instant NOW = Instant.parse("2025-05-01T10:15:30.123456Z");
  private static final VisitorContext FULL = VisitorContext.newBuilder().setName("Ada \"Countess\" Lovelace")
      .setEmail("ada@example.com").setPhone("+44 20 7946 0000").setAttributes(Map.of("plan", "pro"))
      .setPageProperties(Map.of("userAgent", "Mozilla/5.0", "screenRes", "1920x1080")).build();
  private static final VisitorContext BLANK = VisitorContext.newBuilder().setName(" ").setEmail("")
      .setAttributes(Map.of("plan", " ")).setPageProperties(Map.of()).build();

  @FuzzTest(maxDuration = "4s")
  void refusedWith422OrWritable(byte[] data) {
    if (data.length == 0) {
      return;
    }
    VisitorContext remembered = switch (data[0] & 3) {
      case 0 -> null;
      case 1 -> FULL;
      default -> BLANK;
    };
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(Arrays.copyOfRange(data, 1, data.length));
    } catch (IOException notJson) {
      return; // JsonBodiesFuzzTest's part
    }
    if (body == null || !body.isObject()) {
      return;
    }
    HandoverRequested request;
    try {
      request = HandoverRequests.parse(KEY, (ObjectNode) body, remembered, "e-1", NOW);
    } catch (ProblemException refused) {
      assertEquals(422, refused.problem().status(), refused.problem().toString());
      assertFalse(refused.problem().errors().isEmpty(), "a 422 names the fields");
      return;
    }
    assertEquals(request, SERDE.deserialize("t", SERDE.serialize("t", request)));
  }
}
