package io.vpop.model;

/**
 * Formation of a metabolite from the parent cleared out of a compartment: the fraction {@code
 * fraction} of the elimination flux {@code CL * C_from} appears in compartment {@code to},
 * converted from parent mass to metabolite mass by the ratio of the molecular weights.
 *
 * @param from the compartment the parent is cleared from (it must have an {@link Elimination} by
 *     the same clearance)
 * @param to the metabolite compartment it is formed into
 * @param clearanceParameter the elimination clearance of {@code from} (L/h)
 * @param fractionParameter the fraction of that clearance that forms the metabolite (0 to 1)
 */
public record Formation(
    String from, String to, String clearanceParameter, String fractionParameter) {}
