package io.vpop.model;

/**
 * A chemical entity of the model (a parent drug or a metabolite).
 *
 * @param name e.g. {@code sirolimus}
 * @param molecularWeight in g/mol; the mass of metabolite formed per mass of parent cleared is the
 *     ratio of the two molecular weights
 * @param source where the molecular weight comes from
 */
public record Analyte(String name, double molecularWeight, String source) {}
