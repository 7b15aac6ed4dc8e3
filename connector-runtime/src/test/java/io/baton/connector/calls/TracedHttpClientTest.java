package io.baton.connector.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.baton.trace.TraceParent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A platform call carries the trace of the command being handled, and so does a call chained on its answer. */
class TracedHttpClientTest {
  @Test
  void callsAndChainedCallsCarryTheCurrentTraceInSpansOfTheirOwn() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer platform = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    platform.createContext("/", exchange -> {
      received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("traceparent"));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    platform.start();
    try (PlatformHttp http = new PlatformHttp("traced-test", 2)) {
      String base = "http://localhost:" + platform.getAddress().getPort();
      TraceParent command = TraceParent.start();
      CallTrace.with(command, () -> http.json(post(base + "/token"), "POST /token", null)
          .thenCompose(token -> http.json(post(base + "/message"), "POST /message", null))).join();
      http.json(post(base + "/untraced"), "POST /untraced", null).join();

      assertEquals(3, received.size(), received.toString());
      for (int i = 0; i < 2; i++) {
        String[] call = received.get(i).split(" ");
        assertEquals(i == 0 ? "/token" : "/message", call[0]);
        TraceParent sent = TraceParent.parse(call[1]).orElseThrow();
        assertEquals(command.traceId(), sent.traceId());
        assertNotEquals(command.parentId(), sent.parentId());
      }
      assertEquals("/untraced null", received.get(2)); // no command being handled: no header
      assertTrue(CallTrace.current() == null);
    } finally {
      platform.stop(0);
    }
  }

  private static HttpRequest post(String url) {
    return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build();
  }
}
