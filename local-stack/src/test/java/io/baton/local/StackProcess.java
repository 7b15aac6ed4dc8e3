package io.baton.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The local stack as {@code ./baton up} runs it: {@link LocalStack#main} in a JVM of its own on this JVM's classpath,
 * so a test can stop it as a person does (SIGINT, Ctrl-C) or crash it for real (SIGKILL: no close, no leaving the
 * group). Its output (stdout and stderr) is kept line by line for assertions. Start it again with the same
 * {@link #environment} to restart the same stack (same {@code BATON_HOME}, same ports).
 */
public final class StackProcess implements AutoCloseable {
  /** The line {@link LocalStack#main} prints once every service is up. */
  public static final String UP = "Baton is up";

  private final Map<String, String> env;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final long launchedAt = System.nanoTime();
  private volatile long upAt;
  private volatile boolean readerOpen = true;

  private StackProcess(Map<String, String> env, Process process) {
    this.env = Map.copyOf(env);
    this.process = process;
    Thread reader = new Thread(this::readOutput, "stack-process-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * An environment for a stack of its own: {@code BATON_HOME} is {@code home}, and every port of the stack (Kafka and
   * its controller on two consecutive ports, the ingress, the sandbox, the webhook servers) is one free now.
   */
  public static Map<String, String> environment(Path home) {
    Map<String, String> env = new HashMap<>();
    env.put("BATON_HOME", home.toString());
    env.put("BATON_KAFKA_PORT", Integer.toString(freePortPair()));
    for (String variable : List.of("BATON_INGRESS_PORT", "SANDBOX_PORT", "BATON_DIXA_WEBHOOK_PORT",
        "BATON_ZENDESK_WEBHOOK_PORT", "BATON_CHAT2DESK_WEBHOOK_PORT", "BATON_MISC_WEBHOOK_PORT", "BATON_OPS_PORT")) {
      env.put(variable, Integer.toString(freePort()));
    }
    return env;
  }

  /** Launches {@link LocalStack} with {@code env} added to this JVM's environment; returns at once. */
  public static StackProcess launch(Map<String, String> env) {
    // Its own temp directory: a clone under the OS's (CI's may be) would put BATON_HOME there, and Kafka Streams warns
    // at every start about a state directory under java.io.tmpdir, which ./baton up's .baton/ is not.
    Path tmp = Path.of(env.getOrDefault("BATON_HOME", ".baton"), "tmp").toAbsolutePath();
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The JVM options ./baton up gives it.
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // and its logging: logback.xml, not the tests' logback-test.xml that is on this classpath too
        "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=logback.xml", "-Djava.io.tmpdir=" + tmp, "-cp",
        System.getProperty("java.class.path"), LocalStack.class.getName());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    try {
      return new StackProcess(env, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment it was launched with (launch again with it to restart the same stack). */
  public Map<String, String> environment() {
    return env;
  }

  public String ingressUrl() {
    return "http://localhost:" + env.get("BATON_INGRESS_PORT");
  }

  public String sandboxUrl() {
    return "http://localhost:" + env.get("SANDBOX_PORT");
  }

  /** How long ago it was launched. */
  public Duration sinceLaunch() {
    return Duration.ofNanos(System.nanoTime() - launchedAt);
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits for the {@value #UP} line and gives the time from launch to it; fails with the output so far if the process
   * ends first or {@code patience} runs out.
   */
  public Duration awaitUp(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (lines) {
      while (upAt == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !readerOpen)) {
          throw new AssertionError("the stack (pid " + pid() + ") did not say '" + UP + "' within " + patience
              + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + "; its output:\n" + output());
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    return Duration.ofNanos(upAt - launchedAt);
  }

  /** SIGINT, as Ctrl-C sends it (the JVM's shutdown hooks run). */
  public void interrupt() {
    signal("-INT");
  }

  /** SIGKILL: the JVM dies at once, as in a crash. Waits for it to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Waits for the process to end by itself and gives its exit code; fails with its output after {@code patience}. */
  public int awaitExit(Duration patience) throws InterruptedException {
    if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the stack (pid " + pid() + ") did not exit within " + patience + "; its output:\n"
          + output());
    }
    return process.exitValue();
  }

  /** Its output lines so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Its output so far, as one text. */
  public String output() {
    return String.join("\n", lines());
  }

  /**
   * Kills it if it still runs, and stops the helpdesk sandbox process it started on its {@code SANDBOX_PORT} (which
   * outlives the stack, as for {@code ./baton up}): no stray process after a test. {@link #kill()} leaves the sandbox.
   */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
    if (env.getOrDefault("BATON_SANDBOX_URL", "").isBlank()) {
      SandboxProcess.stop(env);
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null;) {
        synchronized (lines) {
          lines.add(line);
          if (upAt == 0 && line.startsWith(UP)) {
            upAt = System.nanoTime();
          }
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process is gone: what it wrote is kept
    } finally {
      synchronized (lines) {
        readerOpen = false;
        lines.notifyAll();
      }
    }
  }

  private void signal(String signal) {
    try {
      int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + process.pid(), e);
    }
  }

  /**
   * A free port below the kernel's ephemeral range (Linux: 32768-60999): a port 0 would pick is one an outgoing
   * connection (the sandbox's webhook sender, a Kafka client) may take while the stack is down, and the restart then
   * cannot listen on it.
   */
  private static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      if (portFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port found in 20000-31999");
  }

  /** A free port whose next port is free too (the broker's controller listens on the next). */
  private static int freePortPair() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = freePort();
      if (port < 65535 && portFree(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("no two consecutive free ports found");
  }

  private static boolean portFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
