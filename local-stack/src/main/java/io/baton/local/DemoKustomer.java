package io.baton.local;

import io.baton.sandbox.SandboxAddress;
import io.baton.sandbox.kustomer.KustomerSimulator;
import java.util.Map;

/**
 * The demo tenant's Kustomer, connected as an administrator would: the connection {@code kustomer} through the
 * ingress API, with the sandbox org's default API key and its plan. The connector's activation then registers its
 * outbound webhook at the sandbox's Kustomer (reusing the one it registered before a restart; the sandbox takes plain
 * http to localhost and to dot-less hosts such as docker-compose services).
 */
public final class DemoKustomer {
  public static final String CONNECTION = "kustomer";
  /** The sandbox queue the demo bot's Kustomer handovers are routed to. */
  static final String QUEUE = "Support";

  private final SandboxAddress sandbox;
  private final DemoConnections connections;

  /**
   * @param sandbox    where the sandbox is
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoKustomer(SandboxAddress sandbox, String ingressUrl, String botKey) {
    this.sandbox = sandbox;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /** The connection; its webhook is the connector's own URL for it (no {@code webhookUrl} setting). */
  public void prepare() {
    connections.put(CONNECTION, "kustomer", "Kustomer (sandbox)", Map.of("plan", "business"),
        Map.of("apiKey", KustomerSimulator.API_KEY));
  }

  /** The id of the queue handovers go to, as Kustomer's API lists it. */
  public String queueId() {
    return DemoConnections.named(connections.call("GET", sandbox.kustomerUrl() + "/v1/queues",
        "Bearer " + KustomerSimulator.API_KEY, null).path("data"), "/attributes/name", QUEUE)
        .map(q -> q.path("id").asText())
        .orElseThrow(() -> new IllegalStateException("the sandbox's Kustomer has no queue " + QUEUE));
  }
}
