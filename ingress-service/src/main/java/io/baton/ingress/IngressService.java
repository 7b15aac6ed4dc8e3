package io.baton.ingress;

import io.baton.ingress.gateway.ConversationLog;
import io.baton.ingress.gateway.WidgetGateway;
import io.baton.ingress.handover.HandoverEndpoint;
import io.baton.ingress.http.ErrorHandling;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.visitor.VisitorContextMemory;
import io.baton.ingress.visitor.VisitorMessageEndpoint;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress: the HTTP API through which bots request handovers and widgets send visitor messages (both become
 * records, acknowledged by Kafka before the 202), the widget gateway streaming conversation.events.v1 to widgets,
 * and the demo widget.
 */
public final class IngressService implements Service {
  private static final Logger log = LoggerFactory.getLogger(IngressService.class);

  private final IngressConfig config;
  private final KafkaSettings kafka;
  private final Function<Properties, Producer<String, byte[]>> producers;
  private EventPublisher publisher;
  private ConversationLog conversationLog;
  private WidgetGateway gateway;
  private Javalin app;
  private int boundPort = -1;
  private boolean started;

  public IngressService(IngressConfig config, KafkaSettings kafka) {
    this(config, kafka, props -> new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
  }

  /** For tests that need a producer that fails. */
  IngressService(IngressConfig config, KafkaSettings kafka, Function<Properties, Producer<String, byte[]>> producers) {
    this.config = config;
    this.kafka = kafka;
    this.producers = producers;
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    try {
      TopicProvisioner.ensure(kafka, List.of(Topics.HANDOVER_REQUESTS, Topics.VISITOR_EVENTS,
          Topics.CONVERSATION_EVENTS));
      publisher = new EventPublisher(producers.apply(producerProperties()), config.kafkaTimeout());
      conversationLog = new ConversationLog(kafka, config.gatewayConversations(),
          config.gatewayEventsPerConversation());
      conversationLog.start();
      gateway = new WidgetGateway(conversationLog, config.defaultTenant(), config.sseKeepAlive());
      app = createApp();
      app.start(config.port());
      boundPort = app.port();
      log.info("ingress listening on port {} (default tenant {})", app.port(), config.defaultTenant());
    } catch (RuntimeException e) {
      stop();
      started = false; // a later start() may try again
      throw e;
    }
  }

  private Properties producerProperties() {
    Properties p = kafka.producerProperties("baton-ingress");
    long timeout = config.kafkaTimeout().toMillis();
    // A request waits for the ack, so the producer must give up within the request's patience, not after 30 s.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout, 10_000)));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Math.min(timeout, 5_000)));
    return p;
  }

  private Javalin createApp() {
    Javalin javalin = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.http.prefer405over404 = true;
      cfg.http.asyncTimeout = 0; // event streams stay open; writes are bounded by the Kafka timeout instead
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/demo";
        files.directory = "/public/demo";
        files.location = Location.CLASSPATH;
      });
    });
    Executor responses = javalin.jettyServer().threadPool();
    VisitorContextMemory memory = new VisitorContextMemory(config.rememberedConversations());
    javalin.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
    javalin.get("/", ctx -> ctx.redirect("/demo/"));
    javalin.post("/v1/conversations/{id}/messages", new VisitorMessageEndpoint(config.defaultTenant(),
        config.maxBodyBytes(), publisher, memory, responses));
    javalin.post("/v1/conversations/{id}/handover", new HandoverEndpoint(config.defaultTenant(),
        config.maxBodyBytes(), publisher, memory, responses));
    javalin.get("/v1/conversations/{id}/events", gateway);
    ErrorHandling.install(javalin);
    return javalin;
  }

  /** The bound port: the configured one, or the one picked for port 0. */
  public int port() {
    if (boundPort < 0) {
      throw new IllegalStateException("not started");
    }
    return boundPort;
  }

  /** For tests: the gateway's open streams. */
  WidgetGateway gateway() {
    return gateway;
  }

  @Override
  public synchronized void stop() {
    // streams first, so Jetty does not wait for them; then no new requests; then the clients
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
    if (app != null) {
      app.stop();
      app = null;
    }
    if (conversationLog != null) {
      conversationLog.close();
      conversationLog = null;
    }
    if (publisher != null) {
      publisher.close();
      publisher = null;
    }
  }
}
