package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which schedules a solver built for another can solve: a sweep keeps its backend across doses, not
 * across a change of timing.
 */
class ScheduleTimelineTest {
  private static final TimeGrid GRID = TimeGrid.uniform(672, 1);

  @Test
  void onlyTheDoseAmountMayDiffer() {
    Schedule base = new Schedule(Fixtures.weekly(25, 0.5, 4), GRID);
    assertTrue(base.sameTimeline(new Schedule(Fixtures.weekly(25, 0.5, 4), GRID)));
    assertTrue(base.sameTimeline(new Schedule(Fixtures.weekly(7.5, 0.5, 4), GRID)));
    assertFalse(base.sameTimeline(new Schedule(Fixtures.weekly(25, 1, 4), GRID)));
    assertFalse(base.sameTimeline(new Schedule(Fixtures.weekly(25, 0.5, 3), GRID)));
    assertFalse(
        base.sameTimeline(new Schedule(Fixtures.weekly(25, 0.5, 4), TimeGrid.uniform(672, 2))));
  }
}
