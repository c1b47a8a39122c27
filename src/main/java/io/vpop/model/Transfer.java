package io.vpop.model;

/**
 * A one-way first-order transfer of one analyte from one compartment to another: the flux is {@code
 * CL * C_from} by a clearance CL (L/h), or {@code k * A_from} by a rate constant k (1/h), such as
 * the absorption rate constant ka from a depot.
 *
 * @param from the compartment it leaves
 * @param to the compartment it enters
 * @param parameter the clearance or rate constant
 * @param rate which of the two {@code parameter} is
 */
public record Transfer(String from, String to, String parameter, FlowRate rate) {}
