package io.baton.connector.calls;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every outgoing platform call of a connector goes through here: a token bucket per connection (the platform's
 * published limit), and retries with backoff and jitter on 429, 5xx and timeouts, honouring {@code Retry-After}.
 * Waiting is a scheduled task on one timer thread, never a blocked thread.
 */
public final class PlatformCalls implements AutoCloseable {
  /** The failure under the wrappers of futures ({@code CompletionException}, {@code ExecutionException}). */
  public static Throwable cause(Throwable error) {
    return RetryPolicy.unwrap(error);
  }

  private static final Logger log = LoggerFactory.getLogger(PlatformCalls.class);

  /** @param perSecond calls per second per connection; {@code burst} calls may go at once */
  public record Limits(RetryPolicy retry, double perSecond, int burst) {
    public static Limits defaults() {
      return new Limits(RetryPolicy.defaults(), 50, 100);
    }
  }

  private final Limits limits;
  private final CallMeters meters;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Limits> connectionLimits = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "platform-calls-timer");
    t.setDaemon(true);
    return t;
  });

  /** Calls whose meters name no platform (tests, tools). */
  public PlatformCalls(Limits limits) {
    this(limits, "unnamed", "unnamed");
  }

  /** The calls of {@code service} (a connector) to {@code platform}, counted by status in the process's meters. */
  public PlatformCalls(Limits limits, String service, String platform) {
    this.limits = limits;
    this.meters = CallMeters.of(service, platform);
  }

  /**
   * A connection's own rate limit instead of the platform's default (a plan the connection's settings name), from
   * its next call on. Calls already waiting keep their turn.
   */
  public void limit(String connection, double perSecond, int burst) {
    String key = connection == null ? "" : connection;
    Limits own = new Limits(limits.retry(), perSecond, burst);
    if (!own.equals(limitOf(connection))) { // an activation repeated with the same limit keeps the bucket's state
      buckets.put(key, new TokenBucket(perSecond, burst, System::nanoTime));
      connectionLimits.put(key, own);
    }
  }

  /** The rate limit of a connection's calls: its own ({@link #limit}), else the platform's. */
  public Limits limitOf(String connection) {
    return connectionLimits.getOrDefault(connection == null ? "" : connection, limits);
  }

  /** One call that may be retried (a Chasitor POST with its fixed sequence number, a GET). */
  public <T> CompletableFuture<T> call(String connection, String what, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    BooleanSupplier lease = CommandLease.current();
    attempt(connection, what, traced(call), lease, 1, result);
    return result;
  }

  /** A single rate-limited try, for calls that must not be repeated blindly (a long poll). */
  public <T> CompletableFuture<T> once(String connection, Supplier<CompletableFuture<T>> call) {
    Supplier<CompletableFuture<T>> traced = traced(call);
    return afterToken(connection).thenCompose(x -> traced.get()).whenComplete((value, error) -> meters.tried(error));
  }

  /** The call made (after a token or a retry's wait, on the timer's thread) with the trace and lease current now. */
  private static <T> Supplier<CompletableFuture<T>> traced(Supplier<CompletableFuture<T>> call) {
    var trace = CallTrace.current();
    var lease = CommandLease.current();
    return () -> CommandLease.with(lease, () -> trace == null ? call.get() : CallTrace.with(trace, call));
  }

  /** The delay the retry policy asks for, as a future, for loops that retry themselves (a long poll). */
  public CompletableFuture<Void> backoff(int attempt, Throwable error) {
    return after(limits.retry().delay(attempt, error, () -> ThreadLocalRandom.current().nextDouble()));
  }

  private <T> void attempt(String connection, String what, Supplier<CompletableFuture<T>> call, BooleanSupplier lease,
      int attempt, CompletableFuture<T> result) {
    afterToken(connection).thenCompose(x -> !lease.getAsBoolean()
        ? CompletableFuture.<T>failedFuture(new CommandLease.Lost(what)) : call.get()).whenComplete((value, error) -> {
          meters.tried(error);
          if (error == null) {
            result.complete(value);
          } else if (attempt < limits.retry().maxAttempts() && RetryPolicy.retryable(error) && !timer.isShutdown()) {
            Duration wait = limits.retry().delay(attempt, error, () -> ThreadLocalRandom.current().nextDouble());
            log.debug("{} failed ({}), try {} in {} ms", what, RetryPolicy.unwrap(error).getMessage(), attempt + 1,
                wait.toMillis());
            meters.retried(error);
            after(wait).thenRun(() -> attempt(connection, what, call, lease, attempt + 1, result));
          } else {
            result.completeExceptionally(RetryPolicy.unwrap(error));
          }
        });
  }

  private CompletableFuture<Void> afterToken(String connection) {
    TokenBucket bucket = buckets.computeIfAbsent(connection == null ? "" : connection,
        c -> new TokenBucket(limits.perSecond(), limits.burst(), System::nanoTime));
    return after(bucket.reserve());
  }

  private CompletableFuture<Void> after(Duration wait) {
    if (wait.isZero() || wait.isNegative()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      timer.schedule(() -> done.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("platform calls are closed"));
    }
    return done;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
