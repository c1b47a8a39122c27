package io.vpop.batch;

/** Sex, coded as the CDC and WHO reference files code it. */
public enum Sex {
  MALE(1, "M"),
  FEMALE(2, "F");

  private final int code;
  private final String letter;

  Sex(int code, String letter) {
    this.code = code;
    this.letter = letter;
  }

  /** 1 for male, 2 for female, as in the reference files. */
  public int code() {
    return code;
  }

  /** M or F, as written in patients.csv. */
  public String letter() {
    return letter;
  }
}
