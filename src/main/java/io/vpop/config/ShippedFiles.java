package io.vpop.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The YAML documents shipped in a resource folder (models, presets, sweeps), found by listing the
 * folder in the jar or on the class path, so that adding a file is all it takes to ship one.
 */
public final class ShippedFiles {
  private static final String SUFFIX = ".yaml";
  private static final ConcurrentHashMap<String, List<String>> LISTED = new ConcurrentHashMap<>();

  private ShippedFiles() {}

  /**
   * The names (without {@value #SUFFIX}) of the YAML files directly in a resource folder, sorted.
   *
   * @param folder e.g. {@code /io/vpop/presets/}
   */
  public static List<String> yamlNames(String folder) {
    return LISTED.computeIfAbsent(folder, ShippedFiles::list);
  }

  /**
   * The text of a shipped file.
   *
   * @param name one of {@link #yamlNames}
   * @throws IllegalStateException if the jar lacks it
   */
  public static String text(String folder, String name) {
    try (InputStream in = ShippedFiles.class.getResourceAsStream(folder + name + SUFFIX)) {
      if (in == null) {
        throw new IllegalStateException(folder + name + SUFFIX + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lists the folder where these classes are, the jar or the class folder, so that a jar without
   * entries for its folders is listed all the same.
   */
  private static List<String> list(String folder) {
    String relative = folder.substring(1);
    List<String> names = new ArrayList<>();
    try {
      CodeSource code = ShippedFiles.class.getProtectionDomain().getCodeSource();
      if (code == null) {
        throw new IllegalStateException(
            "vpop's classes have no location to list " + folder + " in");
      }
      Path source = Path.of(code.getLocation().toURI());
      if (Files.isDirectory(source)) {
        Path directory = source.resolve(relative);
        if (Files.isDirectory(directory)) {
          try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> addYaml(names, file.getFileName().toString()));
          }
        }
      } else {
        try (JarFile jar = new JarFile(source.toFile())) {
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String entry = entries.nextElement().getName();
            if (entry.startsWith(relative) && entry.indexOf('/', relative.length()) < 0) {
              addYaml(names, entry.substring(relative.length()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("vpop's classes are at an unreadable location", e);
    }
    names.sort(null);
    return List.copyOf(names);
  }

  private static void addYaml(List<String> names, String file) {
    if (file.endsWith(SUFFIX) && file.length() > SUFFIX.length()) {
      names.add(file.substring(0, file.length() - SUFFIX.length()));
    }
  }
}
