package io.baton.bench.soak;

import io.baton.connector.dixa.DixaConnector;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.ingress.DevCredentials;
import io.baton.ingress.IngressMain;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.testkit.ChildJvm;
import io.baton.topics.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Two instances of every Baton service the soak runs, each in a JVM of its own (so SIGKILL is a real crash: no
 * commit, no close, no leaving the group): the router, the ingress, the Salesforce Live Agent connector and the Dixa
 * connector (its webhooks through a {@link WebhookBalancer}, as a deployment's). Restarted instances keep their
 * name, ports, state directory and group instance id, as a restarted pod would.
 */
public final class SoakFleet implements AutoCloseable {
  /** What a kill of one instance disturbs: every conversation, or those of one platform. */
  public enum Service {
    ROUTER("router", null), INGRESS("ingress", null), SALESFORCE("salesforce", "salesforce"), DIXA("dixa", "dixa");

    final String label;
    /** The platform whose conversations alone it carries (its presence key's prefix); null: all of them. */
    final String platform;

    Service(String label, String platform) {
      this.label = label;
      this.platform = platform;
    }
  }

  /** One running instance. */
  public static final class Instance {
    public final Service service;
    public final int index;
    private volatile ChildJvm jvm;

    private Instance(Service service, int index, ChildJvm jvm) {
      this.service = service;
      this.index = index;
      this.jvm = jvm;
    }

    public String name() {
      return service.label + "-" + index;
    }

    public ChildJvm jvm() {
      return jvm;
    }

    /** SIGKILL, then started again with its environment plus {@code extra}. */
    public void killAndRestart(Map<String, String> extra) throws IOException, InterruptedException {
      jvm = jvm.restart(extra);
    }
  }

  /** How long the sandbox's Live Agent holds a long poll (see {@link #start}). */
  public static final Duration LONG_POLL_HOLD = Duration.ofSeconds(2);
  private final Map<String, Instance> instances = new LinkedHashMap<>();
  private final int[] ingressPorts = new int[2];
  private final WebhookBalancer dixaWebhooks;
  private final String bootstrap;
  /**
   * The second Dixa instance starts once the first is up: two instances activating one connection at the same
   * moment each find no webhook subscription and each create one, and Dixa then delivers every event twice (a
   * connector-dixa bug the soak found; see bench/README.md).
   */
  private ThrowingStart secondDixa;

  private interface ThrowingStart {
    void run() throws IOException;
  }

  private SoakFleet(String bootstrap, WebhookBalancer dixaWebhooks) {
    this.bootstrap = bootstrap;
    this.dixaWebhooks = dixaWebhooks;
  }

  /** Starts two of each (their JVMs start at once; {@link #awaitReady} waits for them). */
  public static SoakFleet start(String bootstrap, HelpdeskSandbox sandbox, Path work) throws IOException {
    Map<String, String> common = new HashMap<>(DevCredentials.withDevDefaults(Map.of()));
    common.put("BATON_KAFKA_BOOTSTRAP", bootstrap);
    common.put("BATON_KAFKA_SESSION_TIMEOUT_MS", "3000"); // the group notices a dead member soon
    common.put("BATON_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    common.put("BATON_INGRESS_WEBHOOKS_DISPATCH", "false");
    common.put("BATON_SALESFORCE_LIVEAGENT_URL", sandbox.liveAgentRestUrl());
    // A connector taking over a chat waits out the long poll the dead instance left held (a second poll would end
    // the chat): the sandbox holds polls 2 s instead of Live Agent's 30 s, and the wait matches.
    common.put("BATON_SALESFORCE_RESUME_POLL_DELAY_MS", Long.toString(LONG_POLL_HOLD.toMillis() + 1000));
    common.put("BATON_SALESFORCE_MIAW_URL", sandbox.miawUrl());
    common.put("BATON_DIXA_API_URL", sandbox.dixaUrl());
    common.put("BATON_DIXA_DEFAULT_TOKEN", DixaSimulator.DEFAULT_TOKEN);
    int[] dixaPorts = {freePort(), freePort()};
    SoakFleet fleet = new SoakFleet(bootstrap, new WebhookBalancer(List.of(dixaPorts[0], dixaPorts[1])));
    common.put("BATON_DIXA_WEBHOOK_PUBLIC_URL", fleet.dixaWebhooks.url());
    try {
      for (int i = 0; i < 2; i++) {
        fleet.ingressPorts[i] = freePort();
        fleet.add(Service.ROUTER, i, RouterService.class, work, with(common,
            "BATON_ROUTER_STATE_DIR", work.resolve("router-" + i + "-state").toString(),
            "BATON_ROUTER_INSTANCE_ID", "soak-router-" + i));
        fleet.add(Service.INGRESS, i, IngressMain.class, work, with(common,
            "BATON_INGRESS_PORT", Integer.toString(fleet.ingressPorts[i])));
        fleet.add(Service.SALESFORCE, i, SalesforceConnector.class, work, with(common,
            "BATON_CONNECTOR_INSTANCE_ID", "soak-salesforce-" + i));
        Map<String, String> dixa = with(common, "BATON_CONNECTOR_INSTANCE_ID", "soak-dixa-" + i,
            "BATON_DIXA_WEBHOOK_PORT", Integer.toString(dixaPorts[i]));
        if (i == 0) {
          fleet.add(Service.DIXA, i, DixaConnector.class, work, dixa);
        } else {
          fleet.secondDixa = () -> fleet.add(Service.DIXA, 1, DixaConnector.class, work, dixa);
        }
      }
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  private void add(Service service, int index, Class<?> main, Path work, Map<String, String> env)
      throws IOException {
    Instance instance = new Instance(service, index, null);
    instances.put(instance.name(), instance);
    instance.jvm = ChildJvm.start(main, env, work.resolve(instance.name() + ".log"));
  }

  /**
   * Waits until both ingress instances answer and every connector instance has announced itself on
   * {@code connectors.presence.v1} (before that, the router fails a handover to its platform at once).
   */
  public void awaitReady(BotPoster poster, Duration patience) {
    Set<String> present = new java.util.HashSet<>();
    Set<String> wanted = Set.of("salesforce/soak-salesforce-0", "salesforce/soak-salesforce-1", "dixa/soak-dixa-0",
        "dixa/soak-dixa-1");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    long deadline = System.nanoTime() + patience.toNanos();
    try (KafkaConsumer<String, byte[]> presence = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      var partitions = presence.partitionsFor(Topics.CONNECTOR_PRESENCE.name(), patience).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
      presence.assign(partitions);
      presence.seekToBeginning(partitions);
      while (!present.containsAll(wanted) || !poster.listening(ingressPorts[0])
          || !poster.listening(ingressPorts[1])) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the fleet was not ready within " + patience + ": present " + present
              + ", ingress " + poster.listening(ingressPorts[0]) + "/" + poster.listening(ingressPorts[1]));
        }
        presence.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() == null) {
            present.remove(r.key());
          } else {
            present.add(r.key());
          }
        });
        if (secondDixa != null && present.contains("dixa/soak-dixa-0")) {
          try {
            secondDixa.run();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          secondDixa = null;
        }
        for (Instance i : instances.values()) {
          if (!i.jvm.alive()) {
            throw new IllegalStateException(i.name() + " exited at start (" + i.jvm.exitCode() + ")");
          }
        }
      }
    }
  }

  public Instance instance(String name) {
    Instance i = instances.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no instance " + name + " (there are " + instances.keySet() + ")");
    }
    return i;
  }

  public List<Instance> instances() {
    return new ArrayList<>(instances.values());
  }

  /** Each ingress instance's port (fixed across its restarts). */
  public List<IntSupplier> ingressPorts() {
    return List.of(() -> ingressPorts[0], () -> ingressPorts[1]);
  }

  public int ingressPort(int index) {
    return ingressPorts[index];
  }

  public WebhookBalancer dixaWebhooks() {
    return dixaWebhooks;
  }

  @Override
  public void close() {
    for (Instance i : instances.values()) {
      try {
        if (i.jvm != null) {
          i.jvm.close();
        }
      } catch (Exception e) {
        // the rest still stop
      }
    }
    dixaWebhooks.close();
  }

  private static Map<String, String> with(Map<String, String> env, String... pairs) {
    Map<String, String> out = new HashMap<>(env);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
