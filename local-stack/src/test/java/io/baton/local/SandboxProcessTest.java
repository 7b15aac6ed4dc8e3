package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which sandbox the stack uses, and {@code ./baton down} with nothing to stop (the process itself: StackRestartTest). */
class SandboxProcessTest {
  @TempDir
  Path home;

  @Test
  void aSandboxNamedByUrlIsUsedAndNoneStarted() {
    try (HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0))) {
      SandboxProcess.Attached attached = SandboxProcess.attachOrStart(Map.of("BATON_SANDBOX_URL",
          sandbox.baseUrl() + "/"), home);
      assertEquals(sandbox.address(), attached.address());
      assertEquals("Helpdesk sandbox: " + sandbox.baseUrl() + " (BATON_SANDBOX_URL, pid " + ProcessHandle.current()
          .pid() + "); the stack starts none.", attached.line());
      assertFalse(attached.started());
    }
  }

  @Test
  void aUrlWhereNoSandboxAnswersIsRefusedInOneLine() throws Exception {
    try (ServerSocket other = new ServerSocket()) {
      other.bind(new InetSocketAddress(0));
      String url = "http://localhost:" + other.getLocalPort();
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> SandboxProcess.attachOrStart(Map.of("BATON_SANDBOX_URL", url), home));
      assertEquals("BATON_SANDBOX_URL: no helpdesk sandbox answers at " + url + "/sandbox/identity",
          refused.getMessage());
    }
  }

  @Test
  void downWithNoSandboxRunningSaysSo() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    assertEquals("No helpdesk sandbox is running at http://localhost:" + port + ": nothing to stop.",
        SandboxProcess.stop(Map.of("SANDBOX_PORT", String.valueOf(port))));
  }
}
