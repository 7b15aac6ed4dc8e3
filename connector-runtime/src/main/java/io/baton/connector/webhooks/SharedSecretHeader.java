package io.baton.connector.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The plainest webhook proof: a header that carries a secret shared with the platform (a token, or HTTP Basic
 * credentials), compared in constant time with the connection's secret of that name.
 */
public final class SharedSecretHeader {
  private final String header;
  private final String prefix;
  private final String secretName;

  /** @param prefix what stands before the secret in the header ({@code "Bearer "}, or empty) */
  public SharedSecretHeader(String header, String prefix, String secretName) {
    this.header = header;
    this.prefix = prefix == null ? "" : prefix;
    this.secretName = secretName;
  }

  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    String secret = secrets.get(secretName);
    String given = request.header(header).orElse(null);
    if (secret == null || secret.isEmpty() || given == null) {
      return false;
    }
    return MessageDigest.isEqual((prefix + secret).getBytes(StandardCharsets.UTF_8),
        given.trim().getBytes(StandardCharsets.UTF_8));
  }
}
