package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A webhook endpoint for tests: answers the statuses queued (then 200), keeps every POST it got. */
final class WebhookInbox implements AutoCloseable {
  /** One POST as received. */
  record Post(String apiKey, JsonNode body, int answered) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Post> accepted = new LinkedBlockingQueue<>();
  private volatile Duration delay = Duration.ZERO;
  private final java.util.Set<String> seenEventIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

  WebhookInbox() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Integer queued = statuses.poll();
      int status = queued == null ? 200 : queued;
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Post post = new Post(exchange.getRequestHeaders().getFirst("X-API-Key"), SuncoJson.MAPPER.readTree(body),
          status);
      posts.add(post);
      if (status / 100 == 2) {
        accepted.add(post); // before the answer: the sender's next POST may be taken by another thread at once
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/hooks";
  }

  void answer(int... next) {
    for (int status : next) {
      statuses.add(status);
    }
  }

  void delay(Duration by) {
    delay = by;
  }

  /** The next POST answered 2xx, within 5 s. */
  Post next() throws InterruptedException {
    Post post = accepted.poll(5, TimeUnit.SECONDS);
    if (post == null) {
      throw new AssertionError("no webhook within 5 s; got " + posts);
    }
    return post;
  }

  /** The next accepted POSTs' events, flattened, until {@code count} events arrived. */
  List<JsonNode> events(int count) throws InterruptedException {
    List<JsonNode> events = new ArrayList<>();
    while (events.size() < count) {
      for (JsonNode event : next().body().path("events")) {
        // as a receiver must: a delivery answered after the sender's timeout comes again, with the same event ids
        if (seenEventIds.add(event.path("id").asText())) {
          events.add(event);
        }
      }
    }
    return events;
  }

  /** Nothing more accepted within {@code wait}. */
  boolean quiet(Duration wait) throws InterruptedException {
    return accepted.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
