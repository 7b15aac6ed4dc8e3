package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.SandboxAddress;
import io.baton.sandbox.SandboxIdentity;
import io.baton.sandbox.SandboxMain;
import io.baton.service.EnvironmentSettings;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The local stack's helpdesk sandbox as an outside helpdesk: its own process, detached from the terminal and from
 * Baton (a Ctrl-C of {@code ./baton up} or a kill -9 of the stack leaves it, and its chats, running). The stack uses
 * the one answering {@link SandboxIdentity} on {@code SANDBOX_PORT}, or starts one from its own class path;
 * {@code BATON_SANDBOX_URL} names another sandbox, of which the stack starts none. {@code stop} is {@code ./baton down}.
 */
public final class SandboxProcess {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A sandbox the stack uses, the line that says which one and how, and whether the stack started it. */
  public record Attached(SandboxAddress address, String line, boolean started) {}

  private SandboxProcess() {}

  /** {@code stop}: stops the local stack's sandbox ({@code ./baton down}); exit 1 only when it cannot. */
  public static void main(String[] args) {
    if (args.length != 1 || !"stop".equals(args[0])) {
      System.err.println("usage: SandboxProcess stop");
      System.exit(2);
    }
    try {
      System.out.println(stop(System.getenv()));
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /** The sandbox of {@code BATON_SANDBOX_URL}, or the one on {@code SANDBOX_PORT}, or a new process there. */
  public static Attached attachOrStart(Map<String, String> env, Path home) {
    String named = env.getOrDefault("BATON_SANDBOX_URL", "").trim();
    if (!named.isEmpty()) {
      SandboxAddress address = new SandboxAddress(named.replaceFirst("/+$", ""));
      SandboxIdentity identity = identify(address).orElseThrow(() -> new IllegalStateException(
          "BATON_SANDBOX_URL: no helpdesk sandbox answers at " + address.identityUrl()));
      return new Attached(address, "Helpdesk sandbox: " + address + " (BATON_SANDBOX_URL, pid " + identity.pid()
          + "); the stack starts none.", false);
    }
    SandboxAddress local = local(env);
    Optional<SandboxIdentity> running = identify(local);
    if (running.isPresent()) {
      return new Attached(local, "Helpdesk sandbox: the one already running at " + local + " (pid "
          + running.get().pid() + ", since " + running.get().startedAt() + "), with its chats.", false);
    }
    return new Attached(local, start(env, home, local), true);
  }

  /** The local stack's sandbox address ({@code SANDBOX_PORT} on localhost). */
  static SandboxAddress local(Map<String, String> env) {
    return new SandboxAddress("http://localhost:" + EnvironmentSettings.integer(env, "SANDBOX_PORT", 8090));
  }

  /** Stops the sandbox answering on {@code SANDBOX_PORT}, if any: the line that says what happened. */
  public static String stop(Map<String, String> env) {
    SandboxAddress local = local(env);
    Optional<SandboxIdentity> running = identify(local);
    if (running.isEmpty()) {
      return "No helpdesk sandbox is running at " + local + ": nothing to stop.";
    }
    long pid = running.get().pid();
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
        "The helpdesk sandbox at " + local + " is pid " + pid + " of another machine or container: stop it there."));
    process.destroy();
    try {
      process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IllegalStateException("stopping the helpdesk sandbox (pid " + pid + "): " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the helpdesk sandbox (pid " + pid + ")", e);
    }
    return "Helpdesk sandbox stopped (pid " + pid + "); its chats went with it.";
  }

  /** What answers {@link SandboxIdentity#PATH} there, if it is Baton's helpdesk sandbox. */
  public static Optional<SandboxIdentity> identify(SandboxAddress address) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(address.identityUrl()))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode body = DemoConnections.read(r.body());
      if (!SandboxIdentity.SERVICE.equals(body.path("service").asText()) || !body.path("pid").canConvertToLong()) {
        return Optional.empty();
      }
      return Optional.of(new SandboxIdentity(SandboxIdentity.SERVICE, body.path("pid").asLong(),
          Instant.parse(body.path("startedAt").asText())));
    } catch (IOException | IllegalStateException | java.time.format.DateTimeParseException e) {
      return Optional.empty(); // nothing there, or not a sandbox
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static String start(Map<String, String> env, Path home, SandboxAddress address) {
    Path log = home.toAbsolutePath().resolve("sandbox.log");
    Process process;
    try {
      Files.createDirectories(home);
      ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      env.forEach((name, value) -> {
        if (name.startsWith("SANDBOX_")) {
          builder.environment().put(name, value);
        }
      });
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("starting the helpdesk sandbox: " + e.getMessage(), e);
    }
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (identify(address).isEmpty()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("The helpdesk sandbox did not start (see " + log + "): " + tail(log));
      }
      try {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the helpdesk sandbox", e);
      }
    }
    return "Helpdesk sandbox: started at " + address + " (pid " + process.pid() + ", output in " + log
        + "); it keeps running when Baton stops, with its chats: ./baton down stops it.";
  }

  /**
   * The same Java and class path as this process, in a session of its own (no terminal's Ctrl-C reaches it); C1 only,
   * as {@code ./baton} runs the stack: a helpdesk stand-in starts in about half the time and needs no peak speed.
   */
  private static List<String> command() {
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm = List.of(javaBinary, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        SandboxMain.class.getName());
    for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(setsid))) {
        return Stream.concat(Stream.of(setsid), jvm.stream()).toList();
      }
    }
    return jvm; // no setsid (macOS): still its own process, which a kill -9 of the stack leaves running
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
