package io.vpop.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vpop.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of a YAML document (a model parameter file or a scenario) that knows its path in the
 * document, so every rejected value is reported with the field it came from, e.g. {@code
 * regimen[0].duration_h}.
 *
 * <p>Numbers are checked with comparisons that NaN fails. Unknown keys are rejected, so a misspelt
 * field does not silently fall back to a default.
 */
public final class ConfigNode {
  /** Rejects a key given twice in one mapping, where the last would silently win. */
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final JsonNode node;
  private final String path;

  private ConfigNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * Parses a YAML document.
   *
   * @param source a name for the document, used as the field in error messages
   * @throws InvalidInputException if the text is not YAML or not a mapping at the top
   */
  public static ConfigNode parse(InputStream in, String source) {
    try {
      JsonNode root = YAML.readTree(in);
      if (root == null || !root.isObject()) {
        throw InvalidInputException.of(source, "the document must be a YAML mapping of fields");
      }
      return new ConfigNode(root, "");
    } catch (JsonProcessingException e) {
      throw syntaxError(e, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A YAML syntax error as one line: the field being read when it happened (if any), the line and
   * column in the file, and the parser's reason.
   */
  private static InvalidInputException syntaxError(JsonProcessingException e, String source) {
    String reason = e.getOriginalMessage().lines().findFirst().orElse("unreadable YAML");
    JsonLocation where = e.getLocation();
    String place =
        where == null || where.getLineNr() < 1
            ? source
            : source + ", line " + where.getLineNr() + ", column " + where.getColumnNr();
    String field = "";
    if (e.getProcessor() instanceof JsonParser parser) {
      // A JSON pointer such as /regimen/0/dose, written as regimen[0].dose.
      field =
          parser
              .getParsingContext()
              .pathAsPointer()
              .toString()
              .replaceAll("/(\\d+)(?=/|$)", "[$1]")
              .replace('/', '.')
              .replaceFirst("^\\.", "");
    }
    return field.isEmpty()
        ? InvalidInputException.of(place, "not valid YAML (" + reason + ")")
        : InvalidInputException.of(field, "not valid YAML at " + place + " (" + reason + ")");
  }

  /** An empty mapping standing for an absent optional section. */
  public static ConfigNode empty(String path) {
    return new ConfigNode(YAML.createObjectNode(), path);
  }

  /** A required true/false field. */
  public boolean bool(String key) {
    JsonNode child = require(key);
    if (!child.isBoolean()) {
      throw new InvalidInputException(pathOf(key), child.asText(), "true or false");
    }
    return child.asBoolean();
  }

  /** The path of this node in its document ("" for the root). */
  public String path() {
    return path;
  }

  /** The path of a field of this node. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * Whether the field is present. A field written as null is present: its typed reader refuses it,
   * so {@code count: null} is an error, not the default.
   */
  public boolean has(String key) {
    return node.get(key) != null;
  }

  /** Rejects fields other than the ones named: a misspelt key must not fall back to a default. */
  public ConfigNode allowOnly(String... keys) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (!List.of(keys).contains(name)) {
        throw new InvalidInputException(
            pathOf(name), name, "one of the fields " + String.join(", ", keys));
      }
    }
    return this;
  }

  /**
   * This mapping with each field of {@code overrides} in place of its own (a whole field replaced,
   * not merged within): a document that varies another.
   */
  public ConfigNode overriddenBy(ConfigNode overrides) {
    ObjectNode merged = ((ObjectNode) node).deepCopy();
    overrides.node.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
    return new ConfigNode(merged, path);
  }

  /** This mapping with a text field set (added, or replacing the field of that name). */
  public ConfigNode withText(String key, String value) {
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    copy.put(key, value);
    return new ConfigNode(copy, path);
  }

  /** The mapping as a document that {@link #parse} reads back (JSON, which YAML includes). */
  public String document() {
    return node.toString();
  }

  /** A required mapping field. */
  public ConfigNode object(String key) {
    JsonNode child = require(key);
    if (!child.isObject()) {
      throw new InvalidInputException(pathOf(key), child.toString(), "a mapping of fields");
    }
    return new ConfigNode(child, pathOf(key));
  }

  /** A required list field whose items are mappings. */
  public List<ConfigNode> objects(String key) {
    JsonNode child = require(key);
    if (!child.isArray()) {
      throw new InvalidInputException(pathOf(key), child.toString(), "a list");
    }
    List<ConfigNode> items = new ArrayList<>();
    for (int i = 0; i < child.size(); i++) {
      String itemPath = pathOf(key) + "[" + i + "]";
      if (!child.get(i).isObject()) {
        throw new InvalidInputException(itemPath, child.get(i).toString(), "a mapping of fields");
      }
      items.add(new ConfigNode(child.get(i), itemPath));
    }
    return items;
  }

  /** An optional list of mappings; empty when absent or written empty (null). */
  public List<ConfigNode> objectsOrEmpty(String key) {
    return present(key) ? objects(key) : List.of();
  }

  /** A required list of strings. */
  public List<String> texts(String key) {
    JsonNode child = require(key);
    if (!child.isArray()) {
      throw new InvalidInputException(pathOf(key), child.toString(), "a list of names");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < child.size(); i++) {
      if (!child.get(i).isTextual()) {
        throw new InvalidInputException(
            pathOf(key) + "[" + i + "]", child.get(i).toString(), "a name");
      }
      items.add(child.get(i).asText());
    }
    return items;
  }

  /** An optional list of strings; empty when absent or written empty (null). */
  public List<String> textsOrEmpty(String key) {
    return present(key) ? texts(key) : List.of();
  }

  /**
   * Whether an optional text, list or section has a value: a key written with nothing after it
   * (YAML's null) reads as empty. A number has no empty value: a null there is refused.
   */
  public boolean present(String key) {
    JsonNode child = node.get(key);
    return child != null && !child.isNull();
  }

  /** The fields of a mapping field, in document order; each must itself be a mapping. */
  public List<Map.Entry<String, ConfigNode>> entries(String key) {
    return object(key).entries();
  }

  /** The fields of this mapping, in document order; each must itself be a mapping. */
  public List<Map.Entry<String, ConfigNode>> entries() {
    return entriesExcept();
  }

  /** The fields of this mapping but the named ones, in document order; each must be a mapping. */
  public List<Map.Entry<String, ConfigNode>> entriesExcept(String... excluded) {
    List<Map.Entry<String, ConfigNode>> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (List.of(excluded).contains(field.getKey())) {
        continue;
      }
      String childPath = pathOf(field.getKey());
      if (!field.getValue().isObject()) {
        throw new InvalidInputException(
            childPath, field.getValue().toString(), "a mapping of fields");
      }
      entries.add(Map.entry(field.getKey(), new ConfigNode(field.getValue(), childPath)));
    }
    return entries;
  }

  /** A required list of finite numbers. */
  public double[] numbers(String key) {
    JsonNode child = require(key);
    if (!child.isArray()) {
      throw new InvalidInputException(pathOf(key), child.toString(), "a list of numbers");
    }
    double[] values = new double[child.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode item = child.get(i);
      if (!item.isNumber() || !Double.isFinite(item.asDouble())) {
        throw new InvalidInputException(
            pathOf(key) + "[" + i + "]", item.asText(), "a finite number");
      }
      values[i] = item.asDouble();
    }
    return values;
  }

  /** A required text field. */
  public String text(String key) {
    JsonNode child = require(key);
    if (!child.isTextual() || child.asText().isBlank()) {
      throw new InvalidInputException(pathOf(key), child.toString(), "a non-empty text");
    }
    return child.asText();
  }

  /** Whether the field is present and a text (not a number, list or mapping). */
  public boolean isText(String key) {
    JsonNode child = node.get(key);
    return child != null && child.isTextual();
  }

  /** An optional text field. */
  public String text(String key, String defaultValue) {
    return present(key) ? text(key) : defaultValue;
  }

  /** A required finite number. */
  public double number(String key) {
    JsonNode child = require(key);
    if (!child.isNumber() || !Double.isFinite(child.asDouble())) {
      throw new InvalidInputException(pathOf(key), child.asText(), "a finite number");
    }
    return child.asDouble();
  }

  /** An optional finite number. */
  public double number(String key, double defaultValue) {
    return has(key) ? number(key) : defaultValue;
  }

  /** A required whole number. */
  public int integer(String key) {
    JsonNode child = require(key);
    if (!child.canConvertToInt() || !child.isIntegralNumber()) {
      throw new InvalidInputException(pathOf(key), child.asText(), "a whole number");
    }
    return child.asInt();
  }

  /** An optional whole number. */
  public int integer(String key, int defaultValue) {
    return has(key) ? integer(key) : defaultValue;
  }

  private JsonNode require(String key) {
    JsonNode child = node.get(key);
    if (child == null) {
      throw InvalidInputException.of(pathOf(key), "this field is required");
    }
    return child;
  }
}
