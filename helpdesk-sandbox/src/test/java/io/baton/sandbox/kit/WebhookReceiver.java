package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A webhook endpoint for the simulators' tests: answers the statuses queued (then 200), keeps every POST it got. */
public class WebhookReceiver implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** One POST as received: its parsed body, its raw text, its headers and the status it was answered. */
  public record Post(JsonNode body, String raw, Headers headers, int answered) {
    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Post> accepted = new LinkedBlockingQueue<>();
  private volatile Duration delay = Duration.ZERO;

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/", exchange -> {
      String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Integer queued = statuses.poll();
      int status = queued == null ? 200 : queued;
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Post post = new Post(JSON.readTree(raw), raw, exchange.getRequestHeaders(), status);
      posts.add(post);
      if (status / 100 == 2) {
        accepted.add(post); // before the answer: the sender's next POST may be taken by another thread at once
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    // a delayed answer must not hold back the sender's other POSTs
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/hooks";
  }

  /** The next POSTs are answered these statuses, in order. */
  public void answer(int... next) {
    for (int status : next) {
      statuses.add(status);
    }
  }

  /** Every answer waits this long first (to outlast the sender's timeout). */
  public void delay(Duration by) {
    delay = by;
  }

  /** The next POST answered 2xx, within 5 s. */
  public Post next() throws InterruptedException {
    Post post = accepted.poll(5, TimeUnit.SECONDS);
    if (post == null) {
      throw new AssertionError("no webhook within 5 s; got " + posts);
    }
    return post;
  }

  /** The next POST answered 2xx whose body matches; those before it are skipped (earlier tests' stragglers). */
  public Post next(Predicate<JsonNode> about) throws InterruptedException {
    while (true) {
      Post post = next();
      if (about.test(post.body())) {
        return post;
      }
    }
  }

  /** Nothing more accepted within {@code wait}. */
  public boolean quiet(Duration wait) throws InterruptedException {
    return accepted.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  public List<Post> posts() {
    return List.copyOf(posts);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
