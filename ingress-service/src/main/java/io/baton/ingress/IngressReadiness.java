package io.baton.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.http.Json;
import io.baton.ingress.kafka.WriteOutcomes;
import io.baton.operations.HealthCheck;
import io.baton.operations.HealthCheck.Status;
import io.baton.operations.Operations;
import io.baton.operations.kafka.KafkaContact;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ingress's readiness, the same on the operations port ({@code /health/ready}) and on its own {@code GET /health}
 * (a load balancer that reaches only the API port sees it too): {@code ingress.produce}, Kafka answers the ingress
 * and its last write did not fail within the patience (an idle producer hears from Kafka only every few minutes, so
 * the answers are those of the conversation log's reader, which fetches all the time, to the same cluster); and
 * {@code ingress.conversation-log}, the reader polls, hears from Kafka and is caught up.
 */
final class IngressReadiness {
  static final String PRODUCE = "ingress.produce";
  static final String CONVERSATION_LOG = "ingress.conversation-log";
  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();

  IngressReadiness(HealthCheck produce, HealthCheck conversationLog) {
    checks.put(PRODUCE, produce);
    checks.put(CONVERSATION_LOG, conversationLog);
  }

  /** Down while a write failed lately (and none was acknowledged since), or while Kafka does not answer. */
  static HealthCheck produce(WriteOutcomes writes, KafkaContact contact, Duration window) {
    return () -> {
      var failure = writes.recentFailure(window);
      return failure.isPresent() ? Status.down(failure.get()) : contact.status();
    };
  }

  void register() {
    checks.forEach(Operations.process()::ready);
  }

  void forget() {
    checks.forEach(Operations.process()::forget);
  }

  /** {@code GET /health}: 200 when every check is up, else 503; the body names each check, as the operations port. */
  void serve(Context ctx) {
    ObjectNode body = Json.object();
    ObjectNode each = Json.object();
    boolean up = true;
    for (Map.Entry<String, HealthCheck> check : checks.entrySet()) {
      Status status;
      try {
        status = check.getValue().check();
      } catch (RuntimeException e) {
        status = Status.down(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      up &= status.up();
      each.putObject(check.getKey()).put("status", status.up() ? "UP" : "DOWN").put("detail", status.detail());
    }
    body.put("status", up ? "UP" : "DOWN").set("checks", each);
    ctx.status(up ? 200 : 503).contentType("application/json").result(Json.write(body));
  }
}
