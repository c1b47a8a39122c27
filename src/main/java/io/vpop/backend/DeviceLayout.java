package io.vpop.backend;

import io.vpop.solve.CompartmentSystem;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled model as the flat arrays the CUDA header reads ({@code vp_model_from_arrays} in
 * cuda/vpop_solve.cuh), and the header's bounds. One place for the layout, used by the CUDA backend
 * and by the host harness test.
 */
public final class DeviceLayout {
  /** The header's VP_MAX_STATES. */
  public static final int MAX_STATES = 8;

  /** The header's VP_MAX_OUTPUTS. */
  public static final int MAX_OUTPUTS = 4;

  /** The header's VP_MAX_PARAMETERS. */
  public static final int MAX_PARAMETERS = 32;

  /** The header's VP_MAX_LENGTHS: distinct segment lengths of a schedule. */
  public static final int MAX_LENGTHS = 8;

  /** The header's VP_MAX_LINES: regimen lines. */
  public static final int MAX_LINES = 8;

  /** The header's VP_MAX_FLOWS and VP_MAX_TERMS. */
  public static final int MAX_FLOWS = 16;

  private DeviceLayout() {}

  /** Why a model does not fit the header's bounds, or null when it does. */
  public static String unfit(CompartmentSystem.Layout layout, int distinctLengths, int lines) {
    if (layout.states() > MAX_STATES) {
      return layout.states() + " compartments (the kernels take " + MAX_STATES + ")";
    }
    if (layout.outputs() > MAX_OUTPUTS) {
      return layout.outputs() + " outputs (the kernels take " + MAX_OUTPUTS + ")";
    }
    if (layout.parameters() > MAX_PARAMETERS) {
      return layout.parameters() + " parameters (the kernels take " + MAX_PARAMETERS + ")";
    }
    if (distinctLengths > MAX_LENGTHS) {
      return distinctLengths + " distinct segment lengths (the kernels take " + MAX_LENGTHS + ")";
    }
    if (lines > MAX_LINES) {
      return lines + " regimen lines (the kernels take " + MAX_LINES + ")";
    }
    int flows =
        Math.max(
            Math.max(layout.distributionFirst().length, layout.eliminationCompartment().length),
            Math.max(
                layout.transferFrom().length,
                Math.max(layout.formationFrom().length, layout.termOutput().length)));
    if (flows > MAX_FLOWS) {
      return flows + " flows or output terms (the kernels take " + MAX_FLOWS + ")";
    }
    return null;
  }

  /** The integer part of the model, in the header's order. */
  public static int[] modelInts(CompartmentSystem.Layout layout) {
    List<Integer> ints = new ArrayList<>();
    ints.add(layout.states());
    ints.add(layout.outputs());
    ints.add(layout.parameters());
    ints.add(layout.dosing());
    add(ints, layout.volume());
    ints.add(layout.distributionFirst().length);
    add(ints, layout.distributionFirst());
    add(ints, layout.distributionSecond());
    add(ints, layout.distributionClearance());
    ints.add(layout.transferFrom().length);
    add(ints, layout.transferFrom());
    add(ints, layout.transferTo());
    add(ints, layout.transferRate());
    add(ints, layout.transferPerVolume());
    ints.add(layout.eliminationCompartment().length);
    add(ints, layout.eliminationCompartment());
    add(ints, layout.eliminationRate());
    add(ints, layout.eliminationPerVolume());
    ints.add(layout.formationFrom().length);
    add(ints, layout.formationFrom());
    add(ints, layout.formationTo());
    add(ints, layout.formationClearance());
    add(ints, layout.formationFraction());
    ints.add(layout.termOutput().length);
    add(ints, layout.termOutput());
    add(ints, layout.termCompartment());
    add(ints, layout.termPerVolume());
    return ints.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The floating-point part of the model, in the header's order. */
  public static double[] modelDoubles(CompartmentSystem.Layout layout) {
    double[] ratios = layout.formationMolarRatio();
    double[] factors = layout.termFactor();
    double[] doubles = new double[ratios.length + factors.length];
    System.arraycopy(ratios, 0, doubles, 0, ratios.length);
    System.arraycopy(factors, 0, doubles, ratios.length, factors.length);
    return doubles;
  }

  private static void add(List<Integer> list, int[] values) {
    for (int value : values) {
      list.add(value);
    }
  }

  private static void add(List<Integer> list, boolean[] flags) {
    for (boolean flag : flags) {
      list.add(flag ? 1 : 0);
    }
  }
}
