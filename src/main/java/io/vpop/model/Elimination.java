package io.vpop.model;

/**
 * First-order elimination from a compartment: the flux is {@code CL * C} by a clearance CL (L/h),
 * or {@code k * A} by a rate constant k (1/h).
 *
 * @param compartment where it eliminates from
 * @param parameter the clearance or rate constant
 * @param rate which of the two {@code parameter} is
 */
public record Elimination(String compartment, String parameter, FlowRate rate) {}
