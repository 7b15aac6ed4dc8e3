package io.baton.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every write endpoint shares: the body limit, the Idempotency-Key table, the publisher and the pool answers are
 * written on. A write endpoint reads its body, {@link #claim}s the key (returning at once on a replay), validates
 * (releasing the claim when that throws), takes its record's event id from the claim ({@link Idempotency.Claim#eventId})
 * and {@link #publishInput}s.
 *
 * @param haltAfterAck test only ({@code BATON_TEST_CRASH_AFTER_ACK}, read by {@code IngressMain} alone): the JVM halts
 *     right after Kafka acknowledged a router input and before the answer is written, as a crash there would
 */
public record Writes(int maxBodyBytes, Idempotency idempotency, EventPublisher publisher, Executor responses,
    boolean haltAfterAck) {
  private static final Logger log = LoggerFactory.getLogger(Writes.class);

  public Writes(int maxBodyBytes, Idempotency idempotency, EventPublisher publisher, Executor responses) {
    this(maxBodyBytes, idempotency, publisher, responses, false);
  }

  public ObjectNode body(Context ctx) {
    return JsonBodies.readObject(ctx, maxBodyBytes);
  }

  public Idempotency.Claim claim(Context ctx, String tenant, ObjectNode body) {
    return idempotency.claim(ctx, tenant, body == null ? "" : Json.write(body));
  }

  /**
   * Writes a router input (handover request, visitor or bot event) to conversation.inputs.v1, keyed by its
   * conversation, and answers once Kafka acknowledged it.
   */
  public void publishInput(Context ctx, Idempotency.Claim claim, ConversationKey key, SpecificRecord input,
      String what, Supplier<ObjectNode> onAck) {
    RequestTrace.conversation(key.toString());
    RequestTrace trace = RequestTrace.of(ctx);
    log.debug("writing {}", what);
    CompletableFuture<?> acked = publisher.publishInput(key, input, trace.parent(), trace.state());
    if (haltAfterAck) {
      acked = acked.whenComplete((ok, error) -> {
        if (error == null) {
          log.error("BATON_TEST_CRASH_AFTER_ACK: halting after Kafka acknowledged {}, before answering", what);
          Runtime.getRuntime().halt(137);
        }
      });
    }
    Acknowledgements.answerWhenAcked(ctx, what, acked, responses, claim, onAck);
  }
}
