package io.baton.ingress.guard;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Event streams (SSE and WebSocket together) open at once, per widget token and per tenant, on this instance. A
 * widget token opens one conversation, so its streams are counted per conversation: minting more tokens for it does
 * not raise the limit. Bot and admin keys count towards their tenant only.
 */
public final class StreamQuota {
  private final int perToken;
  private final int perTenant;
  private final Map<String, Integer> open = new HashMap<>();

  public StreamQuota(int perToken, int perTenant) {
    this.perToken = perToken;
    this.perTenant = perTenant;
  }

  /** A stream's place, to be given back once when it closes. */
  public interface Place extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A place for a stream of {@code tenant} ({@code conversationId}: the widget token's conversation, null for a key),
   * or why there is none.
   */
  public synchronized Optional<Place> take(String tenant, String conversationId) {
    String tokenKey = conversationId == null ? null : "token:" + tenant + "/" + conversationId;
    String tenantKey = "tenant:" + tenant;
    if (open.getOrDefault(tenantKey, 0) >= perTenant
        || tokenKey != null && open.getOrDefault(tokenKey, 0) >= perToken) {
      return Optional.empty();
    }
    open.merge(tenantKey, 1, Integer::sum);
    if (tokenKey != null) {
      open.merge(tokenKey, 1, Integer::sum);
    }
    boolean[] given = {false};
    return Optional.of(() -> {
      synchronized (this) {
        if (!given[0]) {
          given[0] = true;
          release(tenantKey);
          if (tokenKey != null) {
            release(tokenKey);
          }
        }
      }
    });
  }

  /** Why a stream is refused, for the 429's detail and the WebSocket close reason. */
  public String limits() {
    return "at most " + perToken + " event streams per widget token and " + perTenant
        + " per tenant on this instance";
  }

  private void release(String key) {
    open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Open streams of a tenant, for tests. */
  public synchronized int openOf(String tenant) {
    return open.getOrDefault("tenant:" + tenant, 0);
  }
}
