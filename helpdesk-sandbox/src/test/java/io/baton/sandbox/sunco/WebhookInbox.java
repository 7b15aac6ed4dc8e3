package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.WebhookReceiver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The test receiver for SunCo's webhooks, which carry a batch of events each. */
final class WebhookInbox extends WebhookReceiver {
  private final Set<String> seenEventIds = ConcurrentHashMap.newKeySet();

  WebhookInbox() throws IOException {
    super();
  }

  /** The next accepted POSTs' events, flattened, until {@code count} events arrived. */
  List<JsonNode> events(int count) throws InterruptedException {
    List<JsonNode> events = new ArrayList<>();
    while (events.size() < count) {
      for (JsonNode event : next().body().path("events")) {
        // as a receiver must: a delivery answered after the sender's timeout comes again, with the same event ids
        if (seenEventIds.add(event.path("id").asText())) {
          events.add(event);
        }
      }
    }
    return events;
  }
}
