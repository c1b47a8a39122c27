package io.vpop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Splits index ranges into contiguous chunks run on an executor. Each chunk's work depends only on
 * its indices, never on the thread that runs it, which keeps results independent of the thread
 * count.
 */
public final class Parallel {
  /** Work on the indices [from, to), which are piece {@code piece} of the split. */
  @FunctionalInterface
  public interface Chunk {
    void run(int piece, int from, int to);
  }

  private Parallel() {}

  /**
   * Runs {@code chunk} over [0, count) in at most {@code threads} contiguous pieces and waits for
   * all. A runtime exception from a piece is rethrown as it is.
   */
  public static void forChunks(ExecutorService executor, int threads, int count, Chunk chunk) {
    int pieces = Math.max(1, Math.min(threads, count));
    List<Future<?>> futures = new ArrayList<>(pieces);
    for (int piece = 0; piece < pieces; piece++) {
      int from = (int) ((long) count * piece / pieces);
      int to = (int) ((long) count * (piece + 1) / pieces);
      int index = piece;
      futures.add(executor.submit(() -> chunk.run(index, from, to)));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
