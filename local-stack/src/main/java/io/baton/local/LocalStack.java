package io.baton.local;

import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of Baton on one machine, in one process: a real KRaft broker, the router, the Salesforce connector, the
 * ingress with its widget gateway and demo page, the helpdesk sandbox with its agent console, and a demo bot.
 * Data lives under {@code ./.baton/} ({@code BATON_HOME}).
 */
public final class LocalStack {
  private final List<Service> started = new ArrayList<>();

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    Map<String, String> env = new HashMap<>(System.getenv());
    Path home = Path.of(env.getOrDefault("BATON_HOME", ".baton"));
    int kafkaPort = Integer.parseInt(env.getOrDefault("BATON_KAFKA_PORT", "9092"));
    LocalStack stack = new LocalStack();
    Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-shutdown"));

    KraftBroker broker = stack.start(new KraftBroker(home.resolve("kafka"), kafkaPort, kafkaPort + 1));
    env.putIfAbsent("BATON_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    env.putIfAbsent("BATON_ROUTER_STATE_DIR", home.resolve("router-state").toString());
    KafkaSettings kafka = KafkaSettings.fromEnv(env);

    HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.fromEnv(env));
    stack.started.add((Stoppable) sandbox::close);
    env.putIfAbsent("BATON_SALESFORCE_LIVEAGENT_URL", sandbox.liveAgentRestUrl());

    stack.start(new RouterService(RouterConfig.fromEnv(env), kafka));
    stack.start(SalesforceConnector.liveAgent(SalesforceConfig.fromEnv(env), kafka));
    IngressService ingress = stack.start(new IngressService(IngressConfig.fromEnv(env), kafka));
    stack.start(new DemoBot(kafka, "http://localhost:" + ingress.port()));

    System.out.printf("%nBaton is up in %.1f s.%n  chat as a visitor:  http://localhost:%d/demo/%n"
            + "  answer as an agent: %s/console/%n  Kafka:              %s%nCtrl-C stops everything.%n",
        (System.nanoTime() - t0) / 1e9, ingress.port(), sandbox.baseUrl(), broker.bootstrapServers());
  }

  private <S extends Service> S start(S service) {
    service.start();
    started.add(service);
    return service;
  }

  private void stop() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).stop();
      } catch (RuntimeException e) {
        System.err.println("stopping " + started.get(i) + ": " + e.getMessage());
      }
    }
  }

  private interface Stoppable extends Service {
    @Override
    default void start() {}
  }
}
