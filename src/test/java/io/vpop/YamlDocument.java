package io.vpop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A shipped YAML document (model, preset) edited as a tree, for tests: {@link #set} replaces a
 * value that must be there and {@link #add} adds one that must not, so an edit that no longer
 * applies to the shipped file fails the test instead of silently changing nothing. Paths are keys
 * joined by dots, with {@code [i]} for list items: {@code regimen[0].interval_h}.
 */
public final class YamlDocument {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final ObjectNode root;

  private YamlDocument(ObjectNode root) {
    this.root = root;
  }

  /** A document from the class path, e.g. {@code /io/vpop/presets/adult-label.yaml}. */
  public static YamlDocument resource(String name) {
    try (InputStream in = YamlDocument.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return new YamlDocument((ObjectNode) YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shipped preset, e.g. {@code adult-label}. */
  public static YamlDocument preset(String name) {
    return resource("/io/vpop/presets/" + name + ".yaml");
  }

  /** The same document writing no plots (a test that does not read them need not draw them). */
  public YamlDocument withoutPlots() {
    return add("outputs", "{ plots: false }");
  }

  /** A value written in YAML, e.g. {@code "{ min: 199, max: 200 }"} or {@code "[]"}. */
  public static JsonNode value(String yaml) {
    try {
      return YAML.readTree("value: " + yaml).get("value");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the value at {@code path}.
   *
   * @throws IllegalArgumentException if there is no value there
   */
  public YamlDocument set(String path, JsonNode value) {
    put(path, value, true);
    return this;
  }

  /** Replaces the value at {@code path} with a YAML value ({@link #value}). */
  public YamlDocument set(String path, String yaml) {
    return set(path, value(yaml));
  }

  /**
   * Adds a value at {@code path}.
   *
   * @throws IllegalArgumentException if there is a value there already
   */
  public YamlDocument add(String path, String yaml) {
    put(path, value(yaml), false);
    return this;
  }

  /**
   * Removes the value at {@code path}.
   *
   * @throws IllegalArgumentException if there is no value there
   */
  public YamlDocument remove(String path) {
    String key = lastKey(path);
    ObjectNode parent = parentOf(path);
    if (parent.remove(key) == null) {
      throw new IllegalArgumentException("nothing to remove at " + path);
    }
    return this;
  }

  /** Whether there is a value at {@code path}. */
  public boolean has(String path) {
    try {
      return parentOf(path).has(lastKey(path));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The document as YAML text. */
  public String text() {
    try {
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the document to {@code file}. */
  public Path write(Path file) throws IOException {
    return Files.writeString(file, text());
  }

  private void put(String path, JsonNode value, boolean mustExist) {
    String key = lastKey(path);
    ObjectNode parent = parentOf(path);
    if (parent.has(key) != mustExist) {
      throw new IllegalArgumentException(
          (mustExist ? "nothing to replace at " : "a value is already at ") + path);
    }
    parent.set(key, value);
  }

  private static String lastKey(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The mapping that holds the last key of {@code path}. */
  private ObjectNode parentOf(String path) {
    JsonNode node = root;
    int dot = path.lastIndexOf('.');
    if (dot >= 0) {
      for (String step : path.substring(0, dot).split("\\.")) {
        node = step(node, step, path);
      }
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("no mapping holds " + path);
    }
    return object;
  }

  private static JsonNode step(JsonNode node, String step, String path) {
    int bracket = step.indexOf('[');
    String key = bracket < 0 ? step : step.substring(0, bracket);
    JsonNode next = node.get(key);
    if (bracket >= 0 && next instanceof ArrayNode list) {
      next = list.get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
    }
    if (next == null || next.isMissingNode()) {
      throw new IllegalArgumentException("no " + step + " on the way to " + path);
    }
    return next;
  }
}
