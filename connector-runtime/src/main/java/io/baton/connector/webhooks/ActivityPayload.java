package io.baton.connector.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.events.PlatformActivity;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The webhook body the {@link WebhookInbox} stored in a {@link PlatformActivity}, read back by the connector. */
public final class ActivityPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ActivityPayload() {}

  /** The body's bytes; the activity's buffer is left where it was (it may be read again). */
  public static byte[] bytes(PlatformActivity activity) {
    ByteBuffer payload = activity.getPayload().duplicate();
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    return bytes;
  }

  /** The body as JSON; null when it is not JSON (the platform signed it, but there is nothing to act on). */
  public static JsonNode json(PlatformActivity activity) {
    try {
      return JSON.readTree(bytes(activity));
    } catch (IOException e) {
      return null;
    }
  }
}
