package io.baton.bench.pipeline;

import io.baton.connector.ConnectorHost;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.ingress.DevCredentials;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One Baton service in a JVM of its own, so a scale run measures that service's heap alone (and under its own
 * {@code -Xmx}), and the load generator's sockets do not share its file-descriptor limit. The parent talks to it over
 * stdin/stdout: the child prints {@code ready <port>}, answers {@code heap} with {@code heap <bytes in use after
 * GC>}, and stops at {@code stop} or when stdin closes.
 */
final class ChildService implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  final int port;

  private ChildService(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.port = Integer.parseInt(answer("ready"));
  }

  /** Starts {@code service} (ingress or connector) in a new JVM with {@code -Xmx maxHeap}; its log goes to {@code log}. */
  static ChildService start(String service, String maxHeap, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-Xms64m", "-XX:+UseG1GC", "-cp", classPath(), ChildService.class.getName(), service));
    command.addAll(List.of(args));
    return new ChildService(new ProcessBuilder(command).redirectError(log.toFile()).start());
  }

  /** Heap in use after GC, in the child. */
  long heapAfterGc() throws IOException {
    in.write("heap\n");
    in.flush();
    return Long.parseLong(answer("heap"));
  }

  private String answer(String word) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(word + " ")) {
        return line.substring(word.length() + 1).trim();
      }
    }
    throw new IOException("the child service exited before answering '" + word + "' (exit "
        + (process.isAlive() ? "-" : process.exitValue()) + ")");
  }

  @Override
  public void close() throws Exception {
    try {
      in.write("stop\n");
      in.close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * The classpath this bench runs with. Under {@code mvn exec:java} the project's classes are in a URL class loader,
   * not on {@code java.class.path}, so the loaders are asked first.
   */
  static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (ClassLoader l = ChildService.class.getClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader urls) {
        for (URL u : urls.getURLs()) {
          try {
            entries.add(new File(u.toURI()).getPath());
          } catch (Exception e) {
            entries.add(u.getPath());
          }
        }
      }
    }
    if (entries.isEmpty()) {
      return System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The child: {@code ingress <bootstrap>} or {@code connector <bootstrap> <Live Agent REST URL>}. */
  public static void main(String[] args) throws Exception {
    PrintStream answers = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.setOut(System.err); // only answers on stdout
    System.setProperty("BATON_LOG_LEVEL", "warn"); // read by logback.xml and logback-test.xml at the first logger
    KafkaSettings kafka = KafkaSettings.of(args[1]);
    Service service;
    int port = 0;
    if (args[0].equals("ingress")) {
      IngressService ingress = new IngressService(IngressConfig.fromEnv(DevCredentials.withDevDefaults(Map.of()))
          .withPort(0), kafka);
      ingress.start();
      port = ingress.port();
      service = ingress;
    } else if (args[0].equals("connector")) {
      ConnectorHost connector = SalesforceConnector.liveAgent(SalesforceConfig.forLiveAgentUrl(args[2]), kafka);
      connector.start();
      service = connector;
    } else {
      throw new IllegalArgumentException("unknown service " + args[0]);
    }
    answers.println("ready " + port);
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = commands.readLine()) != null && !line.equals("stop")) {
      if (line.equals("heap")) {
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(200);
        }
        answers.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      }
    }
    service.stop();
    System.exit(0);
  }
}
