package io.vpop.model;

/**
 * A well-stirred compartment holding one analyte.
 *
 * @param name unique in the model
 * @param analyte the name of the analyte it holds
 * @param volumeParameter the parameter giving its volume in L
 */
public record Compartment(String name, String analyte, String volumeParameter) {}
