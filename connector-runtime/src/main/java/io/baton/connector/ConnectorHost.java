package io.baton.connector;

import io.baton.connector.calls.CallTrace;
import io.baton.connector.calls.CommandLease;
import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceLogContext;
import io.baton.trace.TraceParent;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chats;
import io.baton.connector.webhooks.PlatformRefs;
import io.baton.delivery.SequenceGate;
import io.baton.events.AgentEvent;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliveryFailed;
import io.baton.events.HandoverFailed;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.PlatformLink;
import io.baton.events.StartChat;
import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.operations.Operations;
import io.baton.operations.kafka.ConsumerLoopReadiness;
import io.baton.operations.kafka.KafkaContact;
import io.baton.operations.KafkaClientMeters;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PlatformConnector}: consumes {@code connector.<platform>.commands.v2} with one thread, works on many
 * conversations at once but on the commands of one conversation strictly in order ({@link ConversationLanes}), and
 * commits an offset only once every earlier command of its partition is done ({@link PartitionOffsets}).
 *
 * <p>The commands are read read_uncommitted: the router's exactly-once commit gives durability, not visibility, so a
 * command is acted on before its transaction commits. Every router command carries a gap-free {@code sequence} per
 * conversation; a {@link SequenceGate} per conversation (owned by the consumer thread) stands in front of the lanes:
 * with L the last sequence handed to the platform, L+1 goes on, anything at or below L completes without calling the
 * platform (its offset counts as finished), anything beyond L+1 waits until the gap fills. So a command of an aborted
 * router transaction that was carried out, followed by its identical regeneration in the committed transaction, is
 * carried out once. Records with sequence 0 (what the connector's own webhook inbox writes) pass the gate.
 *
 * <p>L survives a crash in the conversation's link: once the platform accepted a command (or it was refused and
 * reported), {@link PlatformConnector#handled} writes its sequence into the link ({@code baton.cmd}), and only then
 * does the command's offset count as finished. On partition assignment every link of the assigned partitions starts
 * its conversation's gate; keys of revoked or lost partitions are forgotten. What remains open: a crash after the
 * platform accepted a command and before its link records that, which repeats the call; the platform's idempotency
 * (the command id as its key, Live Agent's sequence numbers) makes that repeat harmless where the platform has it.
 *
 * <p>A command the platform refuses (after the retries of {@link PlatformCalls}) becomes a handover-failed or
 * delivery-failed agent event and, once that is acknowledged, goes to {@code <topic>.dlq}; the partition moves on.
 * No transaction joins the two: a crash between them repeats the command after the restart, which (refused again)
 * writes the same failure event, with the same id, which the router drops, and then the dead letter. On partition
 * assignment the links of those partitions are read back and their live chats resumed; on revocation the chats are
 * released after the partition's running commands finished, so live chats move with their partitions.
 *
 * <p>While it runs, the host says so on {@code connectors.presence.v1} ({@link PresenceHeartbeat}).
 */
public final class ConnectorHost implements Service {
  private static final Logger log = LoggerFactory.getLogger(ConnectorHost.class);
  private static final long OFFSET_COMMIT_INTERVAL_MILLIS = 100;
  /** Commands of one conversation waiting for a missing sequence, before the gap is given up on (with an alarm). */
  private static final int MAX_HELD_PER_CONVERSATION = 1000;

  private final String name;
  private final Platform platform;
  private final KafkaSettings kafka;
  private final HostConfig config;
  private final Function<Context, PlatformConnector> factory;
  private final ConversationLanes lanes = new ConversationLanes();
  private final Map<TopicPartition, PartitionOffsets> partitions = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** The consumer thread's: per conversation the last sequence handed on, and what waits for a gap. */
  private final SequenceGate<ConsumerRecord<String, byte[]>> gate = new SequenceGate<>(MAX_HELD_PER_CONVERSATION);
  /** The consumer thread's: per conversation, held records by sequence (a sequence may be held twice). */
  private final Map<String, TreeMap<Long, List<ConsumerRecord<String, byte[]>>>> held = new HashMap<>();
  /** The consumer thread's: the gated conversations of each partition, forgotten when it goes. */
  private final Map<TopicPartition, Set<String>> gated = new HashMap<>();
  private TopicSpec<String, ConnectorCommand> commands;
  private OrderedWrites writes;
  private AgentEvents agentEvents;
  private PlatformLinks links;
  private PlatformCalls calls;
  private PlatformRefs refs;
  private volatile PlatformConnector connector;
  private PresenceHeartbeat presence;
  private KafkaConsumer<String, byte[]> consumer;
  /** {@code <name>.commands}: the loop polls, Kafka answers, the group joined (no partitions: standby, still up). */
  private ConsumerLoopReadiness readiness;
  private AutoCloseable consumerMeters;
  private Gauge openChats;
  private Thread loop;
  private volatile boolean running;
  private boolean stopped;
  private long lastOffsetCommit;

  /** What a connector gets from the runtime. */
  public record Context(AgentEvents agentEvents, PlatformLinks links, OrderedWrites writes, PlatformCalls calls,
      PlatformRefs refs, KafkaSettings kafka, HostConfig config) {}

  public ConnectorHost(String name, Platform platform, KafkaSettings kafka, HostConfig config,
      Function<Context, PlatformConnector> factory) {
    this.name = name;
    this.platform = platform;
    this.kafka = kafka;
    this.config = config;
    this.factory = factory;
  }

  @Override
  public synchronized void start() {
    commands = Topics.connectorCommands(platform);
    TopicProvisioner.ensure(kafka, Topics.all());
    // Its own client id beside the consumer's: the meters of two clients with one id would collide.
    writes = new OrderedWrites(kafka, name + "-" + config.instanceId() + "-writes", name);
    agentEvents = new AgentEvents(writes);
    links = new PlatformLinks(kafka, platform, writes);
    calls = new PlatformCalls(config.calls(), name, platform.name());
    refs = new PlatformRefs(kafka, platform);
    try {
      connector = factory.apply(new Context(agentEvents, links, writes, calls, refs, kafka, config));
    } catch (RuntimeException e) { // nothing of a host that never ran stays open
      refs.close();
      writes.close();
      calls.close();
      throw e;
    }
    // Uncommitted: the router's commands are acted on before its transaction commits; the sequence gate orders them.
    var props = kafka.uncommittedConsumerProperties("baton-" + name, name + "-" + config.instanceId());
    // Only the partitions that move are revoked, so chats that stay are not stopped and resumed for nothing.
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    readiness = new ConsumerLoopReadiness(KafkaContact.of(consumer::metrics));
    Operations.process().ready(name + ".commands", readiness);
    consumerMeters = KafkaClientMeters.bind(consumer, name); // the command loop's lag per partition
    consumer.subscribe(List.of(commands.name()), new Rebalance());
    openChats = Gauge.builder("baton.chats.open", this, ConnectorHost::openChats)
        .description("Chats this connector instance carries now").tags("service", name, "platform", platform.name(),
            "instance_id", config.instanceId())
        .register(Operations.meters());
    running = true;
    loop = new Thread(this::run, name + "-commands");
    loop.start();
    // Last: the ingress takes handovers for the platform from here on, and this instance is ready to carry them.
    presence = new PresenceHeartbeat(writes, platform, config.instanceId(), config.presence(), Clock.systemUTC());
    try {
      presence.start();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** Partitions of the commands topic this instance owns now (tests, metrics). */
  public int ownedPartitions() {
    return partitions.size();
  }

  /** Chats not ended that this instance carries now (the chats of the partitions it owns). */
  public int openChats() {
    PlatformConnector now = connector;
    return now instanceof Chats<?> chats ? chats.liveChats() : 0;
  }

  /** Commands being worked on now (tests, metrics). */
  public int inFlight() {
    return inFlight.get();
  }

  private void run() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(100));
        readiness.polled();
        Set<TopicPartition> rewound = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (!rewound.contains(tp) && !dispatch(record)) {
            consumer.seek(tp, record.offset()); // its partition goes on from it at the next poll
            rewound.add(tp);
          }
        }
        long now = System.currentTimeMillis();
        if (now - lastOffsetCommit >= OFFSET_COMMIT_INTERVAL_MILLIS) {
          // Asynchronous and at most this often: a synchronous commit after every poll held back the next command
          // by a broker round trip. Committing late only makes a restart repeat more, which the platforms drop.
          commitFinished(partitions.keySet(), false);
          lastOffsetCommit = now;
        }
        applyBackpressure();
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("{}: command loop woken up unexpectedly", name, e);
        readiness.ended("woken up unexpectedly");
      }
    } catch (RuntimeException e) {
      log.error("{}: command loop stopped", name, e);
      readiness.ended(e.toString());
    }
  }

  /** False when the record must be read again: the schema registry could not be asked for its schema. */
  private boolean dispatch(ConsumerRecord<String, byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    PartitionOffsets offsets = partitions.computeIfAbsent(tp, x -> new PartitionOffsets());
    ConnectorCommand command;
    try {
      command = commands.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (SchemaRegistryUnavailableException e) {
      log.warn("{}: command at {}@{} waits for the schema registry: {}", name, tp, record.offset(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      offsets.started(record.offset());
      run(offsets, record, null, "unreadable command: " + e.getMessage());
      return true;
    }
    offsets.started(record.offset());
    long sequence = command.getSequence();
    String key = record.key() != null ? record.key() : command.getTenant() + "/" + command.getConversationId();
    if (sequence <= 0) { // the connector's own records (a webhook's PlatformActivity): not the router's sequence
      run(offsets, record, command, null);
      return true;
    }
    gated.computeIfAbsent(tp, x -> new HashSet<>()).add(key);
    List<ConsumerRecord<String, byte[]>> ready = gate.offer(key, sequence, record);
    if (ready.isEmpty()) {
      if (sequence <= gate.last(key)) {
        // Carried out before: a redelivery after a crash, or the committed twin of an aborted router transaction.
        log.debug("{}: {} #{} of {} is done already; dropped", name, command.getEventId(), sequence, key);
        offsets.finished(record.offset());
      } else {
        log.info("{}: {} #{} of {} waits for #{}", name, command.getEventId(), sequence, key, gate.last(key) + 1);
        held.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(sequence, x -> new ArrayList<>()).add(record);
        offsets.held(record.offset());
      }
      return true;
    }
    for (ConsumerRecord<String, byte[]> next : ready) {
      if (next != record) {
        offsets.unheld(next.offset()); // it waited for the gap that just filled
        run(offsets, next, commands.valueSerde().deserializer().deserialize(next.topic(), next.value()), null);
      } else {
        run(offsets, record, command, null);
      }
    }
    dropHeldRepeats(key, offsets);
    return true;
  }

  /** Held copies of sequences the gate has now passed (a sequence held twice): done, without the platform. */
  private void dropHeldRepeats(String key, PartitionOffsets offsets) {
    TreeMap<Long, List<ConsumerRecord<String, byte[]>>> waiting = held.get(key);
    if (waiting == null) {
      return;
    }
    var passed = waiting.headMap(gate.last(key), true);
    passed.values().forEach(copies -> copies.forEach(r -> {
      offsets.unheld(r.offset());
      offsets.finished(r.offset());
    }));
    passed.clear();
    if (waiting.isEmpty()) {
      held.remove(key);
    }
  }

  /**
   * Carries the command out in its conversation's lane (or, without a readable command, dead-letters it with
   * {@code unreadable}); once done and recorded ({@link PlatformConnector#handled}), its offset counts as finished.
   */
  private void run(PartitionOffsets offsets, ConsumerRecord<String, byte[]> record, ConnectorCommand command,
      String unreadable) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    inFlight.incrementAndGet();
    CompletableFuture<Void> done;
    if (command == null) {
      done = lanes.submit(record.key(), () -> writes.write(List.of(deadLetter(record, unreadable))));
    } else {
      AtomicBoolean outcome = new AtomicBoolean();
      // The lane moves on once the platform is done; recording the sequence in the link runs in the chat's write
      // chain meanwhile, and the offset waits for it.
      done = lanes.submit(record.key(), () -> process(record, command, offsets).thenAccept(outcome::set))
          .thenCompose(x -> outcome.get() && command.getSequence() > 0
              ? connector.handled(command).toCompletableFuture()
              : CompletableFuture.completedFuture(null));
    }
    done.whenComplete((x, error) -> {
      inFlight.decrementAndGet();
      if (error == null) {
        if (command != null) {
          CrashPoints.reached(CrashPoints.COMMAND_DONE, command.getEventId());
        }
        offsets.finished(record.offset());
      } else if (running && partitions.get(tp) == offsets) { // else cut short: the next owner reads it again
        // Only Kafka itself failing gets here; the offset stays uncommitted, so the command is read again.
        log.error("{}: could not record the outcome of {}@{}; it will be redelivered", name, tp, record.offset(),
            error);
      }
    });
  }

  /** Completes with true once the command is done with (the platform accepted it, or its refusal is reported). */
  private CompletableFuture<Boolean> process(ConsumerRecord<String, byte[]> record, ConnectorCommand command,
      PartitionOffsets offsets) {
    CompletableFuture<Void> handled;
    // The connector's span of the router's trace: its platform calls and the chat's agent events carry it. Derived
    // from the command, so a command carried out again after a crash writes its events with the same headers.
    TraceParent trace = TraceHeaders.parent(record.headers()).map(p -> p.derivedChild(command.getEventId()))
        .orElse(null);
    try (var logContext = TraceLogContext.open(record.key(), trace)) {
      log.debug("{}: {} {}", name, command.getBody().getClass().getSimpleName(), command.getEventId());
      // Its platform calls stop being tried once the partition is another instance's (CommandLease).
      TopicPartition tp = new TopicPartition(record.topic(), record.partition());
      BooleanSupplier lease = () -> running && partitions.get(tp) == offsets;
      handled = CommandLease.with(lease,
          () -> CallTrace.with(trace, () -> connector.handle(command).toCompletableFuture()));
    } catch (RuntimeException e) {
      handled = CompletableFuture.failedFuture(e);
    }
    return handled.orTimeout(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((x, error) -> error)
        .thenCompose(error -> {
          if (error == null) {
            CrashPoints.reached(CrashPoints.PLATFORM_CALL_DONE, command.getEventId());
            return CompletableFuture.completedFuture(true);
          }
          return refused(record, command, error, offsets).thenApply(x -> true);
        });
  }

  /**
   * The failure event, then (once acknowledged) the dead letter: the router hears of it no later than operators do.
   * A crash between the two repeats the command, whose failure event keeps its id (the router drops the repeat).
   */
  private CompletableFuture<Void> refused(ConsumerRecord<String, byte[]> record, ConnectorCommand command,
      Throwable e, PartitionOffsets offsets) {
    if (!running) {
      return CompletableFuture.failedFuture(new IllegalStateException("stopped")); // cut short, not refused
    }
    if (partitions.get(new TopicPartition(record.topic(), record.partition())) != offsets) {
      // Its partition moved on (its chat released: "no chat"): the next owner carries it out; a failure reported
      // from here would tell the router of a delivery that fails for no one
      log.debug("{}: {} for {} cut short by a rebalance", name, command.getEventId(), record.key());
      return CompletableFuture.failedFuture(new IllegalStateException("its partition moved"));
    }
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    log.warn("{}: {} for {} failed: {}", name, command.getBody().getClass().getSimpleName(), record.key(), reason);
    if (command.getBody() instanceof PlatformActivity) {
      // A pushed event that could not be handled: for operators, not a delivery the router waits for.
      return writes.write(List.of(deadLetter(record, reason)));
    }
    SpecificRecord failure = command.getBody() instanceof StartChat
        ? HandoverFailed.newBuilder().setReason(reason).build()
        : DeliveryFailed.newBuilder().setCommandEventId(command.getEventId()).setReason(reason).build();
    AgentEvent event = AgentEvent.newBuilder()
        .setEventId(
            UUID.nameUUIDFromBytes((command.getEventId() + "#failed").getBytes(StandardCharsets.UTF_8)).toString())
        .setOccurredAt(Instant.now()).setTenant(command.getTenant()).setConversationId(command.getConversationId())
        .setPlatform(command.getPlatform()).setHandoverId(command.getHandoverId()).setBody(failure).build();
    return writes.write(List.of(AgentEvents.record(event)))
        .thenCompose(x -> writes.write(List.of(deadLetter(record, reason))));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.deadLetters(record.topic()).name(), null,
        record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), record.headers());
    dead.headers().add("baton.error", reason.getBytes(StandardCharsets.UTF_8));
    dead.headers().add("baton.source", (record.topic() + "-" + record.partition() + "@" + record.offset())
        .getBytes(StandardCharsets.UTF_8));
    return dead;
  }

  private void commitFinished(Collection<TopicPartition> which) {
    commitFinished(which, true);
  }

  private void commitFinished(Collection<TopicPartition> which, boolean wait) {
    Map<TopicPartition, OffsetAndMetadata> ready = new HashMap<>();
    for (TopicPartition tp : which) {
      PartitionOffsets offsets = partitions.get(tp);
      long offset = offsets == null ? -1 : offsets.committable();
      if (offset >= 0) {
        ready.put(tp, new OffsetAndMetadata(offset));
      }
    }
    if (ready.isEmpty()) {
      return;
    }
    if (!wait) {
      consumer.commitAsync(ready, (done, e) -> {
        if (e != null) {
          log.debug("{}: commit failed ({}); it is retried with the next batch", name, e.toString());
          return;
        }
        done.forEach((tp, o) -> {
          PartitionOffsets offsets = partitions.get(tp);
          if (offsets != null) {
            offsets.committed(o.offset());
          }
        });
      });
      return;
    }
    try {
      consumer.commitSync(ready);
      ready.forEach((tp, o) -> partitions.get(tp).committed(o.offset()));
    } catch (KafkaException e) {
      log.warn("{}: commit failed ({}); it is retried with the next batch", name, e.toString());
    }
  }

  /** Too much work at once: stop fetching until half of it is done. */
  private void applyBackpressure() {
    int now = inFlight.get();
    if (now >= config.maxInFlight() && consumer.paused().isEmpty()) {
      consumer.pause(consumer.assignment());
    } else if (now <= config.maxInFlight() / 2 && !consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      if (assigned.isEmpty()) {
        readiness.onPartitionsAssigned(assigned); // in the group: a standby when it owns nothing
        return;
      }
      assigned.forEach(tp -> partitions.put(tp, new PartitionOffsets()));
      PlatformLinks.Loaded loaded = links.load(numbers(assigned));
      // What the links say the platform already accepted: a command at or below it is not carried out again.
      loaded.lastCommands().forEach(gate::start);
      Map<Integer, TopicPartition> byNumber = new HashMap<>();
      assigned.forEach(tp -> byNumber.put(tp.partition(), tp));
      loaded.lastCommands().keySet().forEach(key -> {
        TopicPartition tp = byNumber.get(PlatformLinks.partitionOf(key, Topics.PARTITIONS));
        if (tp != null) {
          gated.computeIfAbsent(tp, x -> new HashSet<>()).add(key);
        }
      });
      // One conversation's bad link must never stop the loop: it ends that conversation, the others go on.
      for (PlatformLinks.Unreadable u : loaded.unreadable()) {
        log.error("{}: the link of {} ({}@{}) cannot be read: {}", name, u.conversationKey(), u.partition(),
            u.offset(), u.reason());
        writes.write(List.of(links.deadLetter(u)));
        connector.unreadable(u.conversationKey(), u.reason());
      }
      for (PlatformLink link : loaded.live()) {
        try {
          connector.resume(link);
        } catch (RuntimeException e) {
          log.error("{}: could not resume {}/{}: {}", name, link.getTenant(), link.getConversationId(), e.toString());
          connector.unreadable(link.getTenant() + "/" + link.getConversationId(), e.toString());
        }
      }
      readiness.onPartitionsAssigned(assigned); // once their chats are resumed
      log.info("{}: assigned {}, resumed {} live chats", name, numbers(assigned), loaded.live().size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      readiness.onPartitionsRevoked(revoked);
      if (revoked.isEmpty() || !running) {
        return; // stopping: the connector is closed as a whole, and the offsets were committed
      }
      long deadline = System.currentTimeMillis() + config.revokeDrain().toMillis(); // one budget for all of them
      for (TopicPartition tp : revoked) {
        PartitionOffsets offsets = partitions.get(tp);
        try {
          if (offsets != null && !offsets.awaitDrained(Math.max(1, deadline - System.currentTimeMillis()))) {
            log.warn("{}: {} still has {} commands running; the next owner repeats them", name, tp, offsets.inFlight());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      commitFinished(revoked);
      letGo(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      readiness.onPartitionsLost(lost);
      if (running) {
        letGo(lost);
      }
    }

    private void letGo(Collection<TopicPartition> gone) {
      // first: a command of theirs still running fails from here on without being reported as refused (the next
      // owner carries it out again)
      gone.forEach(partitions::remove);
      List<CompletableFuture<Void>> released = new ArrayList<>();
      for (PlatformLink link : links.release(numbers(gone))) {
        released.add(connector.release(link).toCompletableFuture());
      }
      try {
        CompletableFuture.allOf(released.toArray(CompletableFuture[]::new)).get(config.revokeDrain().toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("{}: not every chat of {} was released in time: {}", name, numbers(gone), e.toString());
      }
      for (TopicPartition tp : gone) { // whoever owns them next starts from the links
        for (String key : gated.getOrDefault(tp, Set.of())) {
          gate.forget(key);
          held.remove(key);
        }
        gated.remove(tp);
      }
      log.info("{}: released partitions {} ({} live chats)", name, numbers(gone), released.size());
    }
  }

  private static List<Integer> numbers(Collection<TopicPartition> tps) {
    return tps.stream().map(TopicPartition::partition).sorted().toList();
  }

  /** Stops consuming (committing what is finished) and closes the connector; running commands are cut short. */
  @Override
  public synchronized void stop() {
    if (consumer == null || stopped) {
      return;
    }
    stopped = true;
    Operations.process().forget(name + ".commands", readiness);
    if (presence != null) {
      presence.close(); // first: handovers that come meanwhile fail at once rather than wait for a stopping instance
    }
    running = false;
    consumer.wakeup();
    try {
      loop.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean loopStopped = !loop.isAlive();
    if (!loopStopped) {
      log.warn("{}: the command loop did not stop in time; leaving the consumer to the JVM", name);
    } else {
      try {
        commitFinished(partitions.keySet());
      } catch (RuntimeException e) {
        log.warn("{}: final commit failed: {}", name, e.toString());
      }
    }
    // Everything this instance writes ends before it leaves the group: the next owner reads the chats' links only
    // then, so a stream event written here after that read would be written again by it from the older link.
    connector.close();
    writes.close();
    if (loopStopped) {
      // Leaves the group, a static member too (BATON_INSTANCE_ID): the partitions move at once. Not zero: a close that
      // cannot send its LeaveGroup leaves them with a dead member until the session times out (45 s by default).
      consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(5)));
    }
    KafkaClientMeters.unbind(consumerMeters);
    Operations.meters().remove(openChats);
    refs.close();
    calls.close();
  }
}
