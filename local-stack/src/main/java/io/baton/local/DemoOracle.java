package io.baton.local;

import io.baton.sandbox.SandboxAddress;
import io.baton.sandbox.oracle.OracleChatSimulator;
import java.util.Map;

/**
 * The demo tenant's Oracle B2C Service chat, connected as an administrator would: the connection {@code oracle_chat}
 * through the ingress API, with the sandbox site's URL (in place of {@code https://<site>.custhelp.com}), its API
 * user and password, and the interface and chat queue the demo's chats go to. Oracle needs no webhook: the connector
 * polls.
 */
public final class DemoOracle {
  public static final String CONNECTION = "oracle_chat";
  /** The sandbox site's interface and chat queue (the sandbox takes any id and routes every chat to its agents). */
  static final String INTERFACE_ID = "1";
  static final String QUEUE_ID = "1";

  private final SandboxAddress sandbox;
  private final DemoConnections connections;

  /**
   * @param sandbox    where the sandbox is (its Oracle site at {@code oracleSiteUrl()})
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoOracle(SandboxAddress sandbox, String ingressUrl, String botKey) {
    this.sandbox = sandbox;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /** The connection, with the availability check on (the sandbox has an agent online unless told otherwise). */
  public void prepare() {
    connections.put(CONNECTION, "oracle_chat", "Oracle B2C Service chat (sandbox)",
        Map.of("siteUrl", sandbox.oracleSiteUrl(), "interfaceId", INTERFACE_ID, "queueId", QUEUE_ID,
            "availabilityCheck", "true"),
        Map.of("username", OracleChatSimulator.USERNAME, "password", OracleChatSimulator.PASSWORD));
  }
}
