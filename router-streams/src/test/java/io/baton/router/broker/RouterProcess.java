package io.baton.router.broker;

import java.nio.file.Path;
import java.util.Map;

/** A router in its own JVM (the test's classpath), as production runs it, so that it can be killed or stopped for real. */
final class RouterProcess implements AutoCloseable {
  private final Process process;

  private RouterProcess(Process process) {
    this.process = process;
  }

  static RouterProcess start(Class<?> main, Map<String, String> env, Path output) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    return new RouterProcess(builder.start());
  }

  /** SIGKILL: no commit, no close, no leaving the group; its open transaction is left for the broker to abort. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGSTOP: the JVM freezes mid-flight, its transaction open; after the session timeout it is a zombie. */
  void pause() throws Exception {
    signal("-STOP");
  }

  /** SIGCONT: the zombie wakes up and goes on writing until it learns that it was fenced. */
  void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String signal) throws Exception {
    int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      resume(); // a stopped process does not die of SIGKILL before it is continued on every platform
      kill();
    }
  }
}
