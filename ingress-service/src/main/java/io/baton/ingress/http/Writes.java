package io.baton.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.kafka.Traceparent;
import io.baton.topics.ConversationKey;
import io.baton.topics.TopicSpec;
import io.javalin.http.Context;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every write endpoint shares: the body limit, the Idempotency-Key table, the publisher and the pool answers are
 * written on. A write endpoint reads its body, {@link #claim}s the key (returning at once on a replay), validates
 * (releasing the claim when that throws) and {@link #publish}es.
 */
public record Writes(int maxBodyBytes, Idempotency idempotency, EventPublisher publisher, Executor responses) {

  public ObjectNode body(Context ctx) {
    return JsonBodies.readObject(ctx, maxBodyBytes);
  }

  public Idempotency.Claim claim(Context ctx, String tenant, ObjectNode body) {
    return idempotency.claim(ctx, tenant, body == null ? "" : Json.write(body));
  }

  public <V> void publish(Context ctx, Idempotency.Claim claim, TopicSpec<String, V> topic, ConversationKey key,
      V value, String what, Supplier<ObjectNode> onAck) {
    var acked = publisher.publish(topic, key, value, Traceparent.childOf(ctx.header("traceparent")));
    Acknowledgements.answerWhenAcked(ctx, what, acked, responses, claim, onAck);
  }
}
