package io.baton.connector.calls;

import io.baton.trace.TraceParent;
import java.util.function.Supplier;

/**
 * The trace of the command (or platform event) being handled, for the platform calls it makes: set around the
 * synchronous part of a command's handling ({@code ConnectorHost}), read where a call is sent ({@link PlatformHttp}),
 * and set again while a call's answer completes, so that a call chained on it carries the same trace.
 */
public final class CallTrace {
  private static final ThreadLocal<TraceParent> CURRENT = new ThreadLocal<>();

  private CallTrace() {}

  /** The trace being handled on this thread, or null. */
  public static TraceParent current() {
    return CURRENT.get();
  }

  /** Runs {@code work} with {@code trace} current (null: none), restoring what was current before. */
  public static <T> T with(TraceParent trace, Supplier<T> work) {
    TraceParent before = CURRENT.get();
    set(trace);
    try {
      return work.get();
    } finally {
      set(before);
    }
  }

  public static void run(TraceParent trace, Runnable work) {
    with(trace, () -> {
      work.run();
      return null;
    });
  }

  private static void set(TraceParent trace) {
    if (trace == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(trace);
    }
  }
}
