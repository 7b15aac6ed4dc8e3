package io.baton.ingress.gateway;

import io.baton.events.ConversationEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One widget's open event stream. Events and keep-alives are queued by any thread and written, in order, by one task
 * at a time on a shared executor, so no thread is parked per stream and the log reader never waits for a slow client.
 * It sends each sequence at most once and only ascending ones ({@code lastSentSequence}), so the backlog of a
 * subscription and live events may overlap without doubling anything.
 */
final class SseStream implements ConversationLog.Subscriber {
  static final String KEEP_ALIVE = ": keep-alive\n\n";
  /** A client this far behind is dropped; its EventSource reconnects with Last-Event-ID and catches up. */
  private static final int MAX_PENDING = 10_000;

  private final OutputStream out;
  private final Executor writer;
  private final Queue<Object> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile Runnable onClose = () -> {};
  private long lastSentSequence; // only the writing task touches it

  SseStream(OutputStream out, Executor writer, long lastEventId) {
    this.out = out;
    this.writer = writer;
    this.lastSentSequence = lastEventId;
  }

  /** Completes when the stream is over (client gone, or the service stopping). */
  CompletableFuture<Void> closed() {
    return closed;
  }

  void onClose(Runnable onClose) {
    this.onClose = onClose;
    if (closed.isDone()) {
      onClose.run();
    }
  }

  @Override
  public void deliver(List<ConversationEvent> events) {
    enqueue(events);
  }

  void keepAlive() {
    enqueue(List.of(KEEP_ALIVE));
  }

  private void enqueue(List<?> items) {
    if (closed.isDone()) {
      return;
    }
    if (pendingCount.addAndGet(items.size()) > MAX_PENDING) {
      try {
        writer.execute(this::close); // not inline: the caller may be the log reader holding the log's lock
      } catch (RejectedExecutionException e) {
        close();
      }
      return;
    }
    pending.addAll(items);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        writer.execute(this::drain);
      } catch (RejectedExecutionException e) {
        close(); // the service is stopping
      }
    }
  }

  private void drain() {
    try {
      Object item;
      boolean wrote = false;
      while (!closed.isDone() && (item = pending.poll()) != null) {
        pendingCount.decrementAndGet();
        Optional<String> text = item instanceof ConversationEvent e ? frame(e) : Optional.of((String) item);
        if (text.isPresent()) {
          out.write(text.get().getBytes(StandardCharsets.UTF_8));
          wrote = true;
        }
      }
      if (wrote && !closed.isDone()) {
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      close(); // the client went away; its EventSource resumes elsewhere with Last-Event-ID
      return;
    } finally {
      scheduled.set(false);
    }
    if (!pending.isEmpty()) {
      schedule(); // items that arrived after the queue looked empty
    }
  }

  private Optional<String> frame(ConversationEvent e) {
    if (e.getSequence() <= lastSentSequence) {
      return Optional.empty();
    }
    lastSentSequence = e.getSequence();
    return WidgetEventJson.frame(e);
  }

  void close() {
    if (closed.complete(null)) {
      pending.clear();
      onClose.run();
    }
  }
}
