package io.baton.sandbox.kit;

import io.javalin.Javalin;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The W3C {@code traceparent} headers the sandbox's APIs received, newest last, as {@code "<METHOD> <path>
 * <traceparent>"}: what a test reads to see that a connector's platform call carried its trace. Bounded: the last
 * {@value #KEPT} only.
 */
public final class ReceivedTraces {
  static final int KEPT = 1_000;
  private final Deque<String> calls = new ArrayDeque<>();

  /** Records every request with a traceparent, before any simulator handles (or refuses) it. */
  public void register(Javalin app) {
    app.before(ctx -> {
      String traceparent = ctx.header("traceparent");
      if (traceparent != null) {
        record(ctx.method() + " " + ctx.path() + " " + traceparent);
      }
    });
  }

  private synchronized void record(String call) {
    if (calls.size() == KEPT) {
      calls.removeFirst();
    }
    calls.addLast(call);
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }
}
