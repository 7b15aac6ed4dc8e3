package io.baton.bench.pipeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds many SSE streams open with as little client-side memory as possible (a socket each, one selector thread, one
 * shared read buffer), so the heap a scale run measures is the gateway's, not the clients'.
 */
final class SseHolders implements AutoCloseable {
  private final Selector selector = Selector.open();
  private final Queue<SocketChannel> pending = new ConcurrentLinkedQueue<>();
  private final List<SocketChannel> channels = new ArrayList<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
  private final Thread loop;
  private volatile boolean running = true;
  /** Streams whose answer began with 200 (the gateway holds them), and streams the server closed. */
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();

  SseHolders() throws IOException {
    loop = new Thread(this::run, "sse-holders");
    loop.setDaemon(true);
    loop.start();
  }

  /** Connects and sends the request; the selector thread reads the answer and whatever keep-alives follow. */
  void open(int port, String pathAndQuery) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress("localhost", port));
    channel.write(ByteBuffer.wrap(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
    channel.configureBlocking(false);
    pending.add(channel);
    selector.wakeup();
  }

  private void run() {
    try {
      while (running) {
        selector.select(200);
        SocketChannel c;
        while ((c = pending.poll()) != null) {
          c.register(selector, SelectionKey.OP_READ, new boolean[1]);
          channels.add(c);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          boolean[] answered = (boolean[]) key.attachment();
          buffer.clear();
          int read;
          try {
            read = channel.read(buffer);
          } catch (IOException e) {
            read = -1;
          }
          if (read < 0) {
            key.cancel();
            channel.close();
            closed.incrementAndGet();
          } else if (!answered[0] && read > 12) {
            answered[0] = true;
            if (new String(buffer.array(), 0, 12, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
              accepted.incrementAndGet();
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    running = false;
    selector.wakeup();
    loop.join(5_000);
    for (SocketChannel c : channels) {
      c.close();
    }
    selector.close();
  }
}
