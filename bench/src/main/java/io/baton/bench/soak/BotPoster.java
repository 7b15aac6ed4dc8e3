package io.baton.bench.soak;

import io.baton.ingress.DevCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A bot platform calling Baton's ingress instances behind no balancer: each request goes to its preferred instance
 * first and, when that one does not answer (dead, or died before answering), to the next with the same
 * Idempotency-Key, until one answers 2xx. A 4xx other than 409 is the bot's mistake and fails at once.
 */
public final class BotPoster {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<IntSupplier> ports;
  private final Duration patience;
  /** Requests sent again to another instance after one did not answer. */
  public final AtomicInteger retries = new AtomicInteger();

  /** @param ports each ingress instance's port, asked at each try (a restarted instance keeps its port) */
  public BotPoster(List<IntSupplier> ports, Duration patience) {
    this.ports = List.copyOf(ports);
    this.patience = patience;
  }

  /** POSTs {@code json} to {@code path}, instance {@code preferred} first; returns how many retries it took. */
  public int post(int preferred, String path, String json, String idempotencyKey) {
    int tries = 0;
    long deadline = System.nanoTime() + patience.toNanos();
    for (int attempt = preferred; System.nanoTime() < deadline; attempt++) {
      int port = ports.get(attempt % ports.size()).getAsInt();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + DevCredentials.BOT_KEY).header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          return tries;
        }
        if (r.statusCode() / 100 == 4 && r.statusCode() != 409) {
          throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
      } catch (IOException e) {
        // that instance is gone (or went before answering): the next one gets the same request
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted posting " + path, e);
      }
      tries++;
      retries.incrementAndGet();
      Soak.pause(Duration.ofMillis(100));
    }
    throw new IllegalStateException(path + " got no answer within " + patience);
  }

  /** Whether the ingress on {@code port} answers (its OpenAPI document). */
  public boolean listening(int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/openapi.json"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  HttpClient http() {
    return http;
  }
}
