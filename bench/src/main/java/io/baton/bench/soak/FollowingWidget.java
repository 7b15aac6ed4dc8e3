package io.baton.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * A visitor's widget: its conversation's SSE stream, resumed on the next ingress instance with Last-Event-ID when
 * the one it reads from dies, as a browser's EventSource does. Every frame is kept raw, with when it arrived.
 */
public final class FollowingWidget implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One frame as the widget got it. */
  public record Frame(String event, JsonNode data, Instant at) {
    /** What a person reads in it: the text of a message, the agent's name of a join. */
    String text() {
      return data.path("text").asText(data.path("agentName").asText());
    }
  }

  private final HttpClient http;
  private final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean open = true;
  private volatile Stream<String> lines;
  private volatile String lastEventId;
  /** Streams opened again after one broke. */
  private volatile int resumes;

  /** Mints a widget token on the first instance that answers and follows the stream from instance {@code first}. */
  public FollowingWidget(HttpClient http, List<IntSupplier> ports, int first, String conversation) throws Exception {
    this.http = http;
    String token = mint(ports, conversation);
    reader = new Thread(() -> {
      for (int attempt = first; open; attempt++) {
        String url = "http://localhost:" + ports.get(attempt % ports.size()).getAsInt() + "/v1/conversations/"
            + conversation + "/events?access_token=" + token;
        try {
          HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
          if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
          }
          HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
          if (response.statusCode() == 200) {
            lines = response.body();
            read(response.body());
          } else {
            response.body().close();
          }
        } catch (IOException e) {
          // that instance is gone: the next one
        } catch (InterruptedException e) {
          return;
        }
        if (open) {
          resumes++;
          Soak.pause(java.time.Duration.ofMillis(100));
        }
      }
    }, "widget-" + conversation);
    reader.setDaemon(true);
    reader.start();
  }

  private String mint(List<IntSupplier> ports, String conversation) throws Exception {
    IOException last = null;
    for (int i = 0; i < 50; i++) {
      int port = ports.get(i % ports.size()).getAsInt();
      try {
        HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        if (minted.statusCode() != 201) {
          throw new IllegalStateException("widget token: " + minted.statusCode() + " " + minted.body());
        }
        return JSON.readTree(minted.body()).get("token").asText();
      } catch (IOException e) {
        last = e;
        Soak.pause(java.time.Duration.ofMillis(100));
      }
    }
    throw new IllegalStateException("no ingress minted a widget token", last);
  }

  private void read(Stream<String> body) {
    String id = null;
    String event = null;
    try {
      for (String line : (Iterable<String>) body::iterator) {
        if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:") && event != null) {
          frames.add(new Frame(event, JSON.readTree(line.substring(5).trim()), Instant.now()));
          if (id != null) {
            lastEventId = id;
          }
        } else if (line.isEmpty()) {
          id = null;
          event = null;
        }
      }
    } catch (Exception e) {
      // the stream broke: the caller opens it again
    }
  }

  /** The frames of {@code event} in the order they arrived, as lines with when each came. */
  public List<Delivery.Line> lines(String event) {
    return frames.stream().filter(f -> f.event().equals(event)).map(f -> new Delivery.Line(f.text(), f.at()))
        .toList();
  }

  /** The events it got, in order (for a failure's message). */
  public List<String> events() {
    return frames.stream().map(Frame::event).toList();
  }

  public int resumes() {
    return resumes;
  }

  @Override
  public void close() {
    open = false;
    Stream<String> l = lines;
    if (l != null) {
      l.close();
    }
    reader.interrupt();
  }
}
