package io.baton.local;

import io.baton.service.EnvironmentSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ports the local stack listens on, each with the variable that moves it. Checked before anything starts, so a
 * second {@code ./baton up} says in one line that a port is taken (a stack already running, most likely) instead of
 * failing half-way with a stack trace.
 */
final class StackPorts {
  private StackPorts() {}

  /** Every port of the stack, by the variable that sets it, with the stack's defaults. */
  static Map<String, Integer> of(Map<String, String> env) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (!env.containsKey("BATON_KAFKA_BOOTSTRAP")) { // no broker of its own beside another Kafka
      int kafka = EnvironmentSettings.integer(env, "BATON_KAFKA_PORT", 9092);
      ports.put("BATON_KAFKA_PORT", kafka);
      ports.put("BATON_KAFKA_PORT (+1, the controller)", kafka == 0 ? 0 : kafka + 1);
    }
    ports.put("BATON_INGRESS_PORT", EnvironmentSettings.integer(env, "BATON_INGRESS_PORT", 8080));
    if (env.getOrDefault("BATON_SANDBOX_URL", "").isBlank()) { // else a sandbox elsewhere, none of its own
      ports.put("SANDBOX_PORT", EnvironmentSettings.integer(env, "SANDBOX_PORT", 8090));
    }
    ports.put("BATON_DIXA_WEBHOOK_PORT", EnvironmentSettings.integer(env, "BATON_DIXA_WEBHOOK_PORT", 8095));
    ports.put("BATON_ZENDESK_WEBHOOK_PORT", EnvironmentSettings.integer(env, "BATON_ZENDESK_WEBHOOK_PORT", 8096));
    ports.put("BATON_CHAT2DESK_WEBHOOK_PORT",
        EnvironmentSettings.integer(env, "BATON_CHAT2DESK_WEBHOOK_PORT", 8097));
    ports.put("BATON_MISC_WEBHOOK_PORT", EnvironmentSettings.integer(env, "BATON_MISC_WEBHOOK_PORT", 8098));
    if (!"off".equals(env.getOrDefault("BATON_OPS_PORT", "").trim())) {
      ports.put("BATON_OPS_PORT", EnvironmentSettings.integer(env, "BATON_OPS_PORT", 9180));
    }
    return ports;
  }

  /** The line to print when a port is taken; empty when every port is free (0 = any port: always free). */
  static Optional<String> taken(Map<String, String> env) {
    for (Map.Entry<String, Integer> port : of(env).entrySet()) {
      if (port.getValue() != 0 && !free(port.getValue()) && !ownSandbox(port.getKey(), env)) {
        return Optional.of("Baton is already running, or another program uses port " + port.getValue() + " ("
            + port.getKey() + "): stop it, or move Baton with that variable.");
      }
    }
    return Optional.empty();
  }

  /** The stack's own sandbox, left running by its last stop: the stack uses it, the port is not "taken". */
  private static boolean ownSandbox(String variable, Map<String, String> env) {
    return "SANDBOX_PORT".equals(variable) && SandboxProcess.identify(SandboxProcess.local(env)).isPresent();
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // a port in TIME_WAIT after a clean stop is free to listen on
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
