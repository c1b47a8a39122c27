package io.vpop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder of a run: staged beside the target, moved in whole, checked before work. */
class ResultFolderTest {
  @TempDir Path directory;

  @Test
  void aRunIntoANewFolderCreatesNothingUntilItCommits() throws Exception {
    Path target = directory.resolve("a/b/out");
    try (ResultFolder folder = ResultFolder.open(target, "--out")) {
      Files.writeString(folder.staging().resolve("summary.json"), "{}");
      assertFalse(Files.exists(directory.resolve("a")), "nothing on the way to the target");
      assertEquals(directory, folder.staging().getParent(), "staged in the nearest folder");
      folder.commit();
    }
    assertEquals(List.of("summary.json"), ResultFolder.manifest(target));
    assertEquals("{}", Files.readString(target.resolve("summary.json")));
    assertEquals(List.of("a"), List.of(directory.toFile().list()));
  }

  @Test
  void aRunThatDoesNotCommitLeavesNothing() throws Exception {
    Path target = Files.createDirectories(directory.resolve("out"));
    Files.writeString(target.resolve("notes.txt"), "mine");
    try (ResultFolder folder = ResultFolder.open(target, "--out")) {
      Files.writeString(folder.staging().resolve("summary.json"), "{}");
    }
    assertEquals(List.of("out"), List.of(directory.toFile().list()));
    assertEquals(List.of("notes.txt"), List.of(target.toFile().list()));
  }

  @Test
  void aStagingFolderOfAProcessThatIsGoneIsRemovedByTheNextRunAndNoOther() throws Exception {
    Path abandoned =
        Files.createDirectories(directory.resolve(ResultFolder.stagingName("out", 999_999_999)));
    Files.writeString(abandoned.resolve("patients.csv"), "half a file");
    long alive = ProcessHandle.current().pid();
    // A live run into another target whose name starts the same, and a run of another host.
    Path otherTarget =
        Files.createDirectories(directory.resolve(ResultFolder.stagingName("out-1", alive)));
    Path otherHost = Files.createDirectories(directory.resolve(".vpop-staging-out-1@elsewhere"));
    try (ResultFolder folder = ResultFolder.open(directory.resolve("out"), "--out")) {
      assertFalse(Files.exists(abandoned));
      assertTrue(Files.isDirectory(folder.staging()));
    }
    assertTrue(Files.isDirectory(otherTarget));
    assertTrue(Files.isDirectory(otherHost));
  }

  @Test
  void aTargetWhoseNameHoldsGlobCharactersIsWrittenAsAnyOther() throws Exception {
    Path target = directory.resolve("run[1{a*");
    try (ResultFolder folder = ResultFolder.open(target, "--out")) {
      Files.writeString(folder.staging().resolve("summary.json"), "{}");
      folder.commit();
    }
    assertEquals("{}", Files.readString(target.resolve("summary.json")));
  }

  @Test
  void aDamagedManifestNeverNamesAFileOutsideTheFolder() throws Exception {
    Path target = Files.createDirectories(directory.resolve("out"));
    Files.write(target.resolve(ResultFolder.MANIFEST), List.of("../victim.txt", "..", "bands.csv"));
    assertEquals(List.of("bands.csv"), ResultFolder.manifest(target));
  }

  @Test
  void aFileOrAShortDiskIsOneLineAboutTheOption() throws Exception {
    Path file = Files.writeString(directory.resolve("file"), "x");
    InvalidInputException notAFolder =
        assertThrows(InvalidInputException.class, () -> ResultFolder.open(file, "--out"));
    assertTrue(notAFolder.getMessage().startsWith("--out: "), notAFolder.getMessage());
    try (ResultFolder folder = ResultFolder.open(directory.resolve("out"), "--out")) {
      folder.requireSpace(1024);
      InvalidInputException full =
          assertThrows(InvalidInputException.class, () -> folder.requireSpace(Long.MAX_VALUE));
      assertTrue(full.getMessage().startsWith("--out: the run's files need"), full.getMessage());
    }
  }
}
