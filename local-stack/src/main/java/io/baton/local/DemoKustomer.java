package io.baton.local;

import io.baton.sandbox.kustomer.KustomerSimulator;
import java.util.Map;

/**
 * The demo tenant's Kustomer, connected as an administrator would: the connection {@code kustomer} through the
 * ingress API, with the sandbox org's default API key and its plan. The connector's activation then registers its
 * outbound webhook at the sandbox's Kustomer (which starts empty each time, and takes plain http to localhost and to
 * dot-less hosts such as docker-compose services).
 */
public final class DemoKustomer {
  public static final String CONNECTION = "kustomer";
  /** The sandbox queue the demo bot's Kustomer handovers are routed to. */
  static final String QUEUE = "Support";

  private final KustomerSimulator kustomer;
  private final DemoConnections connections;

  /**
   * @param kustomer   the sandbox's Kustomer
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoKustomer(KustomerSimulator kustomer, String ingressUrl, String botKey) {
    this.kustomer = kustomer;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /** The connection; its webhook is the connector's own URL for it (no {@code webhookUrl} setting). */
  public void prepare() {
    connections.put(CONNECTION, "kustomer", "Kustomer (sandbox)", Map.of("plan", "business"),
        Map.of("apiKey", kustomer.apiKey()));
  }

  /** The id of the queue handovers go to (the sandbox makes new ids at each start). */
  public String queueId() {
    return kustomer.queue(QUEUE);
  }
}
