package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackPortsTest {
  /** Every port of the stack at 0 (any port), but the ones given. */
  private static Map<String, String> env(Map<String, String> set) {
    Map<String, String> env = new HashMap<>();
    for (String name : new String[] {"BATON_KAFKA_PORT", "BATON_INGRESS_PORT", "SANDBOX_PORT",
        "BATON_DIXA_WEBHOOK_PORT", "BATON_ZENDESK_WEBHOOK_PORT", "BATON_CHAT2DESK_WEBHOOK_PORT",
        "BATON_MISC_WEBHOOK_PORT", "BATON_OPS_PORT"}) {
      env.put(name, "0");
    }
    env.putAll(set);
    return env;
  }

  @Test
  void aTakenPortIsSaidInOneLineWithTheVariableThatMovesIt() throws Exception {
    try (ServerSocket running = new ServerSocket()) {
      running.bind(new InetSocketAddress(0));
      int port = running.getLocalPort();
      assertEquals(Optional.of("Baton is already running, or another program uses port " + port
          + " (BATON_INGRESS_PORT): stop it, or move Baton with that variable."),
          StackPorts.taken(env(Map.of("BATON_INGRESS_PORT", String.valueOf(port)))));
    }
  }

  @Test
  void theStacksOwnSandboxLeftRunningIsNotATakenPortButAnotherProgramThereIs() throws Exception {
    try (HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0))) {
      assertEquals(Optional.empty(), StackPorts.taken(env(Map.of("SANDBOX_PORT", String.valueOf(sandbox.port())))));
    }
    try (ServerSocket other = new ServerSocket()) {
      other.bind(new InetSocketAddress(0));
      int port = other.getLocalPort();
      assertEquals(Optional.of("Baton is already running, or another program uses port " + port
          + " (SANDBOX_PORT): stop it, or move Baton with that variable."),
          StackPorts.taken(env(Map.of("SANDBOX_PORT", String.valueOf(port)))));
    }
  }

  @Test
  void aTakenOperationsPortIsSaidWithItsVariableAndOffTakesNone() throws Exception {
    try (ServerSocket running = new ServerSocket()) {
      running.bind(new InetSocketAddress(0));
      int port = running.getLocalPort();
      assertEquals(Optional.of("Baton is already running, or another program uses port " + port
          + " (BATON_OPS_PORT): stop it, or move Baton with that variable."),
          StackPorts.taken(env(Map.of("BATON_OPS_PORT", String.valueOf(port)))));
    }
    assertEquals(false, StackPorts.of(Map.of("BATON_OPS_PORT", "off")).containsKey("BATON_OPS_PORT"));
  }

  @Test
  void aSandboxNamedByUrlTakesNoPortOfTheStack() {
    assertEquals(false, StackPorts.of(Map.of("BATON_SANDBOX_URL", "http://localhost:1")).containsKey("SANDBOX_PORT"));
  }

  @Test
  void freePortsAreNotTaken() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(0));
      port = probe.getLocalPort();
    }
    assertEquals(Optional.empty(), StackPorts.taken(env(Map.of("BATON_MISC_WEBHOOK_PORT", String.valueOf(port)))));
  }

  @Test
  void theDefaultsAreTheStacksPorts() {
    assertEquals(Map.of("BATON_KAFKA_PORT", 9092, "BATON_KAFKA_PORT (+1, the controller)", 9093,
        "BATON_INGRESS_PORT", 8080, "SANDBOX_PORT", 8090, "BATON_DIXA_WEBHOOK_PORT", 8095,
        "BATON_ZENDESK_WEBHOOK_PORT", 8096, "BATON_CHAT2DESK_WEBHOOK_PORT", 8097, "BATON_MISC_WEBHOOK_PORT", 8098,
        "BATON_OPS_PORT", 9180),
        StackPorts.of(Map.of()));
  }
}
