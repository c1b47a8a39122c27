package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * About 2,000 malformed inputs made from the shipped presets and the model file: every field
 * deleted, set to null, to the wrong type, negative, zero, NaN, infinite, 1e308, 1e-300, an empty
 * text, a list where a mapping is due, with an unknown key beside it, or given twice; and files
 * that are not YAML documents at all. Each one is run in this JVM ({@code simulate --typical}, the
 * cheapest run that reads a whole scenario and its model) and must end in exit 2 with exactly one
 * line on standard error, naming the field, without a stack trace, and with nothing written; or in
 * exit 0 where the value is legal, and then only for the mutations listed in {@link #LEGAL}.
 */
class MalformedInputCorpusTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * What is done to a value: a name for reports, the replacement (null: delete the field), and
   * whether it is done to numbers only (the other values get the mutations that change their type).
   */
  private record Mutation(String name, UnaryOperator<JsonNode> replacement, boolean numbersOnly) {
    Mutation(String name, UnaryOperator<JsonNode> replacement) {
      this(name, replacement, false);
    }
  }

  private static final List<Mutation> MUTATIONS =
      List.of(
          new Mutation("deleted", value -> null),
          new Mutation("null", value -> NODES.nullNode()),
          new Mutation(
              "wrong type",
              value -> value.isNumber() ? NODES.textNode("abc") : NODES.numberNode(5)),
          new Mutation("negative", value -> NODES.numberNode(-1.5), true),
          new Mutation("zero", value -> NODES.numberNode(0), true),
          new Mutation("NaN", value -> NODES.numberNode(Double.NaN), true),
          new Mutation("infinite", value -> NODES.numberNode(Double.POSITIVE_INFINITY), true),
          new Mutation("1e308", value -> NODES.numberNode(1e308), true),
          new Mutation("1e-300", value -> NODES.numberNode(1e-300), true),
          new Mutation("empty text", value -> NODES.textNode("")),
          new Mutation("list for a mapping", value -> NODES.arrayNode()));

  /**
   * The mutations whose value is legal where it is made, so the run succeeds ("document: path:
   * mutation", as patterns). Every other case must be refused, and every pattern must match a case
   * (a stale entry fails too).
   */
  private static final List<String> LEGAL =
      List.of(
          // Optional fields: without them, their defaults.
          "[a-z0-9-]+: (description|modifiers|population\\.bsa"
              + "|population\\.omega\\.pediatric_below_age_y|regimen\\[0]\\.(count|interval_h)): deleted",
          "model: (description|distribution|formation|modifiers(\\.[a-z0-9-]+)?|outputs\\[\\d]\\.label"
              + "|covariates(\\.effects|\\.effects\\[3]\\.applies_below)?"
              + "|parameter_sets\\.adult-label\\.description"
              + "|variability\\.(adult|pediatric)\\.\\w+"
              // One of the two errors alone (additive or proportional), or none: no observations.
              + "|outputs\\[\\d]\\.residual_error(\\.additive|\\.proportional)?): deleted",
          // Optional texts, lists and sections written empty (null) read as empty.
          "[a-z0-9-]+: (description|modifiers|population\\.bsa): null",
          "model: (description|parameter_sets\\.adult-label\\.description|outputs\\[\\d]\\.label"
              + "|covariates(\\.effects)?|distribution|formation): null",
          // Empty lists: no modifiers, no covariate effects, no distribution, no metabolite formed.
          "(adult-rifampin: modifiers|model: (covariates\\.effects|distribution|formation)): list for a"
              + " mapping",
          // A value where an effect named a parameter (its exponent, its half-maturation age).
          "model: covariates\\.effects\\[(2]\\.exponent|3]\\.half): wrong type",
          // Zero or any positive value: ages from birth, all-female, no maturation, any dose,
          // band weights on any scale.
          "[a-z0-9-]+: (population\\.(ages\\.min_y|fraction_male|omega\\.pediatric_below_age_y"
              + "|age_bands\\[\\d]\\.min_y)): (zero|1e-300)",
          "[a-z0-9-]+: (regimen\\[0]\\.dose|typical_patient\\.age_y): 1e-300",
          "pediatric-phase2: population\\.age_bands\\[\\d]\\.weight: (1e-300|1e308)",
          // Model numbers whose range includes 0 or any small positive value: clearances (0: no
          // elimination), the fraction formed, exponents of either sign, no variability.
          "model: parameter_sets\\.adult-label\\.parameters\\.(CL|CLm|Q2|Q3|Qm|Fm)\\.value: (zero|1e-300)",
          "model: (parameter_sets\\.adult-label\\.parameters\\.THETA_DOSE\\.value"
              + "|covariates\\.effects\\[[01]]\\.exponent): (zero|negative|1e-300)",
          "model: (parameter_sets\\.adult-label\\.parameters\\.AGE50\\.value"
              + "|covariates\\.effects\\[(2]\\.reference|3]\\.applies_below)\\.value"
              + "|covariates\\.effects\\[3]\\.hill): 1e-300",
          "model: variability\\.(adult|pediatric)\\.\\w+\\.omega: zero");

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Integer> accepted = new TreeMap<>();
  private int cases;

  @Test
  void everyMalformedInputIsOneLineNamingTheFieldExitTwoAndNothingWritten() throws Exception {
    for (String preset : List.of("adult-label", "pediatric-phase2", "adult-rifampin")) {
      ObjectNode document = read("/io/vpop/presets/" + preset + ".yaml");
      mutateAll(preset, document, document, "", tree -> scenario(tree));
    }
    ObjectNode model = read("/io/vpop/models/temsirolimus.yaml");
    mutateAll("model", model, model, "", tree -> modelScenario(tree));
    fileLevelCases();
    assertTrue(cases >= 1000, cases + " cases");
    assertTrue(
        problems.isEmpty(), problems.size() + " of " + cases + ":\n" + String.join("\n", problems));
    for (String legal : LEGAL) {
      assertTrue(accepted.keySet().stream().anyMatch(c -> c.matches(legal)), "no case: " + legal);
    }
    List<String> refusedByNone =
        accepted.keySet().stream().filter(c -> LEGAL.stream().noneMatch(c::matches)).toList();
    assertEquals(List.of(), refusedByNone, "accepted, but not stated legal");
  }

  /** A scenario file holding the document. */
  private Path scenario(ObjectNode tree) throws IOException {
    return Files.writeString(directory.resolve("scenario.yaml"), yaml(tree));
  }

  /** The tree as YAML, with NaN and infinity in YAML's own spelling (.nan, .inf). */
  private static String yaml(ObjectNode tree) throws IOException {
    return YAML.writeValueAsString(tree)
        .replaceAll("(?m)(: |- )NaN$", "$1.nan")
        .replaceAll("(?m)(: |- )Infinity$", "$1.inf");
  }

  /** The adult-label preset on a model file holding the document. */
  private Path modelScenario(ObjectNode model) throws IOException {
    Files.writeString(directory.resolve("model.yaml"), yaml(model));
    ObjectNode preset = read("/io/vpop/presets/adult-label.yaml");
    preset.remove("model");
    preset.put("model_file", "model.yaml");
    return scenario(preset);
  }

  @FunctionalInterface
  private interface Writer {
    Path write(ObjectNode tree) throws IOException;
  }

  /** Every mutation of every field below {@code node}, and an unknown key in every mapping. */
  private void mutateAll(String name, ObjectNode root, JsonNode node, String path, Writer writer)
      throws IOException {
    if (node instanceof ObjectNode object) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      object.put("bogus_key", 1);
      check(
          name,
          path.isEmpty() ? "bogus_key" : path + ".bogus_key",
          "unknown key",
          true,
          writer.write(root));
      object.remove("bogus_key");
      for (String key : keys) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        JsonNode original = object.get(key);
        for (Mutation mutation : MUTATIONS) {
          if (mutation.numbersOnly() && !original.isNumber()) {
            continue;
          }
          JsonNode replacement = mutation.replacement().apply(original);
          if (replacement != null && replacement.equals(original)) {
            continue;
          }
          if (replacement == null) {
            object.remove(key);
          } else {
            object.set(key, replacement);
          }
          check(name, childPath, mutation.name(), original.isNumber(), writer.write(root));
          object.set(key, original);
        }
        // Keep the original key order: set() after remove() appends at the end.
        reorder(object, keys);
        mutateAll(name, root, original, childPath, writer);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        mutateAll(name, root, array.get(i), path + "[" + i + "]", writer);
      }
    }
  }

  private static void reorder(ObjectNode object, List<String> keys) {
    Map<String, JsonNode> saved = new TreeMap<>();
    for (String key : keys) {
      saved.put(key, object.get(key));
    }
    object.removeAll();
    for (String key : keys) {
      object.set(key, saved.get(key));
    }
  }

  /** Files that are no scenario at all, and keys given twice. */
  private void fileLevelCases() throws Exception {
    String label = text("/io/vpop/presets/adult-label.yaml");
    Map<String, String> texts = new TreeMap<>();
    texts.put("an empty file", "");
    texts.put("a list at the top", "- 1\n- 2\n");
    texts.put("a scalar at the top", "adult-label\n");
    texts.put("a tab", label.replace("regimen:\n  - ", "regimen:\n\t- "));
    texts.put("an unclosed flow mapping", label.replace("count: 4 }", "count: 4"));
    texts.put("a duplicate top-level key", label + "\nregimen: []\n");
    texts.put(
        "a duplicate key in a flow mapping", label.replace("count: 4 }", "count: 4, count: 5 }"));
    for (Map.Entry<String, String> text : texts.entrySet()) {
      check(
          "file",
          "scenario.yaml",
          text.getKey(),
          true,
          Files.writeString(directory.resolve("scenario.yaml"), text.getValue()));
    }
    Path binary = directory.resolve("binary.yaml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    check("file", "--scenario", "not UTF-8", true, binary);
    Path large = directory.resolve("large.yaml");
    Files.writeString(large, "#".repeat(2 << 20));
    check("file", "--scenario", "larger than 1 MiB", true, large);
    check(
        "file",
        "--scenario",
        "a directory",
        true,
        Files.createDirectories(directory.resolve("folder")));
    check("file", "--scenario", "missing", true, directory.resolve("missing.yaml"));
    check("file", "--scenario", "a device", true, Path.of("/dev/zero"));
  }

  /**
   * Runs one case and notes what went wrong with it.
   *
   * @param named whether the message must name the field itself: a number, an unknown key, a file;
   *     a renamed or removed name may be reported where it is referred to
   */
  private void check(String document, String field, String mutation, boolean named, Path scenario)
      throws IOException {
    cases++;
    Path out = directory.resolve("out");
    cli.clearErr();
    int code =
        cli.run(
            "simulate", "--typical", "--scenario", scenario.toString(), "--out", out.toString());
    String error = cli.err().strip();
    String what = document + ": " + field + ": " + mutation;
    if (code == 0) {
      accepted.merge(what, 1, Integer::sum);
      deleteTree(out);
      return;
    }
    String key = field.substring(field.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
    List<String> wrong = new ArrayList<>();
    if (code != 2) {
      wrong.add("exit " + code);
    }
    if (error.lines().count() != 1) {
      wrong.add(error.lines().count() + " lines");
    }
    if (!error.startsWith("vpop: ") || error.contains("Exception") || error.contains("\tat ")) {
      wrong.add("not a vpop message");
    }
    if (!error.matches("vpop: [^ :][^:]*: .*")) {
      wrong.add("names no field");
    } else if (named && !error.contains(key)) {
      wrong.add("does not name " + key);
    }
    if (Files.exists(out)) {
      wrong.add("wrote " + out);
      deleteTree(out);
    }
    if (!wrong.isEmpty()) {
      problems.add(what + ": " + String.join(", ", wrong) + ": " + error);
    }
  }

  private static ObjectNode read(String resource) throws IOException {
    return (ObjectNode) YAML.readTree(text(resource));
  }

  private static String text(String resource) throws IOException {
    try (InputStream in = MalformedInputCorpusTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
