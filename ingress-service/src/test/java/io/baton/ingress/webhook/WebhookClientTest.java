package io.baton.ingress.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import io.baton.trace.TraceParent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook client connects only where {@link PublicAddresses} allows, checked on the address each connection uses:
 * a name answering a public address when registered and 127.0.0.1 when called (DNS rebinding) reaches nothing.
 */
class WebhookClientTest {
  static HttpServer receiver;
  static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  static final byte[] SECRET = "whsec_test".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      if (path.equals("/redirect")) {
        exchange.getResponseHeaders().add("Location", "/hook");
        exchange.sendResponseHeaders(302, -1);
      } else {
        exchange.sendResponseHeaders(204, -1);
      }
      exchange.close();
    });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
  }

  static String url(String host, String path) {
    return "http://" + host + ":" + receiver.getAddress().getPort() + path;
  }

  static int hits(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  static String post(PublicAddresses addresses, String url) {
    try (WebhookClient client = new WebhookClient(Duration.ofSeconds(2), addresses, Clock.systemUTC())) {
      client.start();
      return client.post(url, SECRET, "event-1", "{}", TraceParent.start(), null);
    }
  }

  @Test
  void aNameReboundToLoopbackAfterRegistrationIsRefusedAtConnectTime() {
    AtomicInteger lookups = new AtomicInteger();
    PublicAddresses strict = new PublicAddresses(false, host -> {
      if (!host.equals("bot.rebind.test")) {
        throw new UnknownHostException(host);
      }
      // public when the webhook is registered, loopback on every later lookup
      String answer = lookups.incrementAndGet() == 1 ? "93.184.216.34" : "127.0.0.1";
      return new InetAddress[] {InetAddress.getByName(answer)};
    });
    assertEquals(java.util.Optional.empty(), strict.registrationRefusal("bot.rebind.test"));
    int before = hits("/hook");
    String error = post(strict, url("bot.rebind.test", "/hook"));
    assertEquals("refused: bot.rebind.test resolves only to addresses a webhook may not reach:"
        + " [127.0.0.1 (loopback)]", error);
    assertEquals(2, lookups.get(), "resolved again for the connection");
    assertEquals(before, hits("/hook"), "nothing reached the receiver");
  }

  @Test
  void loopbackIsReachedOnlyWhenAllowedAndRedirectsAreNotFollowed() {
    PublicAddresses.HostLookup toLoopback = host -> new InetAddress[] {InetAddress.getLoopbackAddress()};
    int before = hits("/hook");
    assertEquals("refused: bot.local.test resolves only to addresses a webhook may not reach: [127.0.0.1 (loopback)]",
        post(new PublicAddresses(false, toLoopback), url("bot.local.test", "/hook")));
    assertEquals(before, hits("/hook"));

    PublicAddresses local = new PublicAddresses(true, toLoopback);
    assertNull(post(local, url("bot.local.test", "/hook")));
    assertEquals(before + 1, hits("/hook"));

    assertEquals("HTTP 302", post(local, url("bot.local.test", "/redirect")));
    assertEquals(List.of(1, before + 1), List.of(hits("/redirect"), hits("/hook")), "the redirect was not followed");
  }
}
