package io.vpop.model;

/**
 * First-order elimination from a compartment by a clearance CL (L/h): the flux is {@code CL * C}
 * (mg/h).
 */
public record Elimination(String compartment, String clearanceParameter) {}
