package io.vpop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vpop.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A compartment's bioavailability: a parameter of the model, in (0, 1] in every parameter set; and
 * an absorption rate constant, never negative.
 */
class BioavailabilityTest {
  private static Model oral(String bioavailability, String value) {
    return oral(bioavailability, value, "1");
  }

  private static Model oral(String bioavailability, String value, String ka) {
    String yaml =
        """
        name: oral
        analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
        compartments:
          - { name: gut, analyte: drug, bioavailability: %s }
          - { name: central, analyte: drug, volume: V }
        dosing_compartment: central
        transfer: [{ from: gut, to: central, rate_constant: KA }]
        elimination: [{ from: central, clearance: CL }]
        outputs: [{ name: drug, compartments: [central] }]
        parameter_sets:
          test:
            parameters:
              KA: { value: %s, unit: 1/h, source: "[A] test" }
              F: { value: %s, unit: "1", source: "[A] test" }
              CL: { value: 4, unit: L/h, source: "[A] test" }
              V: { value: 40, unit: L, source: "[A] test" }
        """
            .formatted(bioavailability, ka, value);
    return ModelLoader.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void aBioavailabilityIsAParameterOfTheCompartment() {
    Model model = oral("F", "1");
    assertEquals("F", model.compartments().get(0).bioavailabilityParameter());
    assertEquals(null, model.compartments().get(1).bioavailabilityParameter());
  }

  @Test
  void aBioavailabilityOutsideZeroToOneIsRefused() {
    for (String value : new String[] {"0", "-0.2", "1.2"}) {
      InvalidInputException error =
          assertThrows(InvalidInputException.class, () -> oral("F", value));
      assertEquals(
          "parameter_sets.test.parameters.F.value: "
              + Double.parseDouble(value)
              + " is not allowed; allowed: a bioavailability > 0 and at most 1",
          error.getMessage());
    }
    InvalidInputException negativeKa =
        assertThrows(InvalidInputException.class, () -> oral("F", "0.5", "-1"));
    assertEquals("parameter_sets.test.parameters.KA.value", negativeKa.field());
    InvalidInputException unknown =
        assertThrows(InvalidInputException.class, () -> oral("FF", "0.5"));
    assertEquals("compartments[0].bioavailability", unknown.field());
  }

  @Test
  void anEtaOnFShiftsItsOdds() {
    Model model = oral("F", "0.6");
    double[] typical = model.parameterSet("test", "parameter_set").values();
    int f = model.parameterIndex("F");
    int cl = model.parameterIndex("CL");
    double[] ones = new double[typical.length];
    java.util.Arrays.fill(ones, 1);
    double[] eta = new double[typical.length];
    double[] individual = new double[typical.length];
    Covariates adult = new Covariates(40, io.vpop.batch.Sex.FEMALE, 70, 170, 1.8);
    // Odds 0.6 / 0.4 = 1.5; e^eta = 4 makes them 6, F = 6 / 7; e^-eta = 4 makes them 0.375.
    eta[f] = Math.log(4);
    eta[cl] = 0.25;
    model.individualParameters(typical, adult, 25, eta, ones, individual);
    assertEquals(6.0 / 7, individual[f], 1e-15);
    assertEquals(4 * Math.exp(0.25), individual[cl], 1e-15);
    eta[f] = -Math.log(4);
    model.individualParameters(typical, adult, 25, eta, ones, individual);
    assertEquals(0.375 / 1.375, individual[f], 1e-15);
    eta[f] = 0;
    model.individualParameters(typical, adult, 25, eta, ones, individual);
    assertEquals(0.6, individual[f]);
  }
}
