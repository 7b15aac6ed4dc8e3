package io.baton.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a write request only once Kafka has acknowledged the record: 202 with a small JSON body, or 503 when the
 * record could not be stored. The request is parked meanwhile (no Jetty thread waits), and the answer is written on
 * {@code responses}, never on the Kafka producer's I/O thread that completes the acknowledgement.
 */
public final class Acknowledgements {
  private static final Logger log = LoggerFactory.getLogger(Acknowledgements.class);

  private Acknowledgements() {}

  public static void answerWhenAcked(Context ctx, String what, CompletableFuture<?> acked, Executor responses,
      Supplier<ObjectNode> onAck) {
    ctx.future(() -> acked.handleAsync((ok, error) -> {
      if (error != null) {
        log.warn("{} not acknowledged by Kafka: {}", what, error.toString());
        ctx.header("Retry-After", "5");
        ErrorHandling.write(ctx, unavailable());
      } else {
        ctx.status(202);
        ctx.contentType("application/json");
        ctx.result(Json.write(onAck.get()));
      }
      return null;
    }, responses));
  }

  public static Problem unavailable() {
    return Problem.typed(503, "event-log-unavailable", "Event log unavailable",
        "the event could not be stored in Kafka in time and was not accepted; retry later", List.of());
  }
}
