package io.baton.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Webhook deliveries made of fuzzer input for a platform's {@link WebhookSource}, and what its intake may do with
 * them. A delivery is a path (the connection), the platform's headers with fuzzed values and a fuzzed body; half of
 * them carry the right signature of their body, so what the intake reads after the signature is fuzzed too. The
 * intake may refuse a delivery (verify false, or events throwing {@link IllegalArgumentException}: the webhook
 * server's 401 and 400) and nothing else: any other exception is a finding (the server would drop the connection).
 *
 * <p>Input layout: a boolean (signed), the path, each header's value, then the body (the rest).
 */
public final class FuzzedDeliveries {
  /** The connection of the deliveries (and of the secrets the test gives). */
  public static final String CONNECTION = "conn-1";

  private FuzzedDeliveries() {}

  /**
   * @param headers the platform's header names
   * @param signer  the headers a genuine delivery of this body to {@link #CONNECTION} carries
   */
  public static WebhookRequest request(FuzzedDataProvider data, List<String> headers,
      BiFunction<String, byte[], Map<String, String>> signer) {
    boolean signed = data.consumeBoolean();
    String path = data.consumeBoolean() ? CONNECTION : data.consumeString(40);
    Map<String, List<String>> values = new HashMap<>();
    for (String header : headers) {
      if (data.consumeBoolean()) {
        values.put(header.toLowerCase(Locale.ROOT), List.of(data.consumeString(200)));
      }
    }
    byte[] body = data.consumeRemainingAsBytes();
    if (signed) {
      signer.apply(path, body).forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), List.of(v)));
    }
    return new WebhookRequest(path, Map.copyOf(values), body);
  }

  /**
   * What the webhook server does with a delivery: verify it, and read its events. The events are read whatever the
   * verdict: a platform may sign any body (and a Chat2Desk connection without a secret checks none).
   */
  public static void intake(WebhookSource source, WebhookRequest request, Map<String, String> secrets) {
    source.verify(request, secrets);
    List<WebhookEvent> events;
    try {
      events = source.events(request);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertNotNull(events);
    events.forEach(e -> assertNotNull(e.payload(), e.eventId()));
  }
}
