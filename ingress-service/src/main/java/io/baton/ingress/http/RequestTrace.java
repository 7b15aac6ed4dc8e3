package io.baton.ingress.http;

import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceLogContext;
import io.baton.trace.TraceParent;
import io.javalin.http.Context;
import org.slf4j.MDC;

/**
 * A request's trace: the caller's {@code traceparent} continued with the ingress's own span when it is valid, else a
 * new trace, and its {@code tracestate} passed on untouched. Set by the request filter, put on every record the
 * request writes, and named (with the conversation, once known) on every log line made while handling it.
 */
public record RequestTrace(TraceParent parent, String state) {
  private static final String ATTRIBUTE = "baton.trace";

  /** The request filter's start: the trace for this request, into the logging context. */
  public static void begin(Context ctx) {
    RequestTrace trace = new RequestTrace(TraceParent.continueOrStart(ctx.header(TraceParent.HEADER)),
        ctx.header(TraceHeaders.TRACESTATE));
    ctx.attribute(ATTRIBUTE, trace);
    MDC.remove(TraceLogContext.CONVERSATION); // a pooled thread may carry what its last request left
    MDC.put(TraceLogContext.TRACE_ID, trace.parent.traceId());
    MDC.put(TraceLogContext.SPAN_ID, trace.parent.parentId());
  }

  /** The conversation the request is about, once it is known (its key names the tenant, known after auth). */
  public static void conversation(String key) {
    MDC.put(TraceLogContext.CONVERSATION, key);
  }

  /** The request filter's end. */
  public static void end() {
    MDC.remove(TraceLogContext.CONVERSATION);
    MDC.remove(TraceLogContext.TRACE_ID);
    MDC.remove(TraceLogContext.SPAN_ID);
  }

  /** This request's trace (a new one where no filter ran, as for requests outside /v1). */
  public static RequestTrace of(Context ctx) {
    RequestTrace trace = ctx.attribute(ATTRIBUTE);
    return trace != null ? trace
        : new RequestTrace(TraceParent.continueOrStart(ctx.header(TraceParent.HEADER)),
            ctx.header(TraceHeaders.TRACESTATE));
  }

  /** For a record written outside any request (a token claim's release): a trace of its own. */
  public static RequestTrace none() {
    return new RequestTrace(TraceParent.start(), null);
  }
}
