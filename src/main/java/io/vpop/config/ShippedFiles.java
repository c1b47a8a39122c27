package io.vpop.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static List<String> list(String folder) {
    URL url = ShippedFiles.class.getResource(folder);
    if (url == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try {
      if (url.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        // A cached JarFile is shared with the class loader: take a private one to close.
        connection.setUseCaches(false);
        String prefix =
            connection.getEntryName() + (connection.getEntryName().endsWith("/") ? "" : "/");
        try (JarFile jar = connection.getJarFile()) {
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String entry = entries.nextElement().getName();
            if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
              addYaml(names, entry.substring(prefix.length()));
            }
          }
        }
      } else {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          files.forEach(file -> addYaml(names, file.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("resource folder " + url, e);
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
