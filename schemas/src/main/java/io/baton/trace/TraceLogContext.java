package io.baton.trace;

import org.slf4j.MDC;

/**
 * Puts the conversation key and the trace id into the logging context (SLF4J's MDC) for the work on one record or
 * request, and restores what was there on close, so every log line made meanwhile names them.
 */
public final class TraceLogContext implements AutoCloseable {
  public static final String CONVERSATION = "conversation";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  private final String previousConversation;
  private final String previousTrace;
  private final String previousSpan;

  private TraceLogContext(String conversation, TraceParent trace) {
    previousConversation = MDC.get(CONVERSATION);
    previousTrace = MDC.get(TRACE_ID);
    previousSpan = MDC.get(SPAN_ID);
    set(CONVERSATION, conversation);
    set(TRACE_ID, trace == null ? null : trace.traceId());
    set(SPAN_ID, trace == null ? null : trace.parentId());
  }

  /** For the work on one conversation's record or request; either may be null (then the entry is left out). */
  public static TraceLogContext open(String conversation, TraceParent trace) {
    return new TraceLogContext(conversation, trace);
  }

  @Override
  public void close() {
    set(CONVERSATION, previousConversation);
    set(TRACE_ID, previousTrace);
    set(SPAN_ID, previousSpan);
  }

  private static void set(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
