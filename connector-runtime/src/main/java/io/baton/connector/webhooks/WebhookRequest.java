package io.baton.connector.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook call as it arrived: the path after the endpoint's prefix, the headers (names lower-cased) and the raw
 * body, which is what signatures are computed over.
 */
public record WebhookRequest(String path, Map<String, List<String>> headers, byte[] body) {

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
