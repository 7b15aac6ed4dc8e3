package io.baton.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <BATON_HOME>/stack.pid}: the running stack's process id, so {@code ./baton reset} refuses to delete the data
 * of a stack that runs. Removed when the stack stops; a crash leaves it behind, naming a process that is gone.
 */
final class StackPidFile {
  private final Path file;

  private StackPidFile(Path file) {
    this.file = file;
  }

  static StackPidFile write(Path home) {
    Path file = home.resolve("stack.pid");
    try {
      Files.createDirectories(home);
      Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new StackPidFile(file);
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a stack that stops says nothing about a file it could not remove: reset checks the process, not the file
    }
  }
}
