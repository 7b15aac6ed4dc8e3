package io.baton.ingress.guard;

import io.baton.ingress.http.Problem;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per tenant and per conversation, in this instance's memory (see {@link IngressGuards} for sizing with
 * several instances). A request takes one token from its tenant's bucket and, on a conversation's routes, one from
 * the conversation's; when either is empty nothing is taken and the answer is a 429 whose {@code Retry-After} is the
 * whole seconds until a token is back. Past {@link #REMEMBERED} buckets of a kind the least recently used is
 * forgotten: it was idle longest, and the tenant's bucket still bounds a caller spreading over conversations.
 */
public final class RateLimits {
  static final int REMEMBERED = 100_000;

  private final IngressGuards.RateLimit tenantLimit;
  private final IngressGuards.RateLimit conversationLimit;
  private final LongSupplier nanos;
  private final Map<String, Bucket> tenants = lru();
  private final Map<String, Bucket> conversations = lru();

  public RateLimits(IngressGuards.RateLimit tenantLimit, IngressGuards.RateLimit conversationLimit,
      LongSupplier nanos) {
    this.tenantLimit = tenantLimit;
    this.conversationLimit = conversationLimit;
    this.nanos = nanos;
  }

  /**
   * Takes a request of {@code tenant} (on {@code conversationId}, or null), or sets {@code Retry-After} on the answer
   * and throws the 429.
   */
  public void take(Context ctx, String tenant, String conversationId) {
    try {
      take(tenant, conversationId);
    } catch (Refused e) {
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
      throw e.problem.exception();
    }
  }

  void take(String tenant, String conversationId) {
    long now = nanos.getAsLong();
    synchronized (this) {
      Bucket t = tenants.computeIfAbsent(tenant, k -> new Bucket(tenantLimit, now));
      Bucket c = conversationId == null ? null
          : conversations.computeIfAbsent(tenant + "/" + conversationId, k -> new Bucket(conversationLimit, now));
      double tenantWait = t.secondsUntilToken(now);
      double conversationWait = c == null ? 0 : c.secondsUntilToken(now);
      if (tenantWait > 0) {
        throw tooMany("tenant " + tenant, tenantLimit, tenantWait);
      }
      if (conversationWait > 0) {
        throw tooMany("conversation " + conversationId, conversationLimit, conversationWait);
      }
      t.tokens -= 1;
      if (c != null) {
        c.tokens -= 1;
      }
    }
  }

  private static Refused tooMany(String who, IngressGuards.RateLimit limit, double wait) {
    long retryAfter = Math.max(1, (long) Math.ceil(wait));
    return new Refused(Problem.typed(429, "rate-limited", "Too Many Requests",
        who + " may send " + limit.perSecond() + " requests per second (bursts of " + limit.burst()
            + ") on this instance; retry after " + retryAfter + " s",
        List.of()), retryAfter);
  }

  /** The 429 and the seconds its Retry-After names. */
  static final class Refused extends RuntimeException {
    final transient Problem problem;
    final long retryAfterSeconds;

    Refused(Problem problem, long retryAfterSeconds) {
      super(problem.detail(), null, false, false);
      this.problem = problem;
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  private static final class Bucket {
    private final IngressGuards.RateLimit limit;
    private double tokens;
    private long refilledAt;

    Bucket(IngressGuards.RateLimit limit, long now) {
      this.limit = limit;
      this.tokens = limit.burst();
      this.refilledAt = now;
    }

    /** Refills up to now; 0 when a token is there, else the seconds until one is. */
    double secondsUntilToken(long now) {
      tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / 1e9 * limit.perSecond());
      refilledAt = now;
      return tokens >= 1 ? 0 : (1 - tokens) / limit.perSecond();
    }
  }

  private static Map<String, Bucket> lru() {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > REMEMBERED;
      }
    };
  }
}
