package io.baton.analytics.report;

import java.io.PrintStream;
import java.time.Clock;

/** The report as {@code ./baton report} runs it, for tests in other packages. */
public final class ReportRun {
  private ReportRun() {}

  public static int run(String bootstrap, PrintStream out) {
    return HandoverReport.run(new String[0], bootstrap, Clock.systemUTC(), out, System.err);
  }
}
