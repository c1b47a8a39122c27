package io.vpop.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vpop.InvalidInputException;
import io.vpop.batch.Sex;
import io.vpop.config.InputFiles;
import io.vpop.model.DeclaredCovariate;
import io.vpop.population.AgeDistribution;
import io.vpop.population.BodySurfaceArea;
import io.vpop.population.CovariateTable;
import io.vpop.regimen.Dose;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a population table ({@code population.table}): a CSV file with a header row and one row per
 * patient, read a row at a time. Every value is checked as the typical patient's are, and a bad one
 * is reported in one line naming the file, its line and the column.
 */
final class CovariateTableReader {
  /** The columns every table has. */
  static final List<String> REQUIRED = List.of("age_y", "sex", "weight_kg", "height_cm");

  /**
   * The columns a table may have: {@code bsa_m2} (else the scenario's formula gives it), {@code
   * dose_mg} (the first regimen line's amount per administration, replacing the regimen's) and
   * {@code id} (any text, not read).
   */
  static final List<String> OPTIONAL = List.of("bsa_m2", "dose_mg", "id");

  /**
   * The most rows: 2,000,000 patients' covariates take about 100 MB of the heap [A]; a larger
   * population is sampled, or split into tables run separately.
   */
  static final int MAX_ROWS = 2_000_000;

  /** The largest BSA accepted: Mosteller's at the tallest and heaviest typical patient allowed. */
  static final double MAX_BSA_M2 =
      BodySurfaceArea.MOSTELLER.m2(ScenarioLoader.MAX_HEIGHT_CM, ScenarioLoader.MAX_WEIGHT_KG);

  private static final String KIND = "CSV population table";

  private static final CsvMapper MAPPER = new CsvMapper();

  private CovariateTableReader() {}

  /**
   * The table at {@code path}.
   *
   * @param field where the path came from ({@code population.table})
   * @param formula the BSA formula of rows without {@code bsa_m2}
   * @param declared the model's declared covariates: a column each, required
   * @throws InvalidInputException naming the field, or the file, line and column of a bad value
   */
  static CovariateTable read(
      Path path, String field, BodySurfaceArea formula, List<DeclaredCovariate> declared) {
    String name = path.getFileName().toString();
    try (Reader reader = InputFiles.reader(path, field, KIND);
        MappingIterator<String[]> rows =
            MAPPER
                .readerFor(String[].class)
                .with(CsvSchema.emptySchema())
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.TRIM_SPACES)
                .readValues(reader)) {
      if (!rows.hasNext()) {
        throw InvalidInputException.of(
            field, name + " is empty; allowed: a header row, then one row per patient");
      }
      Map<String, Integer> columns = columns(rows.next(), field, name, declared);
      Columns table = new Columns(columns.containsKey("dose_mg"), declared);
      int line = 1;
      while (rows.hasNext()) {
        String[] row = rows.next();
        line++;
        if (table.rows == MAX_ROWS) {
          throw InvalidInputException.of(
              field,
              String.format(
                  Locale.ROOT,
                  "%s has more than %,d rows; allowed: at most %,d (sample a larger population)",
                  name,
                  MAX_ROWS,
                  MAX_ROWS));
        }
        if (row.length != columns.size()) {
          throw InvalidInputException.of(
              name + " line " + line,
              row.length + " values, but the header names " + columns.size() + " columns");
        }
        table.add(new Row(row, columns, name + " line " + line), formula);
      }
      if (table.rows == 0) {
        throw InvalidInputException.of(field, name + " has a header but no patients");
      }
      return table.finish(name);
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(field, path.toString(), "a " + KIND + " in UTF-8 text");
    } catch (JsonProcessingException | RuntimeJsonMappingException e) {
      throw InvalidInputException.of(
          field,
          name + " is not a CSV table (" + e.getMessage().lines().findFirst().orElse("") + ")");
    } catch (IOException e) {
      throw InvalidInputException.of(field, "cannot read " + path + " (" + e.getMessage() + ")");
    }
  }

  /**
   * Each column's position, from the header, which must name the required ones (and the model's
   * declared covariates) and no others.
   */
  private static Map<String, Integer> columns(
      String[] header, String field, String name, List<DeclaredCovariate> declared) {
    List<String> required = new java.util.ArrayList<>(REQUIRED);
    declared.forEach(covariate -> required.add(covariate.name()));
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      String column = header[i];
      if (!required.contains(column) && !OPTIONAL.contains(column)) {
        throw new InvalidInputException(
            name + " column " + (i + 1),
            column,
            String.join(", ", required) + " (each required), " + String.join(", ", OPTIONAL));
      }
      if (columns.put(column, i) != null) {
        throw InvalidInputException.of(name, "the column " + column + " appears twice");
      }
    }
    for (String column : required) {
      if (!columns.containsKey(column)) {
        throw InvalidInputException.of(
            field,
            name
                + " has no column "
                + column
                + "; its header must name "
                + String.join(", ", required)
                + (REQUIRED.contains(column)
                    ? ""
                    : " (" + column + ": a covariate the model declares)"));
      }
    }
    return columns;
  }

  /** One row's cells by column name, checked as they are read. */
  private record Row(String[] cells, Map<String, Integer> columns, String where) {
    String cell(String column) {
      return cells[columns.get(column)];
    }

    boolean has(String column) {
      return columns.containsKey(column);
    }

    /** A number above {@code min} and at most {@code max}. */
    double number(String column, double min, double max, String unit) {
      String text = cell(column);
      double value = parse(text);
      if (!(value > min && value <= max)) {
        throw new InvalidInputException(
            where + " " + column,
            text,
            "a number above " + min + " and at most " + max + " " + unit);
      }
      return value;
    }

    /** A declared covariate's value: a number within its range, or one of its levels. */
    double declared(DeclaredCovariate covariate) {
      String text = cell(covariate.name());
      double value = covariate.valueOf(text);
      if (Double.isNaN(value)) {
        throw new InvalidInputException(where + " " + covariate.name(), text, covariate.allowed());
      }
      return value;
    }

    /** A cell's number, NaN where it is none (which every range check refuses). */
    private static double parse(String text) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    Sex sex() {
      String text = cell("sex");
      // F and M as patients.csv writes them, so a sampled population's columns read back.
      return switch (text) {
        case "female", "F" -> Sex.FEMALE;
        case "male", "M" -> Sex.MALE;
        default -> throw new InvalidInputException(where + " sex", text, "female, male, F, M");
      };
    }
  }

  /** The columns as they grow, doubling their arrays. */
  private static final class Columns {
    int rows;
    double[] ageY = new double[16];
    Sex[] sex = new Sex[16];
    double[] weightKg = new double[16];
    double[] heightCm = new double[16];
    double[] bsaM2 = new double[16];
    double[] doseMg;
    final List<DeclaredCovariate> covariates;
    double[][] declared;

    Columns(boolean withDose, List<DeclaredCovariate> covariates) {
      doseMg = withDose ? new double[16] : null;
      this.covariates = covariates;
      declared = new double[covariates.size()][16];
    }

    void add(Row row, BodySurfaceArea formula) {
      if (rows == ageY.length) {
        int capacity = (int) Math.min(2L * rows, MAX_ROWS);
        ageY = Arrays.copyOf(ageY, capacity);
        sex = Arrays.copyOf(sex, capacity);
        weightKg = Arrays.copyOf(weightKg, capacity);
        heightCm = Arrays.copyOf(heightCm, capacity);
        bsaM2 = Arrays.copyOf(bsaM2, capacity);
        doseMg = doseMg == null ? null : Arrays.copyOf(doseMg, capacity);
        for (int c = 0; c < declared.length; c++) {
          declared[c] = Arrays.copyOf(declared[c], capacity);
        }
      }
      ageY[rows] = row.number("age_y", 0, AgeDistribution.MAX_AGE_Y, "y");
      sex[rows] = row.sex();
      weightKg[rows] =
          row.number("weight_kg", ScenarioLoader.MIN_WEIGHT_KG, ScenarioLoader.MAX_WEIGHT_KG, "kg");
      heightCm[rows] =
          row.number("height_cm", ScenarioLoader.MIN_HEIGHT_CM, ScenarioLoader.MAX_HEIGHT_CM, "cm");
      bsaM2[rows] =
          row.has("bsa_m2")
              ? row.number("bsa_m2", 0, MAX_BSA_M2, "m2")
              : formula.m2(heightCm[rows], weightKg[rows]);
      if (doseMg != null) {
        doseMg[rows] = row.number("dose_mg", 0, Dose.MAX_AMOUNT, "mg");
      }
      for (int c = 0; c < declared.length; c++) {
        declared[c][rows] = row.declared(covariates.get(c));
      }
      rows++;
    }

    CovariateTable finish(String source) {
      return new CovariateTable(
          source,
          Arrays.copyOf(ageY, rows),
          Arrays.copyOf(sex, rows),
          Arrays.copyOf(weightKg, rows),
          Arrays.copyOf(heightCm, rows),
          Arrays.copyOf(bsaM2, rows),
          doseMg == null ? null : Arrays.copyOf(doseMg, rows),
          Arrays.stream(declared)
              .map(column -> Arrays.copyOf(column, rows))
              .toArray(double[][]::new));
    }
  }
}
