package io.vpop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The console's numbers: four significant digits, plain in [0.001, 1e6), else with an exponent. */
class NumbersTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1508.3, 1508",
    "27.6666, 27.67",
    "0.05542, 0.05542",
    "132849.9, 132800",
    "0.001, 0.001",
    "0.00099995, 0.001",
    "0.000999, 9.99e-04",
    "1.32e-8, 1.32e-08",
    "0.0000000132, 1.32e-08",
    "999999.9, 1e+06",
    "-25000000, -2.5e+07",
    "1e300, 1e+300",
    "4.9e-324, 4.941e-324",
    "0, 0",
    "-0.0, 0",
    "NaN, -",
    "Infinity, -",
  })
  void numbersHaveFourSignificantDigitsAndAnExponentOutsideTheUsualMagnitudes(
      double value, String shown) {
    assertEquals(shown, Numbers.significant(value));
  }
}
