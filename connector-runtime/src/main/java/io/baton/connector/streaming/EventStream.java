package io.baton.connector.streaming;

import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming family: one event stream per chat (server-sent events, say), read without a thread. The stream is
 * opened from the last event id on Kafka once the chat's writes settled; each event's agent events and the link at
 * its id are one {@link Chat#write} (events acknowledged, then the link; a crash between them repeats the event,
 * under the same ids, which the router drops), so a stream that drops (or a write that fails, which cuts it) is opened again
 * from what Kafka has, and nothing is lost or written twice. A stream that ends or fails is reopened after a backoff
 * ({@link PlatformCalls#backoff}); a 401 means the platform no longer knows the chat's credentials:
 * {@link Chat#gone}. It stops when the chat is no longer {@link Chat#active()}, or on {@link #stop}.
 *
 * @param <S> the platform's state of a chat
 * @param <E> one event of the stream
 */
public final class EventStream<S, E> {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);

  /** The platform's part: opening the stream and what an event means. */
  public interface Source<S, E> {
    /**
     * Opens the stream after the chat's last recorded event (through {@code PlatformCalls}, for the rate limit); each
     * event goes to {@code onEvent} in order. Completes when the stream ends; fails with {@link PlatformCallFailed}
     * when the platform refused it.
     */
    CompletableFuture<Void> open(Chat<S> chat, Consumer<E> onEvent);

    /**
     * The write of one event, built in the chat's write chain: its agent events and the link with the cursor at the
     * event; null when the event is already on Kafka.
     */
    ChatWrite write(Chat<S> chat, E event);

    /** The write of {@code event} is on Kafka: the chat's cursor moves to it. */
    void written(Chat<S> chat, E event);
  }

  private final PlatformCalls calls;
  private final Source<S, E> source;
  private final String unauthorized;
  private final Map<Chat<S>, CompletableFuture<?>> streams = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** @param unauthorized the reason the chat ends with when the platform answers the stream 401 */
  public EventStream(PlatformCalls calls, Source<S, E> source, String unauthorized) {
    this.calls = calls;
    this.source = source;
    this.unauthorized = unauthorized;
  }

  /** Opens the chat's stream (once its writes settled) and keeps it open while the chat is active. */
  public void start(Chat<S> chat) {
    if (streams.putIfAbsent(chat, CompletableFuture.completedFuture(null)) == null) {
      listen(chat, 0);
    }
  }

  /** Closes the chat's stream. */
  public CompletionStage<Void> stop(Chat<S> chat) {
    CompletableFuture<?> stream = streams.remove(chat);
    if (stream != null) {
      stream.cancel(true);
    }
    return CompletableFuture.completedFuture(null);
  }

  private boolean stopped(Chat<S> chat) {
    if (closed || !chat.active() || !streams.containsKey(chat)) {
      streams.remove(chat);
      return true;
    }
    return false;
  }

  private void listen(Chat<S> chat, int failures) {
    if (stopped(chat)) {
      return;
    }
    chat.settled().thenCompose(x -> {
      CompletableFuture<Void> stream = source.open(chat, event -> onEvent(chat, event));
      if (streams.replace(chat, stream) == null) {
        stream.cancel(true); // stopped meanwhile
      }
      return stream;
    }).whenComplete((x, error) -> {
      if (stopped(chat)) {
        return;
      }
      if (status(error) == 401) {
        streams.remove(chat);
        chat.gone(unauthorized);
        return;
      }
      // A stream that ended or failed is opened again, from what Kafka has.
      int next = error == null ? 0 : failures + 1;
      calls.backoff(Math.max(1, next), error == null ? new IllegalStateException("stream ended") : error)
          .thenRun(() -> listen(chat, next));
    });
  }

  private void onEvent(Chat<S> chat, E event) {
    chat.write(() -> source.write(chat, event), () -> source.written(chat, event)).whenComplete((x, e) -> {
      if (e != null) {
        log.warn("{}: could not record a stream event ({}), reconnecting", chat, e.toString());
      }
      if (e != null || !chat.active()) { // cut: it resumes from what Kafka has, or nothing more will come
        CompletableFuture<?> stream = streams.get(chat);
        if (stream != null) {
          stream.cancel(true);
        }
      }
    });
  }

  private static int status(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof PlatformCallFailed failed) {
        return failed.status();
      }
    }
    return 0;
  }

  /** Closes every stream (the connector stops). */
  public void close() {
    closed = true;
    streams.values().forEach(f -> f.cancel(true));
    streams.clear();
  }
}
