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
 * {@code responses}, never on the Kafka producer's I/O thread that completes the acknowledgement. The answer is kept
 * for retries with the same Idempotency-Key (the answer waits until it is kept); a 503 releases the key.
 */
public final class Acknowledgements {
  private static final Logger log = LoggerFactory.getLogger(Acknowledgements.class);

  private Acknowledgements() {}

  public static void answerWhenAcked(Context ctx, String what, CompletableFuture<?> acked, Executor responses,
      Idempotency.Claim claim, Supplier<ObjectNode> onAck) {
    answerWhenAcked(ctx, what, acked, responses, claim, 202, null, onAck);
  }

  /** {@code status} and {@code location} (may be null) of the success answer. */
  public static void answerWhenAcked(Context ctx, String what, CompletableFuture<?> acked, Executor responses,
      Idempotency.Claim claim, int status, String location, Supplier<ObjectNode> onAck) {
    ctx.future(() -> acked.handleAsync((ok, error) -> {
      if (error != null) {
        claim.release();
        log.warn("{} not acknowledged by Kafka: {}", what, error.toString());
        ctx.header("Retry-After", "5");
        ErrorHandling.write(ctx, unavailable());
        return CompletableFuture.completedFuture(null);
      }
      ObjectNode answer = onAck.get();
      String body = answer == null ? "" : Json.write(answer);
      // answered once the answer is kept too, so that a retry on any instance gets it
      return claim.complete(status, answer == null ? null : "application/json", body, location)
          .handleAsync((kept, notKept) -> {
            if (notKept != null) {
              log.warn("the answer to {} was not kept for retries: {}", what, notKept.toString());
            }
            if (location != null) {
              ctx.header("Location", location);
            }
            ctx.status(status);
            if (answer == null) {
              ctx.result("");
            } else {
              ctx.contentType("application/json");
              ctx.result(body);
            }
            return null;
          }, responses);
    }, responses).thenCompose(f -> f));
  }

  public static Problem unavailable() {
    return Problem.typed(503, "event-log-unavailable", "Event log unavailable",
        "the event could not be stored in Kafka in time and was not accepted; retry later", List.of());
  }
}
