package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads a server-sent event stream the way a browser's EventSource does, collecting the frames. */
final class SseClient implements AutoCloseable {
  record Frame(String id, String event, JsonNode data) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile Stream<String> lines;
  private volatile int status;

  SseClient(String url, String lastEventId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofLines());
    status = response.statusCode();
    lines = response.body();
    reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  int status() {
    return status;
  }

  private void read() {
    String id = null;
    String event = null;
    List<String> data = new ArrayList<>();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            frames.add(new Frame(id, event, JSON.readTree(String.join("\n", data))));
          }
          id = null;
          event = null;
          data.clear();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).trim());
        }
      }
    } catch (Exception e) {
      // the stream was closed
    }
  }

  List<Frame> frames() {
    return List.copyOf(frames);
  }

  @Override
  public void close() {
    if (lines != null) {
      lines.close();
    }
  }
}
