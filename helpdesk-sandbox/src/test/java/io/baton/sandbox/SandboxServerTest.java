package io.baton.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server around the simulators: health, URLs, the agent console's static files. */
class SandboxServerTest {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static HelpdeskSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofMillis(300)));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void urlsPointAtTheRandomPort() {
    assertTrue(sandbox.port() > 0);
    assertEquals("http://localhost:" + sandbox.port(), sandbox.baseUrl());
    assertEquals("http://localhost:" + sandbox.port() + "/chat/rest/", sandbox.liveAgentRestUrl());
  }

  @Test
  void healthIsUp() throws Exception {
    HttpResponse<String> response = get("/health");
    assertEquals(200, response.statusCode());
    assertEquals("{\"status\":\"UP\"}", response.body());
  }

  @Test
  void consolePageHasTheStableSelectors() throws Exception {
    HttpResponse<String> page = get("/console/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    for (String selector : new String[] {"id=\"chats\"", "id=\"agents-online\"", "id=\"chat-template\"",
        "class=\"chat\"", "class=\"status\"", "class=\"queue-position\"", "class=\"visitor-name\"",
        "class=\"prechat\"", "class=\"transcript\"", "class=\"accept\"", "class=\"reply-text\"",
        "class=\"send\"", "class=\"end\"", "src=\"console.js\""}) {
      assertTrue(page.body().contains(selector), "console page has " + selector);
    }

    HttpResponse<String> script = get("/console/console.js");
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    assertTrue(script.body().contains("/sandbox/liveagent"));
    assertTrue(script.body().contains("dataset.sessionId"), "chats carry data-session-id");
    assertEquals(200, get("/console/console.css").statusCode());
    assertEquals(404, get("/console/missing.js").statusCode());
    assertEquals(404, get("/console/..%2Fpom.xml").statusCode());
  }

  @Test
  void miawConsolePageIsServedWithItsScript() throws Exception {
    HttpResponse<String> page = get("/console/miaw.html");
    assertEquals(200, page.statusCode());
    for (String selector : new String[] {"id=\"conversations\"", "id=\"conversation-template\"",
        "class=\"conversation-id\"", "class=\"transcript\"", "class=\"accept\"", "class=\"reply-text\"",
        "class=\"send\"", "class=\"end\"", "src=\"miaw.js\""}) {
      assertTrue(page.body().contains(selector), "MIAW console page has " + selector);
    }
    HttpResponse<String> script = get("/console/miaw.js");
    assertEquals(200, script.statusCode());
    assertTrue(script.body().contains("/sandbox/miaw/conversations"));
    assertTrue(page.body().contains("src=\"desk.js\""), "the page loads the shared desk script");
    assertTrue(get("/console/desk.js").body().contains("window.AgentDesk"));
    assertTrue(get("/console/").body().contains("href=\"miaw.html\""), "the Live Agent console links to it");
  }

  @Test
  void consoleWithoutSlashRedirects() throws Exception {
    HttpResponse<String> response = get("/console");
    assertEquals(302, response.statusCode());
    assertEquals("/console/", response.headers().firstValue("Location").orElse(""));
  }
}
