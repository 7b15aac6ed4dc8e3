package io.baton.local;

import io.baton.sandbox.SandboxAddress;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The demo tenant's Gorgias, connected as an administrator would: the connection {@code gorgias} through the ingress
 * API, with the sandbox account's API user (email and REST API key, Settings > REST API) and the team tickets go to.
 * The connector's activation then creates its HTTP integration at the sandbox's Gorgias (or finds the one it made
 * before a restart; the sandbox posts plain http to localhost and to dot-less hosts such as docker-compose services).
 */
public final class DemoGorgias {
  public static final String CONNECTION = "gorgias";
  /** The sandbox team the demo bot's Gorgias tickets are assigned to. */
  static final String TEAM = "Support";

  private final SandboxAddress sandbox;
  private final DemoConnections connections;

  /**
   * @param sandbox    where the sandbox is
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoGorgias(SandboxAddress sandbox, String ingressUrl, String botKey) {
    this.sandbox = sandbox;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /**
   * The connection; its {@code apiUrl} is the connector's {@code BATON_GORGIAS_API_URL}, its webhook secret the one
   * the connector derives (no {@code webhookSecret}).
   */
  public void prepare() {
    connections.put(CONNECTION, "gorgias", "Gorgias (sandbox)", Map.of("teamId", teamId()),
        Map.of("email", GorgiasSimulator.API_EMAIL, "apiKey", GorgiasSimulator.API_KEY));
  }

  /** The id of the team tickets go to, as Gorgias's API lists it. */
  public String teamId() {
    String basic = "Basic " + Base64.getEncoder().encodeToString((GorgiasSimulator.API_EMAIL + ":"
        + GorgiasSimulator.API_KEY).getBytes(StandardCharsets.UTF_8));
    return DemoConnections.named(connections.call("GET", sandbox.gorgiasUrl() + "/teams", basic, null)
        .path("data"), "/name", TEAM).map(t -> t.path("id").asText())
        .orElseThrow(() -> new IllegalStateException("the sandbox's Gorgias has no team " + TEAM));
  }
}
