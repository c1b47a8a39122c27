package io.vpop.regimen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vpop.InvalidInputException;
import io.vpop.solve.Schedule;
import io.vpop.solve.TimeGrid;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegimenTest {
  @Test
  void dosesResolvePerPatientFromWeightAndBodySurfaceArea() {
    assertEquals(25, Dose.of(25, DoseUnit.MG).resolveMg(12, 0.5));
    assertEquals(1.5 * 12, Dose.of(1.5, DoseUnit.MG_PER_KG).resolveMg(12, 0.5), 1e-12);
    assertEquals(75 * 0.5, Dose.of(75, DoseUnit.MG_PER_M2).resolveMg(12, 0.5), 1e-12);
    assertEquals(100, new Dose(75, DoseUnit.MG_PER_M2, 100).resolveMg(80, 2.0), 1e-12);
  }

  @Test
  void administrationTimesAreMultiplesOfTheIntervalNotSums() {
    DoseLine weekly = new DoseLine(Dose.of(25, DoseUnit.MG), 0.5, 0.1, 168.1, 1000);
    assertEquals(0.1 + 999 * 168.1, weekly.lastStartH());
    // The schedule ends the last infusion at its start plus the duration, not at a sum of steps.
    Schedule schedule =
        new Schedule(Regimen.of(weekly), TimeGrid.uniform(1000 * 168.1 + 0.1, 168.1));
    double lastEnd = 0.1 + 999 * 168.1 + 0.5;
    int p = 0;
    while (schedule.time(p) < lastEnd - 0.25) {
      p++;
    }
    assertEquals(lastEnd, schedule.time(p));
  }

  @Test
  void theLastIntervalIsThatOfTheLastAdministration() {
    Regimen regimen =
        new Regimen(
            List.of(
                new DoseLine(Dose.of(50, DoseUnit.MG), 1, 0, 0, 1),
                new DoseLine(Dose.of(25, DoseUnit.MG), 0.5, 24, 168, 3)));
    assertArrayEquals(new double[] {24 + 336, 24 + 504}, regimen.lastInterval(1000));
    assertArrayEquals(
        new double[] {0, 400},
        Regimen.of(new DoseLine(Dose.of(5, DoseUnit.MG), 1, 0, 0, 1)).lastInterval(400));
  }

  @Test
  void invalidValuesNameTheFieldTheValueAndWhatIsAllowed() {
    assertEquals(
        "dose: -5.0 is not allowed; allowed: a finite amount > 0 mg",
        assertThrows(InvalidInputException.class, () -> Dose.of(-5, DoseUnit.MG)).getMessage());
    assertEquals(
        "duration_h: 0.0 is not allowed; allowed: a finite duration > 0 h",
        assertThrows(
                InvalidInputException.class,
                () -> new DoseLine(Dose.of(5, DoseUnit.MG), 0, 0, 168, 4))
            .getMessage());
    assertThrows(
        InvalidInputException.class, () -> new DoseLine(Dose.of(5, DoseUnit.MG), 2, 0, 1, 4));
    assertThrows(InvalidInputException.class, () -> Dose.of(Double.NaN, DoseUnit.MG));
  }
}
