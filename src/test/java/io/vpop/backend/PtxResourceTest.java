package io.vpop.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The build packs PTX with the exact-solver kernel when nvcc is on the PATH, and none when it is
 * not.
 */
class PtxResourceTest {
  @Test
  void theKernelsAreBuiltWhereNvccIs() throws Exception {
    boolean nvcc =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(directory -> new File(directory, "nvcc").canExecute());
    for (String arch : new String[] {"80", "90"}) {
      try (InputStream in =
          getClass().getResourceAsStream("/io/vpop/cuda/vpop_kernels.compute_" + arch + ".ptx")) {
        if (!nvcc) {
          assertNull(in, "PTX without nvcc");
          continue;
        }
        assertTrue(in != null, "no PTX for compute_" + arch + " although nvcc is on the PATH");
        String ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(ptx.contains(".entry vp_exact_kernel"), "no vp_exact_kernel entry in the PTX");
        assertEquals(".target sm_" + arch, firstTarget(ptx));
      }
    }
  }

  private static String firstTarget(String ptx) {
    return ptx.lines().filter(line -> line.startsWith(".target")).findFirst().orElse("").trim();
  }
}
