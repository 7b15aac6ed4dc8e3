package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.HostConfig;
import io.baton.connector.PlatformLinks;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two connector instances behind a load balancer that deals Dixa's webhooks out in turn: about half the webhooks reach
 * the instance that does not own the conversation. Every agent event must still be published exactly once, in order,
 * and an ended chat withdraws its refs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DixaTwoInstancesTest {
  private static final int CHATS = 8;
  private static final int REPLIES = 3;

  @Test
  void webhooksDealtOutInTurnToTwoInstancesLoseAndDoubleNothing(KafkaBroker kafka) throws Exception {
    try (ConnectorFixture fx = DixaSeeds.fixture(kafka); RoundRobinBalancer balancer = new RoundRobinBalancer()) {
      fx.sandbox.dixa().rateLimit(false); // each instance keeps to Dixa's limit; together they may exceed it
      List<DixaConnector> instances = new ArrayList<>();
      for (String id : List.of("rr-a", "rr-b")) {
        DixaConfig config = DixaSeeds.config(fx, DixaConfig.DIXA_LIMITS).withWebhook(0, balancer.url())
            .withHost(HostConfig.defaults(DixaConfig.DIXA_LIMITS).withInstanceId(id));
        DixaConnector instance = DixaSeeds.connector(fx, config);
        instances.add(instance);
        balancer.add(instance.webhookPort());
      }
      try {
        Eventually.until(ConnectorFixture.PATIENCE, "the partitions shared by both instances",
            () -> instances.stream().allMatch(i -> i.host().ownedPartitions() > 0)
                && instances.stream().mapToInt(i -> i.host().ownedPartitions()).sum() == Topics.PARTITIONS);
        // Every partition gets a chat, so each instance owns some whichever partitions it was given.
        List<String> conversations = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int n = 0; conversations.size() < CHATS; n++) {
          String c = "rr-" + fx.run + "-" + n;
          int p = PlatformLinks.partitionOf(ConnectorFixture.key(c), Topics.PARTITIONS);
          if (partitions.add(p) || partitions.size() == Topics.PARTITIONS) {
            conversations.add(c);
          }
        }
        Map<String, Long> ids = new HashMap<>();
        for (String c : conversations) {
          DixaSeeds.start(fx, c, c + "@example.com");
        }
        for (String c : conversations) {
          ids.put(c, DixaSeeds.queued(fx, c).id());
          fx.agentEventsOf(c, 1);
        }
        assertTrue(instances.stream().allMatch(i -> conversations.stream()
            .anyMatch(c -> i.chats().chat(ConnectorFixture.key(c)).isPresent())), "both instances own some chats");
        for (String c : conversations) {
          fx.sandbox.dixa().assign(ids.get(c), "Agent " + c);
        }
        for (int r = 0; r < REPLIES; r++) {
          for (String c : conversations) {
            fx.sandbox.dixa().reply(ids.get(c), "reply " + r);
          }
        }
        for (String c : conversations) {
          fx.sandbox.dixa().closeByAgent(ids.get(c));
        }
        for (String c : conversations) {
          List<Object> events = fx.agentEventsOf(c, 3 + REPLIES);
          List<Object> expected = new ArrayList<>(List.of(new ChatQueued(null, null), events.get(1)));
          for (int r = 0; r < REPLIES; r++) {
            expected.add(new AgentMessage("reply " + r, "Agent " + c, List.of()));
          }
          expected.add(new ChatEnded(EndedBy.agent, "closed"));
          assertEquals("Agent " + c, ((AgentJoined) events.get(1)).getAgentName());
          Thread.sleep(100); // anything doubled would be there now
          assertEquals(expected, fx.allAgentEventsOf(c), c);
        }
        // Ended chats withdraw their refs: the last record of each is a tombstone.
        var refs = kafka.readAll(Topics.connectorRefs(Platform.dixa).name(), new StringDeserializer(),
            new ByteArrayDeserializer());
        for (String c : conversations) {
          String ref = DixaChat.ref(DixaConfig.DEFAULT_CONNECTION, ids.get(c));
          var mine = refs.stream().filter(r -> r.key().equals(ref)).toList();
          assertEquals(2, mine.size(), ref);
          assertEquals(null, mine.get(1).value(), ref + " withdrawn");
        }
        assertTrue(balancer.served(0) >= CHATS && balancer.served(1) >= CHATS, "the balancer dealt to both");
      } finally {
        instances.forEach(DixaConnector::stop);
      }
    }
  }
}
