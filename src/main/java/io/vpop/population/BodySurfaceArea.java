package io.vpop.population;

/** Body-surface area formulas, in m2 from height in cm and weight in kg. */
public enum BodySurfaceArea {
  /** Mosteller, N Engl J Med 1987;317:1098: sqrt(H * W / 3600). The default. */
  MOSTELLER {
    @Override
    public double m2(double heightCm, double weightKg) {
      return Math.sqrt(heightCm * weightKg / 3600.0);
    }
  },
  /** Du Bois and Du Bois, Arch Intern Med 1916;17:863: 0.007184 * H^0.725 * W^0.425. */
  DU_BOIS {
    @Override
    public double m2(double heightCm, double weightKg) {
      return 0.007184 * Math.pow(heightCm, 0.725) * Math.pow(weightKg, 0.425);
    }
  };

  /** The body-surface area in m2. */
  public abstract double m2(double heightCm, double weightKg);
}
