package io.baton.local;

import io.baton.sandbox.gorgias.GorgiasSimulator;
import java.util.Map;

/**
 * The demo tenant's Gorgias, connected as an administrator would: the connection {@code gorgias} through the ingress
 * API, with the sandbox account's API user (email and REST API key, Settings > REST API) and the team tickets go to.
 * The connector's activation then creates its HTTP integration at the sandbox's Gorgias (which starts empty each
 * time, and posts plain http to localhost and to dot-less hosts such as docker-compose services).
 */
public final class DemoGorgias {
  public static final String CONNECTION = "gorgias";
  /** The sandbox team the demo bot's Gorgias tickets are assigned to. */
  static final String TEAM = "Support";

  private final GorgiasSimulator gorgias;
  private final DemoConnections connections;

  /**
   * @param gorgias    the sandbox's Gorgias
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoGorgias(GorgiasSimulator gorgias, String ingressUrl, String botKey) {
    this.gorgias = gorgias;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /**
   * The connection; its {@code apiUrl} is the connector's {@code BATON_GORGIAS_API_URL}, its webhook secret the one
   * the connector derives (no {@code webhookSecret}).
   */
  public void prepare() {
    connections.put(CONNECTION, "gorgias", "Gorgias (sandbox)", Map.of("teamId", teamId()),
        Map.of("email", gorgias.apiEmail(), "apiKey", gorgias.apiKey()));
  }

  /** The id of the team tickets go to (made in the sandbox's account when it has none). */
  public String teamId() {
    return Long.toString(gorgias.team(TEAM));
  }
}
