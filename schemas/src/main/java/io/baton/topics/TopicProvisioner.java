package io.baton.topics;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the catalogue's topics that do not exist yet; run by every service at start-up. Idempotent. */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  public static void ensure(KafkaSettings kafka, Collection<TopicSpec<?, ?>> topics) {
    try (Admin admin = Admin.create(kafka.adminProperties())) {
      ensure(admin, topics, kafka.replicationFactor());
    }
  }

  public static void ensure(Admin admin, Collection<TopicSpec<?, ?>> topics, short replicationFactor) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
          .map(t -> t.newTopic(replicationFactor)).toList();
      if (missing.isEmpty()) {
        return;
      }
      CreateTopicsResult result = admin.createTopics(missing);
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          log.info("created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another service created it at the same moment: that is fine; anything else is not
          }
        }
      }
      awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create Baton's topics: " + e.getMessage(), e);
    }
  }

  /**
   * Waits (up to 30 s) until every partition of the new topics has a leader. A producer that writes to a topic the
   * moment it is created gets "not leader" answers and retries; with several batches in flight, an idempotent
   * producer can then fail the partition with an out-of-order sequence, which loses what it was sending.
   */
  private static void awaitLeaders(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      boolean ready;
      try {
        ready = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
            .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      } catch (ExecutionException e) {
        ready = false; // not known to every broker yet
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the new topics have no leader yet: " + names);
      }
      Thread.sleep(50);
    }
  }
}
