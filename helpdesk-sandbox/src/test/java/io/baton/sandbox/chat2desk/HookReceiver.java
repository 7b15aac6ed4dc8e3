package io.baton.sandbox.chat2desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A webhook receiver for tests: answers the statuses queued (then 200) and hands over every event it accepted. */
final class HookReceiver implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One accepted POST: its body, its raw text and its signature header. */
  record Hook(JsonNode body, String raw, String signature) {
    String type() {
      return body.path("hook_type").asText();
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Hook> accepted = new LinkedBlockingQueue<>();

  HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/", exchange -> {
      String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Integer queued = statuses.poll();
      int status = queued == null ? 200 : queued;
      if (status / 100 == 2) {
        accepted.add(new Hook(JSON.readTree(raw), raw,
            exchange.getRequestHeaders().getFirst("X-Chat2Desk-Signature")));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/c2d";
  }

  void answer(int... next) {
    for (int status : next) {
      statuses.add(status);
    }
  }

  /** The next accepted event, within 5 s. */
  Hook next() throws InterruptedException {
    Hook hook = accepted.poll(5, TimeUnit.SECONDS);
    if (hook == null) {
      throw new AssertionError("no webhook within 5 s");
    }
    return hook;
  }

  /** The next accepted event about this client (others' are skipped: earlier tests' stragglers). */
  Hook nextOf(long clientId) throws InterruptedException {
    while (true) {
      Hook hook = next();
      if (hook.body().path("client_id").asLong() == clientId) {
        return hook;
      }
    }
  }

  /** The next {@code count} accepted events' hook types. */
  List<String> nextTypes(int count) throws InterruptedException {
    List<String> types = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      types.add(next().type());
    }
    return types;
  }

  /** Everything accepted so far and not taken yet is dropped. */
  void drain() {
    accepted.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
