package io.baton.local;

import io.baton.connector.chat2desk.channel.Chat2DeskConversations;
import io.baton.connector.chat2desk.channel.Chat2DeskVisitors;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.delivery.SequenceGate;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.QuickReply;
import io.baton.events.VisitorMessage;
import io.baton.operations.Operations;
import io.baton.operations.kafka.ConsumerLoopReadiness;
import io.baton.operations.kafka.KafkaContact;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny rule-based bot, shaped like a real bot platform's integration: it reads the conversation log, answers on
 * {@code conversation.inputs.v1}, and asks for a handover through the ingress API ({@link HandoverChoice}: the seed's
 * Salesforce payload, placeholders and all; Zendesk or Chat2Desk for their own visitors; Dixa, Chat2Desk, Kustomer or
 * Freshchat for a widget visitor who picks one). It greets, hands over when the visitor asks for a human or picks a
 * helpdesk, and says so when it is back.
 */
public final class DemoBot implements Service {
  private static final Logger log = LoggerFactory.getLogger(DemoBot.class);
  static final Pattern WANTS_HUMAN = Pattern.compile("(?i)\\b(human|agent|person|someone|operator)\\b");
  /** Chat2Desk's service message: an operator closed the visitor's dialog (the connection's serviceMessages). */
  static final String DIALOG_CLOSED = Chat2DeskVisitors.DIALOG_CLOSED;
  static final String BACK = "You are back with the bot. Anything else I can do?";
  /** A channel's visitor sees no widget line saying that the handover failed: the bot says it. */
  static final String NO_AGENT = "Sorry, no agent could take the chat right now.";
  /** After a failed handover that left the bot in control (the widget said why, in its words). */
  static final String STILL_HERE = "You are still with the bot. Anything else I can do?";
  static final String DIALOG_CLOSED_ANSWER =
      "The operator closed the dialog, so you are with the bot again. Anything else I can do?";

  /** The bot's consumer group on conversation.events.v2. */
  static final String GROUP = "baton-demo-bot";
  static final String READINESS = "demo-bot.events";

  private final KafkaSettings kafka;
  private final String ingressUrl;
  private final String botKey;
  private final HttpClient http = HttpClient.newHttpClient();
  private KafkaConsumer<String, ConversationEvent> consumer;
  private KafkaProducer<String, ConversationInput> producer;
  /** Only the loop thread touches it; the gate forgets nothing, which a demo can afford. */
  private final SequenceGate<ConversationEvent> gate = new SequenceGate<>(1000);
  private Thread loop;
  private volatile boolean running;
  /** Its loop polls, Kafka answers, it joined its group. */
  private ConsumerLoopReadiness readiness;

  private final HandoverChoice handovers;
  /**
   * Conversations told "you are back" since the visitor's last message: the service message of the closed dialog
   * that may follow the return of control needs no second answer. Only the loop thread touches it.
   */
  private final Set<String> toldBack = new HashSet<>();

  /** {@code botKey}: the demo tenant's bot key, sent to the ingress with the handover request. */
  public DemoBot(KafkaSettings kafka, String ingressUrl, String botKey) {
    this(kafka, ingressUrl, botKey, HandoverChoice.salesforceOnly());
  }

  /** {@code handovers}: where the demo tenant's visitors are handed over (its Zendesk and Chat2Desk connections). */
  public DemoBot(KafkaSettings kafka, String ingressUrl, String botKey, HandoverChoice handovers) {
    this.kafka = kafka;
    this.ingressUrl = ingressUrl;
    this.botKey = botKey;
    this.handovers = handovers;
  }

  /** What the bot answers to a visitor message while it is in control; null means "hand over". */
  static String answer(String text) {
    if (WANTS_HUMAN.matcher(text).find()) {
      return null;
    }
    if (text.toLowerCase().matches(".*\\b(hi|hello|hey)\\b.*")) {
      return "Hi! I am Baton's demo bot. Ask for a human whenever you want to talk to an agent.";
    }
    return "I am only a demo bot, so I cannot help with \"" + text + "\". Type \"human\" to talk to an agent.";
  }

  @Override
  public void start() {
    // As a bot should: it acts on the log before the router commits, in sequence order (see SequenceGate).
    consumer = new KafkaConsumer<>(kafka.uncommittedConsumerProperties(GROUP, "demo-bot"),
        Topics.CONVERSATION_EVENTS.keySerde().deserializer(), Topics.CONVERSATION_EVENTS.valueSerde().deserializer());
    producer = new KafkaProducer<>(kafka.producerProperties("demo-bot"),
        Topics.CONVERSATION_INPUTS.keySerde().serializer(), Topics.CONVERSATION_INPUTS.valueSerde().serializer());
    readiness = new ConsumerLoopReadiness(KafkaContact.of(consumer::metrics));
    consumer.subscribe(List.of(Topics.CONVERSATION_EVENTS.name()), readiness);
    Operations.process().ready(READINESS, readiness);
    running = true;
    loop = new Thread(this::run, "demo-bot");
    loop.start();
  }

  private void run() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        readiness.polled();
        for (ConsumerRecord<String, ConversationEvent> r : records) {
          if (r.key() == null || r.value() == null) {
            continue;
          }
          for (ConversationEvent event : gate.offer(r.key(), r.value().getSequence(), r.value())) {
            try {
              react(r.key(), event);
            } catch (RuntimeException e) {
              log.warn("demo bot could not answer {}: {}", r.key(), e.getMessage());
            }
          }
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("demo bot stopped", e);
      readiness.ended(e.toString());
    }
  }

  private void react(String key, ConversationEvent event) {
    Object body = event.getBody();
    String conversation = event.getConversationId();
    if (body instanceof VisitorMessage m && DIALOG_CLOSED.equals(m.getText())) {
      // While an agent still holds the chat the return of control follows, and the bot says it is back then.
      if (event.getController() == Controller.bot && !toldBack.remove(key)) {
        say(event, DIALOG_CLOSED_ANSWER, handovers.offers(conversation));
      }
    } else if (body instanceof VisitorMessage m && event.getController() == Controller.bot) {
      toldBack.remove(key);
      String reply = handovers.picksHelpdesk(conversation, m.getText()) ? null : answer(m.getText());
      if (reply == null) {
        String payload = handovers.payload(conversation, m.getText());
        // Once the log has the bot's words (acknowledged), so the handover comes after them and carries them.
        say(event, "Let me find you a human. One moment…", List.of()).whenComplete((sent, failed) -> {
          if (failed != null) {
            log.warn("demo bot could not answer {}: {}", key, failed.getMessage());
          } else {
            requestHandover(event, payload);
          }
        });
      } else {
        say(event, reply, handovers.offers(conversation));
      }
    } else if (body instanceof ControlReturnedToBot) {
      if (Chat2DeskConversations.connectionOf(conversation).isPresent()) {
        toldBack.add(key); // only Chat2Desk sends a service message after it
      }
      say(event, BACK, handovers.offers(conversation));
    } else if (body instanceof HandoverFailed || body instanceof HandoverRejected) {
      // The technical reason is for the bot and the log, never for the visitor.
      log.info("handover of {} did not happen: {}", key, body instanceof HandoverFailed f ? f.getReason()
          : ((HandoverRejected) body).getReason());
      boolean channel = !handovers.isWidget(conversation);
      if (event.getController() == Controller.bot) { // no return of control follows, nor its "you are back"
        say(event, channel ? NO_AGENT + " " + STILL_HERE : STILL_HERE, handovers.offers(conversation));
      } else if (channel) {
        say(event, NO_AGENT, List.of());
      }
    }
  }

  /** Completes once Kafka has the answer. */
  private CompletableFuture<Void> say(ConversationEvent cause, String text, List<QuickReply> quickReplies) {
    // Derived from the event answered: after a restart the same answer has the same id, and the router drops it.
    String id = UUID.nameUUIDFromBytes(("demo-bot#" + cause.getEventId() + "#" + text).getBytes(StandardCharsets.UTF_8))
        .toString();
    BotEvent reply = BotEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now())
        .setTenant(cause.getTenant()).setConversationId(cause.getConversationId())
        .setBody(BotMessage.newBuilder().setText(text).setQuickReplies(quickReplies).build()).build();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    producer.send(ConversationInputs.record(cause.getTenant() + "/" + cause.getConversationId(), reply),
        (metadata, failed) -> {
          if (failed != null) {
            sent.completeExceptionally(failed);
          } else {
            sent.complete(null);
          }
        });
    return sent;
  }

  private void requestHandover(ConversationEvent cause, String payload) {
    HttpRequest request = HttpRequest
        .newBuilder(URI.create(ingressUrl + "/v1/conversations/" + cause.getConversationId()
            + "/handover"))
        .header("Content-Type", "application/json").header("X-Baton-Tenant", cause.getTenant())
        .header("Authorization", "Bearer " + botKey).header("Idempotency-Key", "demo-bot-" + cause.getEventId())
        .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
      if (r.statusCode() != 202) {
        log.warn("handover request refused: {} {}", r.statusCode(), r.body());
        say(cause, NO_AGENT + " " + STILL_HERE, handovers.offers(cause.getConversationId()));
      }
    });
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    Operations.process().forget(READINESS, readiness);
    consumer.wakeup();
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Leaves its group (a static member too): the partitions move at once.
    consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(5)));
    producer.close(Duration.ofSeconds(5));
  }
}
