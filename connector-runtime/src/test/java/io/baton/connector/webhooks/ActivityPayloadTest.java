package io.baton.connector.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.events.PlatformActivity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActivityPayloadTest {
  private static PlatformActivity activity(String payload) {
    return PlatformActivity.newBuilder().setPlatformEventId("e1").setRef("r")
        .setPayload(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).setReceivedAt(Instant.EPOCH).build();
  }

  @Test
  void theBodyIsReadAsJsonAsOftenAsAskedAndUnreadableBodiesAreNull() {
    PlatformActivity a = activity("{\"name\":\"kustomer.message.create\",\"data\":{\"id\":\"m1\"}}");
    assertEquals("m1", ActivityPayload.json(a).path("data").path("id").asText());
    assertEquals("kustomer.message.create", ActivityPayload.json(a).path("name").asText(), "read again: same body");
    assertEquals("{\"a\":1}", new String(ActivityPayload.bytes(activity("{\"a\":1}")), StandardCharsets.UTF_8));
    assertNull(ActivityPayload.json(activity("{not json")));
  }
}
