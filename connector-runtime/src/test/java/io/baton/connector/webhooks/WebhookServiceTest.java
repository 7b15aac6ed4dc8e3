package io.baton.connector.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.service.Service;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WebhookServiceTest {
  final List<String> log = new CopyOnWriteArrayList<>();

  Service part(String name, boolean fails) {
    return new Service() {
      @Override
      public void start() {
        if (fails) {
          throw new IllegalStateException(name + " could not start");
        }
        log.add("start " + name);
      }

      @Override
      public void stop() {
        log.add("stop " + name);
      }
    };
  }

  WebhookService service(Service... parts) {
    return new WebhookService(0, "http://localhost:0") {
      @Override
      protected List<Service> assemble(WebhookServer server, String base) {
        log.add("assemble at " + base.replace(Integer.toString(server.port()), "<port>"));
        return List.of(parts);
      }

      @Override
      protected void released() {
        log.add("released");
      }
    };
  }

  @Test
  void partsStartInOrderAndStopInReverseAfterTheServerClosed() throws IOException {
    WebhookService service = service(part("a", false), part("b", false));
    service.start();
    int port = service.webhookPort();
    service.stop();
    try (ServerSocket free = new ServerSocket(port)) { // the server no longer holds its port
      assertEquals(port, free.getLocalPort());
    }
    assertEquals(List.of("assemble at http://localhost:<port>", "start a", "start b", "stop b", "stop a", "released"),
        log);
  }

  @Test
  void aPartThatFailsToStartStopsThePartsBeforeItAndTheServer() {
    WebhookService service = service(part("a", false), part("b", true), part("c", false));
    assertEquals("b could not start", assertThrows(IllegalStateException.class, service::start).getMessage());
    assertEquals(List.of("assemble at http://localhost:<port>", "start a", "stop a", "released"), log);
    service.stop(); // a second stop (the shutdown hook's) stops nothing twice
    assertEquals(List.of("assemble at http://localhost:<port>", "start a", "stop a", "released", "released"), log);
  }

  @Test
  void whileItsPartsStartAWebhookIsAskedToComeBackNotRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<Integer> duringStart = new CopyOnWriteArrayList<>();
    WebhookService service = new WebhookService(0, "http://localhost:0") {
      @Override
      protected List<Service> assemble(WebhookServer server, String base) {
        Service part = new Service() {
          @Override
          public void start() {
            // listening, its endpoint not registered yet: a platform would give up on a 404 for good
            duringStart.add(status(http, base + "/webhooks/desk/acme"));
            server.register(new WebhookEndpoint("desk", request -> true, request -> List.of(),
                events -> CompletableFuture.completedFuture(null)));
          }

          @Override
          public void stop() {}
        };
        return List.of(part);
      }
    };
    service.start();
    try {
      assertEquals(List.of(503), duringStart);
      assertEquals(404, status(http, "http://localhost:" + service.webhookPort() + "/webhooks/other/acme"));
    } finally {
      service.stop();
    }
  }

  private static int status(HttpClient http, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
