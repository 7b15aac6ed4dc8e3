package io.baton.connector.salesforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.salesforce.miaw.MiawLimits;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.sandbox.miaw.MiawRateLimits;
import io.baton.sandbox.miaw.MiawSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MIAW beyond the happy path, through the connector on a real broker against the sandbox: access tokens that expire
 * mid-chat (continuation tokens), an event stream dropped while the service ignores {@code Last-Event-Id} (backfill
 * from the entries), files both ways, and the inbound-message rate limit.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MiawResilienceTest {
  static final Duration TOKEN_LIFETIME = Duration.ofSeconds(2);
  /** The inbound-message limit, scaled down: 4 in any 2 s, at the sandbox and in the connector. */
  static final int MESSAGES = 4;
  static final Duration MESSAGE_WINDOW = Duration.ofSeconds(2);

  static ConnectorFixture fx;
  static ConnectorHost host;
  static MiawSimulator miaw;

  @BeforeAll
  static void start(KafkaBroker broker) {
    fx = new ConnectorFixture(broker, Platform.salesforce_miaw);
    miaw = fx.sandbox.miaw();
    miaw.rateLimits().limit(MiawRateLimits.Kind.MESSAGE, MESSAGES, MESSAGE_WINDOW);
    MiawLimits documented = MiawLimits.documented();
    host = SalesforceConnector.miaw(SalesforceConfig.forLiveAgentUrl(fx.sandbox.liveAgentRestUrl())
        .withMiawUrl(fx.sandbox.miawUrl()).withHost(HostConfig.defaults(SalesforceConfig.LIVE_AGENT_LIMITS)),
        fx.settings, new MiawLimits(documented.accessTokens(), documented.renewals(), documented.starts(),
            new MiawLimits.Rate(MESSAGES, MESSAGE_WINDOW)));
    host.start();
  }

  @AfterAll
  static void stop() {
    host.stop();
    fx.close();
  }

  static StartChat startChat(String conversation, String visitor) {
    HandoverRequested handover = HandoverRequested.newBuilder().setEventId("h-" + conversation)
        .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId(conversation)
        .setPlatform(Platform.salesforce_miaw)
        .setPayload(SalesforceMiawHandover.newBuilder().setScrtUrl("acme.my.salesforce-scrt.com").setOrgId("00D")
            .setEsDeveloperName("Web_Chat").build())
        .setContext(VisitorContext.newBuilder().setName(visitor).build()).build();
    return new StartChat(handover, List.of());
  }

  /** Starts a conversation and has Alex accept it: MIAW's id of it. */
  static String accepted(String conversation) {
    String visitor = "V-" + conversation;
    fx.start(conversation, startChat(conversation, visitor));
    String[] id = new String[1];
    Eventually.until(ConnectorFixture.PATIENCE, "the conversation at MIAW", () -> miaw.conversations().stream()
        .filter(c -> visitor.equals(c.routingAttributes().get("visitorName"))).findFirst().map(c -> id[0] = c.id())
        .isPresent());
    miaw.accept(id[0], "Alex");
    fx.agentEventsOf(conversation, 2);
    return id[0];
  }

  static List<String> said(String id, String from) {
    return miaw.conversation(id).orElseThrow().transcript().stream().filter(l -> l.from().equals(from))
        .map(MiawSimulator.Line::text).toList();
  }

  static List<String> agentTexts(String conversation) {
    return fx.allAgentEventsOf(conversation).stream().filter(b -> b instanceof AgentMessage)
        .map(b -> ((AgentMessage) b).getText()).toList();
  }

  @Test
  void aLongChatOutlivesItsAccessTokens() throws Exception {
    miaw.tokenLifetime(TOKEN_LIFETIME);
    try {
      String conversation = "long-" + fx.run;
      String id = accepted(conversation);
      List<String> visitor = new ArrayList<>();
      List<String> agent = new ArrayList<>();
      long until = System.nanoTime() + TOKEN_LIFETIME.multipliedBy(2).plusMillis(500).toNanos();
      for (int round = 0; System.nanoTime() < until; round++) {
        fx.say(conversation, "v" + round, "visitor " + round);
        visitor.add("visitor " + round);
        miaw.agentSays(id, "agent " + round);
        agent.add("agent " + round);
        Thread.sleep(500);
      }
      Eventually.until(ConnectorFixture.PATIENCE, "every visitor message at the agent",
          () -> said(id, "visitor").size() == visitor.size());
      Eventually.until(ConnectorFixture.PATIENCE, "every agent message on Kafka",
          () -> agentTexts(conversation).size() >= agent.size());
      assertEquals(visitor, said(id, "visitor"));
      assertEquals(agent, agentTexts(conversation), "each agent message once, in order");
      Set<String> tokens = fx.linksOf(conversation).stream().map(PlatformLink::getState)
          .map(s -> s.get("token")).collect(Collectors.toSet());
      assertTrue(tokens.size() >= 3, "the token was renewed at least twice, each recorded: " + tokens.size());
      assertTrue(fx.allAgentEventsOf(conversation).stream().noneMatch(b -> b instanceof ChatEnded),
          "the chat did not end");
      miaw.endByAgent(id);
      assertEquals(new ChatEnded(EndedBy.agent, "closed"),
          fx.agentEventsOf(conversation, 2 + agent.size() + 1).get(2 + agent.size()));
    } finally {
      miaw.tokenLifetime(Duration.ofHours(1));
    }
  }

  @Test
  void agentMessagesSentWhileTheStreamIsDownArriveOnceWithoutReplay() throws Exception {
    String conversation = "backfill-" + fx.run;
    String id = accepted(conversation);
    miaw.agentSays(id, "before");
    fx.agentEventsOf(conversation, 3);
    miaw.ignoreLastEventId(true);
    try {
      for (int drop = 0; drop < 3; drop++) {
        miaw.dropStreams();
        miaw.agentSays(id, "while down " + drop);
        miaw.agentSays(id, "and again " + drop);
        Thread.sleep(300);
      }
      miaw.agentSays(id, "after");
      List<String> expected = List.of("before", "while down 0", "and again 0", "while down 1", "and again 1",
          "while down 2", "and again 2", "after");
      Eventually.until(ConnectorFixture.PATIENCE, "every agent message on Kafka",
          () -> agentTexts(conversation).size() >= expected.size());
      Thread.sleep(500); // a second copy would come now
      assertEquals(expected, agentTexts(conversation), "each once, in order, as written (not only as delivered)");
    } finally {
      miaw.ignoreLastEventId(false);
    }
  }

  @Test
  void filesGoBothWays() throws Exception {
    String conversation = "files-" + fx.run;
    String id = accepted(conversation);
    byte[] pdf = "%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8);
    miaw.agentSendsFile(id, "here it is", new MiawSimulator.StoredFile("invoice.pdf", "application/pdf", pdf));
    AgentMessage sent = (AgentMessage) fx.agentEventsOf(conversation, 3).get(2);
    assertEquals("here it is", sent.getText());
    assertEquals(1, sent.getAttachments().size());
    Attachment file = sent.getAttachments().get(0);
    assertEquals(List.of("invoice.pdf", "application/pdf", (long) pdf.length),
        List.of(file.getName(), file.getContentType(), file.getSizeBytes()));
    HttpClient http = HttpClient.newHttpClient();
    assertArrayEquals(pdf, http.send(HttpRequest.newBuilder(URI.create(file.getUrl())).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body(), "the agent's file can be fetched from its URL");

    // The visitor sends the file back (any URL the connector can fetch) and one that cannot be fetched.
    fx.say(conversation, "f1", "signed", List.of(new Attachment(file.getUrl(), "signed.pdf", "application/pdf",
        (long) pdf.length)));
    String broken = fx.sandbox.baseUrl() + "/sandbox/miaw/files/no-such-file";
    fx.say(conversation, "f2", "", List.of(new Attachment(broken, "lost.png", "image/png", 3L)));
    fx.say(conversation, "f1", "signed", List.of(new Attachment(file.getUrl(), "signed.pdf", "application/pdf",
        (long) pdf.length))); // the router's repeat
    Eventually.until(ConnectorFixture.PATIENCE, "both at the agent", () -> said(id, "visitor").size() >= 2);
    Thread.sleep(300);
    List<String> lines = said(id, "visitor");
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("signed [signed.pdf] " + fx.sandbox.baseUrl() + "/sandbox/miaw/files/"),
        lines.get(0));
    String uploaded = lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1);
    assertArrayEquals(pdf, http.send(HttpRequest.newBuilder(URI.create(uploaded)).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body(), "the upload carried the file's bytes");
    assertEquals("[lost.png] " + broken, lines.get(1), "a file that cannot be fetched goes as its link");
  }

  @Test
  void visitorMessagesStayWithinTheInboundLimitAndArriveInOrder() throws Exception {
    String conversation = "limit-" + fx.run;
    String id = accepted(conversation);
    int refusedBefore = miaw.rateLimits().refusedCount(MiawRateLimits.Kind.MESSAGE);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < MESSAGES + 2; i++) {
      texts.add("quick " + i);
      fx.sendAsync(conversation, fx.command(conversation, "q" + i,
          new io.baton.events.SendVisitorMessage(new io.baton.events.VisitorMessage("quick " + i, List.of()))));
    }
    fx.flush();
    Eventually.until(ConnectorFixture.PATIENCE, "every message at the agent",
        () -> said(id, "visitor").size() == texts.size());
    assertEquals(texts, said(id, "visitor"));
    assertEquals(refusedBefore, miaw.rateLimits().refusedCount(MiawRateLimits.Kind.MESSAGE),
        "the connector's limiter kept it under MIAW's limit: nothing was refused");
  }
}
