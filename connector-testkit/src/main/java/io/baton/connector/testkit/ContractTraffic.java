package io.baton.connector.testkit;

import static io.baton.connector.testkit.ContractEvents.joined;
import static io.baton.connector.testkit.ContractEvents.queued;
import static io.baton.connector.testkit.ContractEvents.said;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.testkit.ContractChats.Chat;
import io.baton.testkit.Eventually;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages both ways, remembered so that every one can be checked to have arrived once, in order: at the desk as its
 * transcript shows them, and on Kafka as the router would take the agent events (each event id once).
 */
final class ContractTraffic {
  private final ContractChats contract;
  private final ConnectorFixture fx;
  private final Map<Chat, List<String>> visitorSaid = new LinkedHashMap<>();
  private final Map<Chat, List<String>> agentSaid = new LinkedHashMap<>();

  ContractTraffic(ContractChats contract) {
    this.contract = contract;
    this.fx = contract.fx;
  }

  void round(List<Chat> chats, int round) {
    for (Chat c : chats) {
      visitorSays(c, round);
      contract.desk.say(c.deskId, "agent " + round);
      agentSaid(c, "agent " + round);
    }
  }

  void visitorRound(List<Chat> chats, int round) {
    chats.forEach(c -> visitorSays(c, round));
  }

  private void visitorSays(Chat c, int round) {
    String text = "visitor " + round;
    fx.say(c.conversation, "v" + round + "-" + c.conversation, text);
    visitorSaid.computeIfAbsent(c, k -> new ArrayList<>()).add(text);
  }

  void agentSaid(Chat c, String text) {
    agentSaid.computeIfAbsent(c, k -> new ArrayList<>()).add(text);
  }

  /** Waits until everything so far arrived on both sides. */
  void awaitDelivered(List<Chat> chats) {
    for (Chat c : chats) {
      int visitor = visitorSaid.getOrDefault(c, List.of()).size();
      Eventually.until(ConnectorFixture.PATIENCE, "the visitor's messages of " + c + " at the desk",
          () -> ContractChats.visitorLines(c.deskChat()).size() >= c.historyLines.size() + visitor);
      contract.awaitEvents(c.conversation, 2 + agentSaid.getOrDefault(c, List.of()).size());
    }
  }

  void assertExactlyOnceInOrder(List<Chat> chats, Map<Chat, String> agents) {
    Map<Chat, List<Object>> expectedEvents = new LinkedHashMap<>();
    for (Chat c : chats) {
      List<Object> expected = new ArrayList<>(List.of(queued(), joined(agents.get(c))));
      agentSaid.getOrDefault(c, List.of()).forEach(text -> expected.add(said(agents.get(c), text)));
      expectedEvents.put(c, expected);
      contract.awaitVisitorLines(c, visitorSaid.getOrDefault(c, List.of()).size());
      contract.awaitEvents(c.conversation, expected.size());
    }
    contract.settle(); // once for every chat: anything doubled shows up by now
    for (Chat c : chats) {
      List<String> lines = new ArrayList<>(c.historyLines);
      lines.addAll(visitorSaid.getOrDefault(c, List.of()));
      assertEquals(lines, ContractChats.visitorLines(c.deskChat()), "the visitor's lines of " + c + " at the desk");
      // As the router takes them: after a kill, events acknowledged before their link are written again with the
      // same ids, which the router drops; anything doubled under another id still fails here.
      assertEquals(expectedEvents.get(c), contract.normalised(fx.deliveredAgentEventsOf(c.conversation).stream()
          .map(e -> (Object) e.getBody()).toList()),
          () -> "the agent events of " + c + ", event ids " + contract.eventIdsOf(c.conversation));
    }
  }
}
