package io.baton.connector.polling;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-polling family: one poll loop per chat for platforms the connector asks for news (a request the platform
 * holds until something happens). A loop is a chain of futures, never a thread: the platform's {@link Exchange}
 * sends one request and says what its answer means; the answer's agent events and the link with the new cursor are
 * one {@link Chat#write} (the events acknowledged, then the link), and only once Kafka has both is the next request
 * sent, so a crash at any point before polls the same answer again; its events keep their deterministic ids, and the
 * router drops what was written before the crash. A failed request or write is
 * never given up while the chat is live: the loop backs off through {@link PlatformCalls#backoff} (honouring
 * {@code Retry-After}) and polls again. The loop ends when the chat is no longer {@link Chat#active()}; {@link #stop}
 * cancels the request in flight.
 *
 * @param <S> the platform's state of a chat
 * @param <R> a poll answer (an HTTP response, say)
 */
public final class LongPoll<S, R> {
  private static final Logger log = LoggerFactory.getLogger(LongPoll.class);

  /** The platform's part: the request, and what an answer means. */
  public interface Exchange<S, R> {
    /** One poll with the chat's current cursor (through the runtime's {@code PlatformCalls}, for the rate limit). */
    CompletableFuture<R> request(Chat<S> chat);

    /** What the answer means; may throw (an unreadable answer), which backs off and polls again. */
    Answer answer(Chat<S> chat, R answer);
  }

  /** What the loop does with an answer. */
  public static final class Answer {
    private static final Answer AGAIN = new Answer(null, null, null, false);
    private static final Answer STOP = new Answer(null, null, null, true);
    private final Supplier<ChatWrite> write;
    private final Runnable written;
    private final CompletionStage<?> wait;
    private final boolean stop;

    private Answer(Supplier<ChatWrite> write, Runnable written, CompletionStage<?> wait, boolean stop) {
      this.write = write;
      this.written = written;
      this.wait = wait;
      this.stop = stop;
    }

    /**
     * News: {@code write} (built in the chat's write chain: events and the link as it will be with the new cursor)
     * goes to Kafka, then {@code written} moves the chat's cursor, then the next poll goes out.
     */
    public static Answer write(Supplier<ChatWrite> write, Runnable written) {
      return new Answer(write, written, null, false);
    }

    /** Nothing new (the platform's hold ended): poll again at once. */
    public static Answer again() {
      return AGAIN;
    }

    /** Poll again once {@code stage} completed (a reconnect, say); its failure backs off first. */
    public static Answer after(CompletionStage<?> stage) {
      return new Answer(null, null, stage, false);
    }

    /** This chat's loop ends (the platform ended the session; the platform already said so through the chat). */
    public static Answer stop() {
      return STOP;
    }
  }

  private final PlatformCalls calls;
  private final Exchange<S, R> exchange;
  private final Map<Chat<S>, CompletableFuture<?>> loops = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public LongPoll(PlatformCalls calls, Exchange<S, R> exchange) {
    this.calls = calls;
    this.exchange = exchange;
  }

  /** Starts the chat's loop after {@code delay} (a resumed chat may wait out its previous owner's last poll). */
  public void start(Chat<S> chat, Duration delay) {
    if (loops.putIfAbsent(chat, CompletableFuture.completedFuture(null)) != null) {
      return; // already polling
    }
    if (delay.isZero() || delay.isNegative()) {
      poll(chat, 0);
    } else {
      CompletableFuture.runAsync(() -> poll(chat, 0),
          CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  /** Ends the chat's loop and cancels its request in flight. */
  public CompletionStage<Void> stop(Chat<S> chat) {
    CompletableFuture<?> inFlight = loops.remove(chat);
    if (inFlight != null) {
      inFlight.cancel(true);
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Chats being polled now (tests, metrics). */
  public int polling() {
    return loops.size();
  }

  private boolean stopped(Chat<S> chat) {
    if (closed || !chat.active() || !loops.containsKey(chat)) {
      loops.remove(chat);
      return true;
    }
    return false;
  }

  private void poll(Chat<S> chat, int failures) {
    if (stopped(chat)) {
      return;
    }
    CompletableFuture<R> request = exchange.request(chat);
    if (loops.replace(chat, request) == null) {
      request.cancel(true); // stopped meanwhile
      return;
    }
    request.whenComplete((answer, error) -> {
      if (stopped(chat)) {
        return;
      }
      if (error != null) {
        retry(chat, failures, error);
        return;
      }
      Answer next;
      try {
        next = exchange.answer(chat, answer);
      } catch (RuntimeException e) {
        retry(chat, failures, e);
        return;
      }
      if (next.stop) {
        loops.remove(chat);
      } else if (next.write != null) {
        then(chat, failures, chat.write(next.write, next.written).whenComplete((x, e) -> {
          if (e != null) {
            log.warn("{}: could not record a poll answer ({}), polling it again", chat, e.toString());
          }
        }));
      } else {
        then(chat, failures, next.wait != null ? next.wait : CompletableFuture.completedFuture(null));
      }
    });
  }

  /** The next poll once {@code stage} completed; at once when it succeeded, after a backoff when it failed. */
  private void then(Chat<S> chat, int failures, CompletionStage<?> stage) {
    stage.whenComplete((x, e) -> {
      if (e != null) {
        retry(chat, failures, e);
      } else {
        poll(chat, 0);
      }
    });
  }

  /** A failed poll is never given up while the chat is live: it backs off, honouring Retry-After. */
  private void retry(Chat<S> chat, int failures, Throwable error) {
    log.debug("{}: poll failed ({}), polling again", chat, error.toString());
    calls.backoff(failures + 1, error).whenComplete((x, e) -> {
      if (e == null) {
        poll(chat, failures + 1);
      }
    });
  }

  /** Ends every loop (the connector stops). */
  public void close() {
    closed = true;
    loops.values().forEach(f -> f.cancel(true));
    loops.clear();
  }
}
