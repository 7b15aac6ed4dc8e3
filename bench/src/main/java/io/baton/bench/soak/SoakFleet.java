package io.baton.bench.soak;

import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.dixa.DixaConnector;
import io.baton.connector.misc.MiscConnector;
import io.baton.connector.zendesk.ZendeskConnector;
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
 * commit, no close, no leaving the group): the router, the ingress, and the connector hosts of the soak's platforms
 * (Salesforce, Dixa, connector-misc, connector-zendesk, Chat2Desk; webhooks through a {@link WebhookBalancer} per host, as a
 * deployment's). Restarted instances keep their
 * name, ports, state directory and group instance id, as a restarted pod would.
 */
public final class SoakFleet implements AutoCloseable {
  /** What a kill of one instance disturbs: every conversation, or those of one platform. */
  public enum Service {
    ROUTER("router", true), INGRESS("ingress", true), SALESFORCE("salesforce", false), DIXA("dixa", false), MISC("misc",
        false), ZENDESK("zendesk", false), CHAT2DESK("chat2desk", false);

    final String label;
    /** Whether it carries every conversation (else those of the platforms it hosts, {@link SoakPlatform#host}). */
    final boolean carriesAll;

    Service(String label, boolean carriesAll) {
      this.label = label;
      this.carriesAll = carriesAll;
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
  private final WebhookBalancer miscWebhooks;
  private final WebhookBalancer zendeskWebhooks;
  private final WebhookBalancer chat2deskWebhooks;
  private final String bootstrap;
  private final List<SoakPlatform> platforms;

  private SoakFleet(String bootstrap, List<SoakPlatform> platforms, int[] dixa, int[] misc, int[] zendesk,
      int[] chat2desk) throws IOException {
    this.bootstrap = bootstrap;
    this.platforms = platforms;
    this.dixaWebhooks = new WebhookBalancer(List.of(dixa[0], dixa[1]));
    this.miscWebhooks = new WebhookBalancer(List.of(misc[0], misc[1]));
    this.zendeskWebhooks = new WebhookBalancer(List.of(zendesk[0], zendesk[1]));
    this.chat2deskWebhooks = new WebhookBalancer(List.of(chat2desk[0], chat2desk[1]));
  }

  /**
   * Starts two of the router and the ingress, and two of each connector host {@code platforms} need (their JVMs
   * start at once; {@link #awaitReady} waits for them).
   */
  public static SoakFleet start(String bootstrap, HelpdeskSandbox sandbox, Path work, List<SoakPlatform> platforms)
      throws IOException {
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
    common.put("BATON_KUSTOMER_API_URL", sandbox.kustomerUrl());
    common.put("BATON_FRESHCHAT_API_URL", sandbox.freshchatUrl());
    common.put("BATON_GORGIAS_API_URL", sandbox.gorgiasUrl());
    common.put("BATON_ZENDESK_API_URL", sandbox.zendeskUrl());
    common.put("BATON_CHAT2DESK_API_URL", sandbox.address().chat2deskBaseUrl());
    int[] dixaPorts = {freePort(), freePort()};
    int[] miscPorts = {freePort(), freePort()};
    int[] zendeskPorts = {freePort(), freePort()};
    int[] chat2deskPorts = {freePort(), freePort()};
    SoakFleet fleet = new SoakFleet(bootstrap, List.copyOf(platforms), dixaPorts, miscPorts, zendeskPorts,
        chat2deskPorts);
    // One public URL per host for both of its instances, as a deployment's load balancer gives.
    common.put("BATON_DIXA_WEBHOOK_PUBLIC_URL", fleet.dixaWebhooks.url());
    common.put("BATON_MISC_WEBHOOK_PUBLIC_URL", fleet.miscWebhooks.url());
    common.put("BATON_ZENDESK_WEBHOOK_PUBLIC_URL", fleet.zendeskWebhooks.url());
    common.put("BATON_CHAT2DESK_WEBHOOK_PUBLIC_URL", fleet.chat2deskWebhooks.url());
    Set<Service> hosts = new java.util.HashSet<>();
    platforms.forEach(p -> hosts.add(p.host));
    try {
      for (int i = 0; i < 2; i++) {
        fleet.ingressPorts[i] = freePort();
        fleet.add(Service.ROUTER, i, RouterService.class, work, with(common,
            "BATON_ROUTER_STATE_DIR", work.resolve("router-" + i + "-state").toString(),
            "BATON_ROUTER_INSTANCE_ID", "soak-router-" + i));
        fleet.add(Service.INGRESS, i, IngressMain.class, work, with(common,
            "BATON_INGRESS_PORT", Integer.toString(fleet.ingressPorts[i])));
        if (hosts.contains(Service.SALESFORCE)) {
          fleet.add(Service.SALESFORCE, i, SalesforceConnector.class, work, with(common,
              "BATON_CONNECTOR_INSTANCE_ID", "soak-salesforce-" + i));
        }
        if (hosts.contains(Service.DIXA)) {
          fleet.add(Service.DIXA, i, DixaConnector.class, work, with(common, "BATON_CONNECTOR_INSTANCE_ID",
              "soak-dixa-" + i, "BATON_DIXA_WEBHOOK_PORT", Integer.toString(dixaPorts[i])));
        }
        if (hosts.contains(Service.MISC)) {
          fleet.add(Service.MISC, i, MiscConnector.class, work, with(common, "BATON_CONNECTOR_INSTANCE_ID",
              "soak-misc-" + i, "BATON_MISC_WEBHOOK_PORT", Integer.toString(miscPorts[i])));
        }
        if (hosts.contains(Service.ZENDESK)) {
          fleet.add(Service.ZENDESK, i, ZendeskConnector.class, work, with(common, "BATON_CONNECTOR_INSTANCE_ID",
              "soak-zendesk-" + i, "BATON_ZENDESK_WEBHOOK_PORT", Integer.toString(zendeskPorts[i])));
        }
        if (hosts.contains(Service.CHAT2DESK)) {
          fleet.add(Service.CHAT2DESK, i, Chat2DeskConnector.class, work, with(common,
              "BATON_CONNECTOR_INSTANCE_ID", "soak-chat2desk-" + i, "BATON_CHAT2DESK_WEBHOOK_PORT",
              Integer.toString(chat2deskPorts[i])));
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
    Set<String> wanted = new java.util.HashSet<>();
    for (SoakPlatform platform : platforms) {
      for (int i = 0; i < 2; i++) {
        wanted.add(platform.platform + "/soak-" + platform.host.label + "-" + i);
      }
    }
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

  /** The balancers' URLs in front of both instances of connector-misc, connector-zendesk and Chat2Desk. */
  String miscWebhooksUrl() {
    return miscWebhooks.url();
  }

  String zendeskWebhooksUrl() {
    return zendeskWebhooks.url();
  }

  String chat2deskWebhooksUrl() {
    return chat2deskWebhooks.url();
  }

  /** Webhooks any balancer passed to the other instance because the first refused the connection or was not ready. */
  public int webhookFailovers() {
    int n = 0;
    for (WebhookBalancer b : List.of(dixaWebhooks, miscWebhooks, zendeskWebhooks, chat2deskWebhooks)) {
      n += b.failovers.get() + b.notReady.get();
    }
    return n;
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
    miscWebhooks.close();
    zendeskWebhooks.close();
    chat2deskWebhooks.close();
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
