package io.baton.ingress.gateway;

import io.baton.ingress.auth.Access;
import io.baton.ingress.auth.Authenticator;
import io.baton.ingress.auth.Caller;
import io.baton.ingress.guard.StreamQuota;
import io.baton.ingress.http.Problem;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /v1/conversations/{id}/events}: the widget gateway. Streams a conversation's visitor-visible events as
 * Server-Sent Events: first those after {@code Last-Event-ID} (header, or {@code ?lastEventId=} for clients that
 * cannot set headers), then live ones. Requests are parked asynchronously, writes go through a small shared pool,
 * and a comment every {@code keepAlive} keeps proxies and Jetty's idle timeout from closing quiet streams.
 */
public final class WidgetGateway implements Handler, AutoCloseable {
  /** A stream refused over the quota: by then, a stream a reloaded page left has usually been noticed closed. */
  static final int STREAM_RETRY_AFTER_SECONDS = 10;
  private final ConversationLog log;
  private final StreamQuota quota;
  private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
  // Writes block while a client's TCP window is full (until Jetty's idle timeout at worst), so a few spare threads.
  private final ExecutorService writers = Executors.newFixedThreadPool(8, daemonThreads("sse-writer"));
  private final ScheduledExecutorService keepAlives =
      Executors.newSingleThreadScheduledExecutor(daemonThreads("sse-keep-alive"));

  public WidgetGateway(ConversationLog log, Duration keepAlive, StreamQuota quota) {
    this.log = log;
    this.quota = quota;
    long millis = keepAlive.toMillis();
    keepAlives.scheduleAtFixedRate(() -> streams.forEach(SseStream::keepAlive), millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void handle(Context ctx) {
    ConversationKey key = Access.conversation(ctx, Access.Need.VISITOR);
    long lastEventId = lastEventId(ctx);
    Caller caller = Authenticator.caller(ctx);
    StreamQuota.Place place = quota.take(key.tenant(), caller.isWidget() ? key.conversationId() : null)
        .orElseThrow(() -> {
          ctx.header("Retry-After", Integer.toString(STREAM_RETRY_AFTER_SECONDS));
          return Problem.typed(429, "too-many-streams", "Too Many Requests", quota.limits()
              + "; close one (or retry after " + STREAM_RETRY_AFTER_SECONDS + " s)", List.of()).exception();
        });
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no"); // nginx would otherwise buffer the stream
    ctx.future(() -> open(ctx, key, lastEventId, place));
  }

  private CompletableFuture<Void> open(Context ctx, ConversationKey key, long lastEventId, StreamQuota.Place place) {
    SseStream stream;
    try {
      stream = new SseStream(ctx.res().getOutputStream(), writers, lastEventId);
      ctx.res().flushBuffer(); // the client sees 200 and the headers now, not with the first event
    } catch (IOException e) {
      place.close();
      return CompletableFuture.completedFuture(null); // the client left before the stream began: nothing to do
    }
    ctx.req().getAsyncContext().addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        stream.close();
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        stream.close();
      }

      @Override
      public void onError(AsyncEvent event) {
        stream.close();
      }

      @Override
      public void onStartAsync(AsyncEvent event) {}
    });
    streams.add(stream);
    ConversationLog.Subscription subscription = log.subscribe(key.toString(), lastEventId, stream);
    stream.onClose(() -> {
      subscription.cancel();
      streams.remove(stream);
      place.close();
    });
    return stream.closed();
  }

  static long lastEventId(Context ctx) {
    String raw = ctx.header("Last-Event-ID");
    String field = "Last-Event-ID";
    if (raw == null || raw.isBlank()) {
      raw = ctx.queryParam("lastEventId");
      field = "lastEventId";
    }
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(raw.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw Problem.badField("invalid-last-event-id", "Invalid Last-Event-ID", field,
        field + " must be the sequence number of the last event received (a non-negative integer)").exception();
  }

  /** Open streams, for tests and metrics. */
  public int openStreams() {
    return streams.size();
  }

  @Override
  public void close() {
    keepAlives.shutdownNow();
    streams.forEach(SseStream::close);
    writers.shutdown();
    try {
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writers.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
