package io.vpop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of worker threads that split index ranges into contiguous chunks, one per thread
 * ({@link #forChunks}), or take blocks of them in turn ({@link #forBlocks}). Each chunk's or
 * block's work depends only on its indices, never on the thread that runs it, which keeps results
 * independent of the thread count. The threads are daemons: an abandoned run does not keep the JVM
 * alive. Close when done.
 */
public final class Workers implements AutoCloseable {
  /** Work on the indices [from, to), which are piece {@code piece} of the split. */
  @FunctionalInterface
  public interface Chunk {
    void run(int piece, int from, int to);
  }

  /** Work on the indices [from, to) by thread {@code thread} (0 to count - 1) of the workers. */
  @FunctionalInterface
  public interface Block {
    void run(int thread, int from, int to);
  }

  private final int count;
  private final ExecutorService executor;

  /**
   * @param count the number of threads, at least 1
   */
  public Workers(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one worker thread, not " + count);
    }
    this.count = count;
    this.executor =
        Executors.newFixedThreadPool(
            count,
            runnable -> {
              Thread thread = new Thread(runnable, "vpop-worker");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The number of threads. */
  public int count() {
    return count;
  }

  /**
   * Runs {@code chunk} over [0, items) in at most {@link #count} contiguous pieces and waits for
   * all. Piece p always covers the same indices for the same item count. A runtime exception from a
   * piece is rethrown as it is.
   */
  public void forChunks(int items, Chunk chunk) {
    int pieces = Math.max(1, Math.min(count, items));
    List<Future<?>> futures = new ArrayList<>(pieces);
    for (int piece = 0; piece < pieces; piece++) {
      int from = (int) ((long) items * piece / pieces);
      int to = (int) ((long) items * (piece + 1) / pieces);
      int index = piece;
      futures.add(executor.submit(() -> chunk.run(index, from, to)));
    }
    awaitAll(futures);
  }

  /**
   * Runs {@code block} over [0, items) in blocks of {@code grain} indices, which the threads take
   * in turn as each finishes its last, and waits for all: a thread slowed by other load on the
   * machine takes fewer blocks instead of holding the others up. Which thread runs a block varies
   * from run to run, so a block's result must not depend on it ({@code thread} only says whose work
   * arrays to use). A runtime exception from a block is rethrown as it is.
   */
  public void forBlocks(int items, int grain, Block block) {
    if (grain < 1) {
      throw new IllegalArgumentException("blocks of at least one index, not " + grain);
    }
    int threads = Math.max(1, Math.min(count, (items + grain - 1) / grain));
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          executor.submit(
              () -> {
                for (int from = next.getAndAdd(grain); from < items; from = next.getAndAdd(grain)) {
                  block.run(thread, from, Math.min(items, from + grain));
                }
              }));
    }
    awaitAll(futures);
  }

  private static void awaitAll(List<Future<?>> futures) {
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error; // Out of memory in a worker is out of memory, said once by the command line.
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
