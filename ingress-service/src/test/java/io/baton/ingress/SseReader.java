package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads an SSE response line by line on its own thread; frames (blank-line separated) are queued as text. */
final class SseReader implements AutoCloseable {
  final HttpResponse<InputStream> response;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final Thread thread;

  private SseReader(HttpResponse<InputStream> response) {
    this.response = response;
    this.thread = new Thread(this::read, "sse-reader");
    thread.setDaemon(true);
    thread.start();
  }

  static SseReader open(TestClient client, String path, String... given) {
    String[] headers = client.withAuth(given);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.base + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return new SseReader(client.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (!lines.isEmpty()) {
            frames.add(String.join("\n", lines));
            lines.clear();
          }
        } else {
          lines.add(line);
        }
      }
    } catch (IOException ignored) {
      // closed by the test
    }
  }

  /** The next frame, keep-alive comments included. */
  String nextFrame(Duration timeout) {
    try {
      String f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (f == null) {
        fail("no SSE frame within " + timeout);
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next {@code n} event frames, comments skipped. */
  List<String> nextEvents(int n) {
    List<String> events = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (events.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("got only " + events.size() + " of " + n + " events: " + events);
      }
      String f = nextFrame(Duration.ofNanos(left));
      if (!f.startsWith(":")) {
        events.add(f);
      }
    }
    return events;
  }

  /** Asserts that no event frame arrives within {@code quiet} (comments are fine). */
  void assertNoEventWithin(Duration quiet) {
    long deadline = System.nanoTime() + quiet.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        String f = frames.poll(left, TimeUnit.NANOSECONDS);
        if (f != null && !f.startsWith(":")) {
          assertEquals(null, f, "unexpected event");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // already closed
    }
    thread.interrupt();
  }
}
