package io.vpop.batch;

/**
 * A batch of virtual patients in structure-of-arrays layout, as it crosses to a backend: one array
 * per covariate, and {@code doseMg[line * capacity + i]}, {@code parameters[p * capacity + i]}. The
 * random effects behind the parameters, {@code etas[e * capacity + i]}, stay on the host for the
 * per-patient table: no backend reads them (a device gets {@link #parameterArray} and {@link
 * #doseArray}). Reused from batch to batch; not thread-safe, but distinct slots may be filled by
 * distinct threads.
 */
public final class PatientBatch {
  private final int capacity;
  private final int lines;
  private final int parameterCount;
  private long firstIndex;
  private int size;
  private final byte[] sex;
  private final double[] ageY;
  private final double[] weightKg;
  private final double[] heightCm;
  private final double[] bsaM2;
  private final double[][] declared;
  private final double[] doseMg;
  private final double[] parameters;
  private final double[] etas;

  /**
   * @param capacity the most patients a batch holds
   * @param lines regimen lines (one resolved dose each)
   * @param parameterCount individual parameters per patient
   * @param etaCount random effects per patient (the parameters that vary in the population)
   */
  public PatientBatch(int capacity, int lines, int parameterCount, int etaCount) {
    this(capacity, lines, parameterCount, etaCount, 0);
  }

  /**
   * @param declaredCount the covariates the model declares (a population table's own columns)
   * @see #PatientBatch(int, int, int, int)
   */
  public PatientBatch(
      int capacity, int lines, int parameterCount, int etaCount, int declaredCount) {
    this.capacity = capacity;
    this.lines = lines;
    this.parameterCount = parameterCount;
    this.sex = new byte[capacity];
    this.ageY = new double[capacity];
    this.weightKg = new double[capacity];
    this.heightCm = new double[capacity];
    this.bsaM2 = new double[capacity];
    this.declared = new double[declaredCount][capacity];
    this.doseMg = new double[lines * capacity];
    this.parameters = new double[parameterCount * capacity];
    this.etas = new double[etaCount * capacity];
  }

  /** Starts a batch of {@code size} patients whose first has index {@code firstIndex}. */
  public void reset(long firstIndex, int size) {
    if (size > capacity) {
      throw new IllegalArgumentException("batch of " + size + " exceeds capacity " + capacity);
    }
    this.firstIndex = firstIndex;
    this.size = size;
  }

  /** Sets the covariates of slot {@code i}. */
  public void setCovariates(
      int i, Sex sex, double ageY, double weightKg, double heightCm, double bsaM2) {
    this.sex[i] = (byte) sex.code();
    this.ageY[i] = ageY;
    this.weightKg[i] = weightKg;
    this.heightCm[i] = heightCm;
    this.bsaM2[i] = bsaM2;
  }

  /**
   * Sets the value of declared covariate {@code c} of slot {@code i}: a number in its unit, or a
   * categorical one's level index ({@link io.vpop.model.DeclaredCovariate}).
   */
  public void setDeclared(int c, int i, double value) {
    declared[c][i] = value;
  }

  /** The value of declared covariate {@code c} of slot {@code i} ({@link #setDeclared}). */
  public double declared(int c, int i) {
    return declared[c][i];
  }

  /** Sets the resolved amount per administration of regimen line {@code line}, in mg. */
  public void setDoseMg(int line, int i, double mg) {
    doseMg[line * capacity + i] = mg;
  }

  /** Sets individual parameter {@code p} of slot {@code i}. */
  public void setParameter(int p, int i, double value) {
    parameters[p * capacity + i] = value;
  }

  /** Sets random effect {@code e} of slot {@code i} (log scale, dimensionless). */
  public void setEta(int e, int i, double value) {
    etas[e * capacity + i] = value;
  }

  public int capacity() {
    return capacity;
  }

  public int size() {
    return size;
  }

  /** The run-wide index (0-based) of slot {@code i}. */
  public long index(int i) {
    return firstIndex + i;
  }

  public Sex sex(int i) {
    return sex[i] == 1 ? Sex.MALE : Sex.FEMALE;
  }

  public double ageY(int i) {
    return ageY[i];
  }

  public double weightKg(int i) {
    return weightKg[i];
  }

  public double heightCm(int i) {
    return heightCm[i];
  }

  public double bsaM2(int i) {
    return bsaM2[i];
  }

  /** The resolved amount per administration of regimen line {@code line}, in mg. */
  public double doseMg(int line, int i) {
    return doseMg[line * capacity + i];
  }

  /** Individual parameter {@code p} (in the model's parameter order) of slot {@code i}. */
  public double parameter(int p, int i) {
    return parameters[p * capacity + i];
  }

  /**
   * Random effect {@code e} of slot {@code i}: the eta of the population's {@code e}-th varying
   * parameter (log scale, dimensionless).
   */
  public double eta(int e, int i) {
    return etas[e * capacity + i];
  }

  /**
   * The backing structure-of-arrays of the individual parameters ({@code [p * capacity + i]}), for
   * a backend that ships the batch to a device as it is. Read-only by convention.
   */
  public double[] parameterArray() {
    return parameters;
  }

  /**
   * The backing structure-of-arrays of the resolved doses ({@code [line * capacity + i]});
   * read-only.
   */
  public double[] doseArray() {
    return doseMg;
  }

  public int lines() {
    return lines;
  }

  public int parameterCount() {
    return parameterCount;
  }
}
