package io.vpop.model;

/**
 * Exchange of one analyte between two compartments by an intercompartmental clearance Q (L/h): the
 * flux from {@code first} to {@code second} is {@code Q * (C_first - C_second)} (mg/h).
 */
public record Distribution(String first, String second, String clearanceParameter) {}
