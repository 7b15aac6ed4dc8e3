package io.baton.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Baton service in a JVM of its own, on the test's classpath, started from its {@code main} with an environment,
 * so a test can kill it (SIGKILL) or freeze it (SIGSTOP) for real, as a crash or a stalled machine in production
 * would: no commit, no close, no leaving the group. Its output goes to a log file, which restarts append to.
 */
public final class ChildJvm implements AutoCloseable {
  private final Class<?> main;
  private final Map<String, String> env;
  private final Path log;
  private final Process process;

  private ChildJvm(Class<?> main, Map<String, String> env, Path log, Process process) {
    this.main = main;
    this.env = Map.copyOf(env);
    this.log = log;
    this.process = process;
  }

  /** Starts {@code main} with {@code env} added to this JVM's environment; stdout and stderr go to {@code log}. */
  public static ChildJvm start(Class<?> main, Map<String, String> env, Path log) throws IOException {
    return new ChildJvm(main, env, log, launch(main, env, log));
  }

  private static Process launch(Class<?> main, Map<String, String> env, Path log) throws IOException {
    // C1 only: a service starts in about half the time, which a test that restarts services several times feels;
    // the serial collector: no G1 threads competing with the test JVM and its broker for two cores.
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        main.getName());
    // Services of parallel tests (and two instances of one test) must not all want the default operations port.
    builder.environment().put("BATON_OPS_PORT", "0");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return builder.start();
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The exit code of a process that ended. */
  public int exitCode() {
    return process.exitValue();
  }

  /** SIGKILL, and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: a clean stop (shutdown hooks run); waits up to {@code patience}, then kills it. */
  public void terminate(Duration patience) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  /** SIGSTOP: the JVM freezes mid-flight (its transactions open, its session expiring): a zombie once thawed. */
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** SIGCONT: a frozen JVM goes on from where it stopped, unaware of the time that passed. */
  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
    }
  }

  /** Waits for the process to end by itself and gives its exit code. */
  public int awaitExit(Duration patience) throws InterruptedException {
    if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(main.getSimpleName() + " (pid " + pid() + ") did not exit within " + patience);
    }
    return process.exitValue();
  }

  /**
   * Kills it and starts it again with the first start's environment plus {@code extra} (which does not carry over
   * to a later restart), appending to the same log.
   */
  public ChildJvm restart(Map<String, String> extra) throws IOException, InterruptedException {
    kill();
    Files.writeString(log, "\n---- killed (SIGKILL), started again" + (extra.isEmpty() ? "" : " with " + extra.keySet())
        + " ----\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Map<String, String> withExtra = new HashMap<>(env);
    withExtra.putAll(extra);
    return new ChildJvm(main, env, log, launch(main, withExtra, log));
  }

  public ChildJvm restart() throws IOException, InterruptedException {
    return restart(Map.of());
  }

  /** What it wrote so far (for a failing test's message). */
  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Kills it if it still runs (thawed first: a stopped process may not die of SIGKILL before it is continued). */
  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      thaw();
      kill();
    }
  }
}
