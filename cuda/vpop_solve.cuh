// vpop's per-patient math for the GPU, mirroring the Java package io.vpop.solve line for line:
//   vp_rate_matrix / vp_output_matrix / vp_output_values  <->  CompartmentSystem
//   vp_matrix_exponential                                  <->  MatrixExponential
//   vp_newton                                              <->  RootFinder.newton
//   vp_hermite_root                                        <->  ExactSolver.hermiteRoot
//   VpMetrics (vp_metrics_*)                               <->  MetricAccumulator
//   VpDecayTail (vp_decay_*)                               <->  DecayTail
//   VpSteadyState (vp_steady_state_add)                    <->  SteadyState
//   vp_exact_solve                                         <->  ExactSolver
//   vp_brent                                               <->  RootFinder.brent
//   vp_dopri_solve                                         <->  DormandPrinceSolver
//   vp_band_bucket                                         <->  io.vpop.batch.BandBuckets.of
// Every function is __host__ __device__: the same code compiles for the host (the CI harness, with g++, the
// qualifiers defined away) and for the device (nvcc). Read a function beside its Java twin: the loops, their
// order and the arithmetic are the same, so the host build agrees with Java to rounding, and a change to one
// must be made to the other.
#ifndef VPOP_SOLVE_CUH
#define VPOP_SOLVE_CUH

#ifndef __CUDACC__
#define __host__
#define __device__
#endif

#include <math.h>
#include <stdint.h>
#include <string.h>

// Fixed upper bounds of the per-thread work arrays (checked by the host before any launch).
#define VP_MAX_STATES 8
#define VP_MAX_OUTPUTS 4
#define VP_MAX_AUGMENTED (VP_MAX_STATES + VP_MAX_OUTPUTS + 1)
#define VP_MAX_REDUCED (VP_MAX_STATES + 1)
#define VP_MAX_LENGTHS 8
#define VP_MAX_LINES 8
#define VP_MAX_PARAMETERS 32
#define VP_MAX_FLOWS 16
#define VP_MAX_TERMS 16

// Metric order of PatientResult / Metric.java.
#define VP_AUC_0_T 0
#define VP_AUC_0_INF 1
#define VP_AUC_TAU 2
#define VP_CMAX 3
#define VP_TMAX 4
#define VP_TROUGH 5
#define VP_CAVG 6
#define VP_CMIN 7
#define VP_TIME_ABOVE 8
#define VP_FRACTION_ABOVE 9
#define VP_METRICS 10

// Status codes of io.vpop.batch.Status.
#define VP_OK 0
#define VP_NON_FINITE 1
#define VP_STEP_SIZE_UNDERFLOW 2
#define VP_STEP_LIMIT 3
// Status 4, TIMING_OUT_OF_RANGE, is the host's alone: lags or infusion durations that differ
// between patients run on the CPU.

// Constants of MatrixExponential, ExactSolver and MetricAccumulator (same values, same meaning).
#define VP_THETA 0.75
#define VP_DEGREE 16
#define VP_BLOCK 4
// The exponential takes whole blocks of terms: another degree would drop some.
static_assert(VP_DEGREE % VP_BLOCK == 0, "VP_DEGREE must be a multiple of VP_BLOCK");
#define VP_PEAK_TIME_TOLERANCE_H 1e-10
// ExactSolver.MAXIMUM and MINIMUM: the signs of an extremum's search.
#define VP_MAXIMUM 1.0
#define VP_MINIMUM -1.0
#define VP_MAX_LEVELS 16
#define VP_PEAK_SERIES_DEGREE 8
#define VP_PEAK_SERIES_REACH 0.1
#define VP_HERMITE_ITERATIONS 60
#define VP_TIE_TOLERANCE 1e-7
#define VP_NEWTON_MAX_ITERATIONS 100
#define VP_SINGULAR 1e-13
#define VP_CLOSED_FORM_PIVOT 1e-8
#define VP_STEP_BLOCK 4
#define VP_JUMP_LEVELS 8
static_assert(VP_STEP_BLOCK == 4, "vp_exact_step sums four rows at a time");
#define VP_MAX_POINT (VP_MAX_REDUCED + 2 * VP_MAX_OUTPUTS)
// A step matrix's rows, in whole blocks.
#define VP_MAX_STEP_ROWS ((VP_MAX_POINT + VP_STEP_BLOCK - 1) / VP_STEP_BLOCK * VP_STEP_BLOCK)
// A falling step matrix's rows ([A, y]), in whole blocks.
#define VP_MAX_FALLING_ROWS ((VP_MAX_STATES + VP_MAX_OUTPUTS + VP_STEP_BLOCK - 1) / VP_STEP_BLOCK * VP_STEP_BLOCK)

// The model's compartment graph compiled to indices: CompartmentSystem's fields.
struct VpModel {
  int states;
  int outputs;
  int parameters;
  int dosing;
  int volume[VP_MAX_STATES];
  int distributions;
  int distribution_first[VP_MAX_FLOWS];
  int distribution_second[VP_MAX_FLOWS];
  int distribution_clearance[VP_MAX_FLOWS];
  int transfers;
  int transfer_from[VP_MAX_FLOWS];
  int transfer_to[VP_MAX_FLOWS];
  int transfer_rate[VP_MAX_FLOWS];
  int transfer_per_volume[VP_MAX_FLOWS];
  int eliminations;
  int elimination_compartment[VP_MAX_FLOWS];
  int elimination_rate[VP_MAX_FLOWS];
  int elimination_per_volume[VP_MAX_FLOWS];
  int formations;
  int formation_from[VP_MAX_FLOWS];
  int formation_to[VP_MAX_FLOWS];
  int formation_clearance[VP_MAX_FLOWS];
  int formation_fraction[VP_MAX_FLOWS];
  double formation_molar_ratio[VP_MAX_FLOWS];
  int terms;
  int term_output[VP_MAX_TERMS];
  int term_compartment[VP_MAX_TERMS];
  int term_per_volume[VP_MAX_TERMS];
  double term_factor[VP_MAX_TERMS];
};

// Fills a VpModel from the flat arrays the host sends (the layout of DeviceLayout.modelInts/modelDoubles in
// Java): ints = states, outputs, parameters, dosing, volume[states] (-1: amounts only), distributions, first[],
// second[], clearance[], transfers, from[], to[], rate[], per_volume[], eliminations, compartment[], rate[],
// per_volume[], formations, from[], to[], clearance[], fraction[], terms, output[], compartment[], per_volume[];
// doubles = molar_ratio[formations], factor[terms]. Returns false when a count exceeds the header's bounds.
__host__ __device__ inline bool vp_model_from_arrays(const int* ints, const double* doubles, VpModel* m) {
  int at = 0;
  int d = 0;
  m->states = ints[at++];
  m->outputs = ints[at++];
  m->parameters = ints[at++];
  m->dosing = ints[at++];
  if (m->states > VP_MAX_STATES || m->outputs > VP_MAX_OUTPUTS || m->parameters > VP_MAX_PARAMETERS) {
    return false;
  }
  for (int i = 0; i < m->states; i++) {
    m->volume[i] = ints[at++];
  }
  m->distributions = ints[at++];
  if (m->distributions > VP_MAX_FLOWS) {
    return false;
  }
  for (int i = 0; i < m->distributions; i++) {
    m->distribution_first[i] = ints[at++];
  }
  for (int i = 0; i < m->distributions; i++) {
    m->distribution_second[i] = ints[at++];
  }
  for (int i = 0; i < m->distributions; i++) {
    m->distribution_clearance[i] = ints[at++];
  }
  m->transfers = ints[at++];
  if (m->transfers > VP_MAX_FLOWS) {
    return false;
  }
  for (int i = 0; i < m->transfers; i++) {
    m->transfer_from[i] = ints[at++];
  }
  for (int i = 0; i < m->transfers; i++) {
    m->transfer_to[i] = ints[at++];
  }
  for (int i = 0; i < m->transfers; i++) {
    m->transfer_rate[i] = ints[at++];
  }
  for (int i = 0; i < m->transfers; i++) {
    m->transfer_per_volume[i] = ints[at++];
  }
  m->eliminations = ints[at++];
  if (m->eliminations > VP_MAX_FLOWS) {
    return false;
  }
  for (int i = 0; i < m->eliminations; i++) {
    m->elimination_compartment[i] = ints[at++];
  }
  for (int i = 0; i < m->eliminations; i++) {
    m->elimination_rate[i] = ints[at++];
  }
  for (int i = 0; i < m->eliminations; i++) {
    m->elimination_per_volume[i] = ints[at++];
  }
  m->formations = ints[at++];
  if (m->formations > VP_MAX_FLOWS) {
    return false;
  }
  for (int i = 0; i < m->formations; i++) {
    m->formation_from[i] = ints[at++];
  }
  for (int i = 0; i < m->formations; i++) {
    m->formation_to[i] = ints[at++];
  }
  for (int i = 0; i < m->formations; i++) {
    m->formation_clearance[i] = ints[at++];
  }
  for (int i = 0; i < m->formations; i++) {
    m->formation_fraction[i] = ints[at++];
  }
  for (int i = 0; i < m->formations; i++) {
    m->formation_molar_ratio[i] = doubles[d++];
  }
  m->terms = ints[at++];
  if (m->terms > VP_MAX_TERMS) {
    return false;
  }
  for (int i = 0; i < m->terms; i++) {
    m->term_output[i] = ints[at++];
  }
  for (int i = 0; i < m->terms; i++) {
    m->term_compartment[i] = ints[at++];
  }
  for (int i = 0; i < m->terms; i++) {
    m->term_per_volume[i] = ints[at++];
  }
  for (int i = 0; i < m->terms; i++) {
    m->term_factor[i] = doubles[d++];
  }
  return true;
}

// The timeline shared by every patient: Schedule's fields (arrays in read-only memory).
struct VpSchedule {
  int points;
  const double* time;
  const int* grid_index;
  const unsigned char* stop;
  const int64_t* active_lines;  // per segment
  const int* length_index;      // per segment
  const int* run_end;           // per segment: Schedule.runEnd
  int distinct_lengths;
  const double* distinct_length;
  int common_length;            // Schedule.commonLength
  const int* halvings;          // per distinct length: Schedule.halvings
  int last_interval_start;
  int last_interval_end;
  int lines;
  const double* duration;
  const int64_t* bolus_lines;    // per point: Schedule.bolusLines
  const int* line_compartment;   // per line: CompartmentSystem.doseCompartments
  const double* steady_state_interval;  // per line: Schedule.steadyStateInterval
  const double* line_lag;               // per line: Schedule.lag
  const int* line_bioavailability;      // per line: CompartmentSystem.doseBioavailability
  const double* threshold;              // per output: Schedule.threshold (INFINITY for none)
  int grid_size;
  double max_grid_step;  // TimeGrid.maxStepH
};

// CompartmentSystem.bioavailableDoses: the amounts that arrive of each line's dose.
__host__ __device__ inline void vp_bioavailable_doses(const VpSchedule* s, const double* p, const double* dose_mg,
                                                      double* arriving_mg) {
  for (int line = 0; line < s->lines; line++) {
    int f = s->line_bioavailability[line];
    arriving_mg[line] = f < 0 ? dose_mg[line] : dose_mg[line] * p[f];
  }
}

// CompartmentSystem.rateMatrix
__host__ __device__ inline void vp_rate_matrix(const VpModel* m, const double* p, double* k) {
  int states = m->states;
  for (int i = 0; i < states * states; i++) {
    k[i] = 0.0;
  }
  for (int d = 0; d < m->distributions; d++) {
    int i = m->distribution_first[d];
    int j = m->distribution_second[d];
    double q = p[m->distribution_clearance[d]];
    double from_i = q / p[m->volume[i]];
    double from_j = q / p[m->volume[j]];
    k[i * states + i] -= from_i;
    k[j * states + i] += from_i;
    k[j * states + j] -= from_j;
    k[i * states + j] += from_j;
  }
  for (int t = 0; t < m->transfers; t++) {
    int i = m->transfer_from[t];
    int j = m->transfer_to[t];
    double rate = m->transfer_per_volume[t] ? p[m->transfer_rate[t]] / p[m->volume[i]] : p[m->transfer_rate[t]];
    k[i * states + i] -= rate;
    k[j * states + i] += rate;
  }
  for (int e = 0; e < m->eliminations; e++) {
    int i = m->elimination_compartment[e];
    k[i * states + i] -=
        m->elimination_per_volume[e] ? p[m->elimination_rate[e]] / p[m->volume[i]] : p[m->elimination_rate[e]];
  }
  for (int f = 0; f < m->formations; f++) {
    int i = m->formation_from[f];
    int j = m->formation_to[f];
    k[j * states + i] += p[m->formation_fraction[f]] * m->formation_molar_ratio[f] *
                         p[m->formation_clearance[f]] / p[m->volume[i]];
  }
}

// CompartmentSystem.outputMatrix
__host__ __device__ inline void vp_output_matrix(const VpModel* m, const double* p, double* w) {
  int states = m->states;
  for (int i = 0; i < m->outputs * states; i++) {
    w[i] = 0.0;
  }
  for (int t = 0; t < m->terms; t++) {
    int c = m->term_compartment[t];
    w[m->term_output[t] * states + c] +=
        m->term_per_volume[t] ? m->term_factor[t] / p[m->volume[c]] : m->term_factor[t];
  }
}

// CompartmentSystem.outputValues
__host__ __device__ inline void vp_output_values(const VpModel* m, const double* w, const double* amounts,
                                                 double* values) {
  for (int k = 0; k < m->outputs; k++) {
    double sum = 0;
    for (int i = 0; i < m->states; i++) {
      sum += w[k * m->states + i] * amounts[i];
    }
    values[k] = sum;
  }
}

// A patient's parameters and doses from the batch's structure-of-arrays layout (PatientBatch: parameter p of
// patient i at parameters[p * capacity + i], dose of line l at doses[l * capacity + i]).
__host__ __device__ inline void vp_gather_inputs(const VpModel* m, int lines, const double* parameters,
                                                 const double* doses, int capacity, int i, double* p, double* d) {
  for (int k = 0; k < m->parameters; k++) {
    p[k] = parameters[(size_t)k * capacity + i];
  }
  for (int line = 0; line < lines; line++) {
    d[line] = doses[(size_t)line * capacity + i];
  }
}

// The lowest set bit's index of a non-zero mask (Long.numberOfTrailingZeros).
__host__ __device__ inline int vp_lowest_line(uint64_t mask) {
  int line = 0;
  while (((mask >> line) & 1u) == 0) {
    line++;
  }
  return line;
}

// Schedule.rate
__host__ __device__ inline double vp_rate(const VpSchedule* s, int segment, const double* dose_mg) {
  double rate = 0;
  uint64_t active = (uint64_t)s->active_lines[segment];
  while (active != 0) {
    int line = vp_lowest_line(active);
    rate += dose_mg[line] / s->duration[line];
    active &= active - 1;
  }
  return rate;
}

// Java's Math.min: NaN if either argument is NaN.
__host__ __device__ inline double vp_min(double a, double b) {
  if (a != a || b != b) {
    return NAN;
  }
  return a <= b ? a : b;
}

// Java's Math.max: NaN if either argument is NaN (fmax would drop the NaN).
__host__ __device__ inline double vp_max(double a, double b) {
  if (a != a || b != b) {
    return NAN;
  }
  return a >= b ? a : b;
}

// MatrixExponential.multiply: c = a b, row-major n x n, in blocks of three rows by two columns (six sums side by
// side); each entry sums its products in the order k = 0..n-1.
__host__ __device__ inline void vp_multiply(int n, const double* a, const double* b, double* c) {
  int i = 0;
  for (; i + 3 <= n; i += 3) {
    int row0 = i * n;
    int row1 = row0 + n;
    int row2 = row1 + n;
    int j = 0;
    for (; j + 2 <= n; j += 2) {
      double sum00 = 0;
      double sum01 = 0;
      double sum10 = 0;
      double sum11 = 0;
      double sum20 = 0;
      double sum21 = 0;
      int at = j;
      for (int k = 0; k < n; k++) {
        double b0 = b[at];
        double b1 = b[at + 1];
        double a0 = a[row0 + k];
        double a1 = a[row1 + k];
        double a2 = a[row2 + k];
        sum00 += a0 * b0;
        sum01 += a0 * b1;
        sum10 += a1 * b0;
        sum11 += a1 * b1;
        sum20 += a2 * b0;
        sum21 += a2 * b1;
        at += n;
      }
      c[row0 + j] = sum00;
      c[row0 + j + 1] = sum01;
      c[row1 + j] = sum10;
      c[row1 + j + 1] = sum11;
      c[row2 + j] = sum20;
      c[row2 + j + 1] = sum21;
    }
    for (; j < n; j++) {
      double sum0 = 0;
      double sum1 = 0;
      double sum2 = 0;
      for (int k = 0; k < n; k++) {
        double bk = b[k * n + j];
        sum0 += a[row0 + k] * bk;
        sum1 += a[row1 + k] * bk;
        sum2 += a[row2 + k] * bk;
      }
      c[row0 + j] = sum0;
      c[row1 + j] = sum1;
      c[row2 + j] = sum2;
    }
  }
  for (; i < n; i++) {
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += a[i * n + k] * b[k * n + j];
      }
      c[i * n + j] = sum;
    }
  }
}

// MatrixExponential.addBlock: out += c0 I + c1 A + c2 A^2 + c3 A^3, the Taylor terms of degree 4 block to
// 4 block + 3; powers holds A, A^2, A^3 (n x n each, in that order).
__host__ __device__ inline void vp_add_block(int n, const double* inverse_factorials, int block,
                                             const double* powers, double* out) {
  int size = n * n;
  int first = VP_BLOCK * block;
  for (int i = 0; i < size; i++) {
    out[i] += inverse_factorials[first + 1] * powers[i] + inverse_factorials[first + 2] * powers[size + i] +
              inverse_factorials[first + 3] * powers[2 * size + i];
  }
  for (int i = 0; i < n; i++) {
    out[i * n + i] += inverse_factorials[first];
  }
}

// MatrixExponential.compute: out = exp(matrix t); powers is 4 n x n of scratch (A, A^2, A^3, A^4), work n x n.
__host__ __device__ inline void vp_matrix_exponential(int n, const double* matrix, double t, double* out,
                                                      double* powers, double* work) {
  int size = n * n;
  double inverse_factorials[VP_DEGREE + 1];
  inverse_factorials[0] = 1.0;
  for (int k = 1; k <= VP_DEGREE; k++) {
    inverse_factorials[k] = inverse_factorials[k - 1] / k;
  }
  double norm = 0;
  for (int j = 0; j < n; j++) {
    double column = 0;
    for (int i = 0; i < n; i++) {
      column += fabs(matrix[i * n + j]);
    }
    norm = vp_max(norm, column);
  }
  norm *= t;
  if (!(norm < INFINITY)) {
    for (int i = 0; i < size; i++) {
      out[i] = NAN;
    }
    return;
  }
  int squarings = 0;
  while (norm > VP_THETA) {
    norm *= 0.5;
    squarings++;
  }
  double scale = ldexp(t, -squarings);
  double* scaled = powers;
  double* square = powers + size;
  double* cube = powers + 2 * size;
  double* fourth = powers + 3 * size;
  for (int i = 0; i < size; i++) {
    scaled[i] = matrix[i] * scale;
  }
  vp_multiply(n, scaled, scaled, square);
  vp_multiply(n, square, scaled, cube);
  vp_multiply(n, square, square, fourth);
  for (int i = 0; i < size; i++) {
    out[i] = inverse_factorials[VP_DEGREE] * fourth[i];
  }
  vp_add_block(n, inverse_factorials, VP_DEGREE / VP_BLOCK - 1, powers, out);
  for (int block = VP_DEGREE / VP_BLOCK - 2; block >= 0; block--) {
    vp_multiply(n, fourth, out, work);
    for (int i = 0; i < size; i++) {
      out[i] = work[i];
    }
    vp_add_block(n, inverse_factorials, block, powers, out);
  }
  for (int s = 0; s < squarings; s++) {
    vp_multiply(n, out, out, work);
    for (int i = 0; i < size; i++) {
      out[i] = work[i];
    }
  }
}

// MetricAccumulator: one patient's running metrics.
struct VpMetrics {
  int outputs;
  double cmax[VP_MAX_OUTPUTS];
  double tmax[VP_MAX_OUTPUTS];
  double value_at_tmax[VP_MAX_OUTPUTS];
  double integral_at_last_interval_start[VP_MAX_OUTPUTS];
  double auc_tau[VP_MAX_OUTPUTS];
  double trough[VP_MAX_OUTPUTS];
  double cavg[VP_MAX_OUTPUTS];
  double cmin[VP_MAX_OUTPUTS];
  double threshold[VP_MAX_OUTPUTS];
  double time_above[VP_MAX_OUTPUTS];
  double horizon;
  double grid_check;
};

// MetricAccumulator's constructor (the thresholds and the horizon) and reset.
__host__ __device__ inline void vp_metrics_reset(VpMetrics* a, const VpSchedule* s, int outputs) {
  a->outputs = outputs;
  a->horizon = s->time[s->points - 1];
  for (int k = 0; k < outputs; k++) {
    a->threshold[k] = s->threshold[k];
    a->time_above[k] = 0.0;
    a->cmax[k] = -INFINITY;
    a->tmax[k] = 0.0;
    a->value_at_tmax[k] = -INFINITY;
    a->integral_at_last_interval_start[k] = NAN;
    a->auc_tau[k] = NAN;
    a->trough[k] = NAN;
    a->cavg[k] = NAN;
    a->cmin[k] = INFINITY;
  }
  a->grid_check = 0;
}

// MetricAccumulator.candidate
__host__ __device__ inline void vp_metrics_candidate(VpMetrics* a, int k, double t, double value) {
  a->cmax[k] = vp_max(a->cmax[k], value);
  if (value > a->value_at_tmax[k] * (1 + VP_TIE_TOLERANCE)) {
    a->value_at_tmax[k] = value;
    a->tmax[k] = t;
  }
}

// MetricAccumulator.atPoint; grid value (k, g) goes to concentrations[(k * grid_size + g) * stride] (none where
// concentrations is NULL: a metrics-only run, PatientResult.keepsProfile false): stride 1 for
// one patient's block, the batch capacity for the structure-of-arrays layout of BatchResult.
__host__ __device__ inline void vp_metrics_at_point(VpMetrics* a, const VpSchedule* s, int p, const double* values,
                                                    int offset, const double* integrals, double* concentrations,
                                                    size_t stride) {
  double t = s->time[p];
  int g = s->grid_index[p];
  if (g >= 0 && concentrations != NULL) {
    for (int k = 0; k < a->outputs; k++) {
      double value = values[offset + k];
      concentrations[(k * s->grid_size + g) * stride] = value;
      a->grid_check += 0 * value;
    }
  }
  for (int k = 0; k < a->outputs; k++) {
    vp_metrics_candidate(a, k, t, values[offset + k]);
  }
  if (p >= s->last_interval_start && p <= s->last_interval_end) {
    for (int k = 0; k < a->outputs; k++) {
      a->cmin[k] = vp_min(a->cmin[k], values[offset + k]);
    }
  }
  if (p == s->last_interval_start) {
    for (int k = 0; k < a->outputs; k++) {
      a->integral_at_last_interval_start[k] = integrals[k];
    }
  }
  if (p == s->last_interval_end) {
    double tau = t - s->time[s->last_interval_start];
    for (int k = 0; k < a->outputs; k++) {
      a->auc_tau[k] = integrals[k] - a->integral_at_last_interval_start[k];
      a->trough[k] = values[offset + k];
      a->cavg[k] = a->auc_tau[k] / tau;
    }
  }
}

// MetricAccumulator.beforeBolus: the values at point p just before its boluses, a cmin candidate after the last
// interval's start.
__host__ __device__ inline void vp_metrics_before_bolus(VpMetrics* a, const VpSchedule* s, int p, const double* values,
                                                        int offset) {
  if (p > s->last_interval_start && p <= s->last_interval_end) {
    for (int k = 0; k < a->outputs; k++) {
      a->cmin[k] = vp_min(a->cmin[k], values[offset + k]);
    }
  }
}

// MetricAccumulator.hasThreshold
__host__ __device__ inline bool vp_metrics_has_threshold(const VpMetrics* a, int k) {
  return a->threshold[k] != INFINITY;
}

// MetricAccumulator.anyThreshold
__host__ __device__ inline bool vp_metrics_any_threshold(const VpMetrics* a) {
  for (int k = 0; k < a->outputs; k++) {
    if (vp_metrics_has_threshold(a, k)) {
      return true;
    }
  }
  return false;
}

// MetricAccumulator.addTimeAbove
__host__ __device__ inline void vp_metrics_add_time_above(VpMetrics* a, int k, double hours) {
  a->time_above[k] += hours;
}

// MetricAccumulator.crosses: whether a monotone piece from ya to yb crosses level.
__host__ __device__ inline bool vp_crosses(double ya, double yb, double level) { return (ya > level) != (yb > level); }

// MetricAccumulator.timeAbove: the hours of a monotone piece [a, b] from ya above level (at: its crossing, or NaN).
__host__ __device__ inline double vp_time_above(double a, double b, double ya, double level, double at) {
  if (at == at) {
    return ya > level ? at - a : b - at;
  }
  return ya > level ? b - a : 0;
}

// MetricAccumulator.crossesThreshold
__host__ __device__ inline bool vp_metrics_crosses_threshold(const VpMetrics* a, const double* start,
                                                             const double* end, int offset) {
  for (int k = 0; k < a->outputs; k++) {
    if (vp_metrics_has_threshold(a, k) && vp_crosses(start[offset + k], end[offset + k], a->threshold[k])) {
      return true;
    }
  }
  return false;
}

// MetricAccumulator.addRunAbove
__host__ __device__ inline void vp_metrics_add_run_above(VpMetrics* a, const double* start, int offset,
                                                         double hours) {
  for (int k = 0; k < a->outputs; k++) {
    if (start[offset + k] > a->threshold[k]) {
      a->time_above[k] += hours;
    }
  }
}

// MetricAccumulator.minimumInside
__host__ __device__ inline bool vp_minimum_inside(double d0, double d1) { return d0 < 0 && d1 > 0; }

// MetricAccumulator.peakInside
__host__ __device__ inline bool vp_peak_inside(double d0, double d1) { return d0 > 0 && d1 < 0; }

// MetricAccumulator.gridFinite: 0 times a finite value is 0, times an infinite or NaN one NaN.
__host__ __device__ inline bool vp_metrics_grid_finite(const VpMetrics* a) { return a->grid_check == 0; }

// MetricAccumulator.atPeak
__host__ __device__ inline void vp_metrics_at_peak(VpMetrics* a, int k, double t, double value) {
  vp_metrics_candidate(a, k, t, value);
}

// MetricAccumulator.atMinimum
__host__ __device__ inline void vp_metrics_at_minimum(VpMetrics* a, int k, double value) {
  a->cmin[k] = vp_min(a->cmin[k], value);
}

// MetricAccumulator.finish; metric (k, m) goes to metrics[(k * VP_METRICS + m) * stride].
__host__ __device__ inline void vp_metrics_finish(const VpMetrics* a, const double* integrals, const double* tails,
                                                  double* metrics, size_t stride) {
  for (int k = 0; k < a->outputs; k++) {
    int base = k * VP_METRICS;
    metrics[(base + VP_AUC_0_T) * stride] = integrals[k];
    metrics[(base + VP_AUC_0_INF) * stride] = integrals[k] + tails[k];
    metrics[(base + VP_AUC_TAU) * stride] = a->auc_tau[k];
    metrics[(base + VP_CMAX) * stride] = a->cmax[k];
    metrics[(base + VP_TMAX) * stride] = a->tmax[k];
    metrics[(base + VP_TROUGH) * stride] = a->trough[k];
    metrics[(base + VP_CAVG) * stride] = a->cavg[k];
    metrics[(base + VP_CMIN) * stride] = a->cmin[k];
    metrics[(base + VP_TIME_ABOVE) * stride] = a->time_above[k];
    metrics[(base + VP_FRACTION_ABOVE) * stride] = a->time_above[k] / a->horizon;
  }
}

// DecayTail's fields: the LU factors of -K (U on and above the diagonal, L's multipliers below), the row swaps.
struct VpDecayTail {
  int n;
  double factors[VP_MAX_STATES * VP_MAX_STATES];
  int pivots[VP_MAX_STATES];
  double solution[VP_MAX_STATES];
  bool singular;
};

// DecayTail.factor: returns the smallest pivot relative to the largest entry of -K, or 0 when -K is singular.
__host__ __device__ inline double vp_decay_factor(VpDecayTail* d, int n, const double* rates) {
  d->n = n;
  double largest = 0;
  for (int i = 0; i < n * n; i++) {
    d->factors[i] = -rates[i];
    largest = vp_max(largest, fabs(d->factors[i]));
  }
  d->singular = !(largest > 0);
  double smallest = INFINITY;
  for (int column = 0; column < n && !d->singular; column++) {
    int pivot = column;
    for (int row = column + 1; row < n; row++) {
      if (fabs(d->factors[row * n + column]) > fabs(d->factors[pivot * n + column])) {
        pivot = row;
      }
    }
    double magnitude = fabs(d->factors[pivot * n + column]);
    if (!(magnitude > VP_SINGULAR * largest)) {
      d->singular = true;
      break;
    }
    smallest = vp_min(smallest, magnitude);
    d->pivots[column] = pivot;
    if (pivot != column) {
      for (int j = 0; j < n; j++) {
        double swap = d->factors[column * n + j];
        d->factors[column * n + j] = d->factors[pivot * n + j];
        d->factors[pivot * n + j] = swap;
      }
    }
    for (int row = column + 1; row < n; row++) {
      double multiplier = d->factors[row * n + column] / d->factors[column * n + column];
      d->factors[row * n + column] = multiplier;
      if (multiplier != 0) {
        for (int j = column + 1; j < n; j++) {
          d->factors[row * n + j] -= multiplier * d->factors[column * n + j];
        }
      }
    }
  }
  return d->singular ? 0 : smallest / largest;
}

// DecayTail.solve: out = (-K)^-1 v; v may be out.
__host__ __device__ inline void vp_decay_solve(VpDecayTail* d, const double* v, double* out) {
  int n = d->n;
  for (int i = 0; i < n; i++) {
    d->solution[i] = v[i];
  }
  for (int column = 0; column < n; column++) {
    int pivot = d->pivots[column];
    if (pivot != column) {
      double swap = d->solution[column];
      d->solution[column] = d->solution[pivot];
      d->solution[pivot] = swap;
    }
    for (int row = column + 1; row < n; row++) {
      double multiplier = d->factors[row * n + column];
      if (multiplier != 0) {
        d->solution[row] -= multiplier * d->solution[column];
      }
    }
  }
  for (int row = n - 1; row >= 0; row--) {
    double sum = d->solution[row];
    for (int j = row + 1; j < n; j++) {
      sum -= d->factors[row * n + j] * d->solution[j];
    }
    d->solution[row] = sum / d->factors[row * n + row];
  }
  for (int i = 0; i < n; i++) {
    out[i] = d->solution[i];
  }
}

// DecayTail.areas: tails[k] = W_k (-K)^-1 A, infinite when -K is singular.
__host__ __device__ inline void vp_decay_areas(VpDecayTail* d, int outputs, const double* amounts,
                                               const double* weights, double* tails) {
  int n = d->n;
  if (d->singular) {
    for (int k = 0; k < outputs; k++) {
      tails[k] = INFINITY;
    }
    return;
  }
  vp_decay_solve(d, amounts, d->solution);
  for (int k = 0; k < outputs; k++) {
    double tail = 0;
    for (int i = 0; i < n; i++) {
      tail += weights[k * n + i] * d->solution[i];
    }
    tails[k] = tail;
  }
}

// DecayTail.compute
__host__ __device__ inline void vp_decay_tail(VpDecayTail* d, int n, int outputs, const double* rates,
                                              const double* amounts, const double* weights, double* tails) {
  vp_decay_factor(d, n, rates);
  vp_decay_areas(d, outputs, amounts, weights, tails);
}

// Schedule.startsAtSteadyState
__host__ __device__ inline bool vp_starts_at_steady_state(const VpSchedule* s) {
  for (int line = 0; line < s->lines; line++) {
    if (s->steady_state_interval[line] != 0) {
      return true;
    }
  }
  return false;
}

// SteadyState's fields (and MatrixExponential's work arrays for exp(R t) of the reduced matrix).
struct VpSteadyState {
  double generator[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double first[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double second[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double product[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double shifted[VP_MAX_STATES * VP_MAX_STATES];
  double one_interval[VP_MAX_STATES];
  double at_end[VP_MAX_STATES];
  double powers[4 * VP_MAX_REDUCED * VP_MAX_REDUCED];
  double work[VP_MAX_REDUCED * VP_MAX_REDUCED];
  VpDecayTail factors;
};

// SteadyState.add: adds the steady-state amounts at 0 h of every steady-state line to amounts; NaN when
// I - Phi is singular for a line.
__host__ __device__ inline void vp_steady_state_add(VpSteadyState* x, int n, const VpSchedule* s,
                                                    const double* rates, int dosing, const double* dose_mg,
                                                    double* amounts) {
  int width = n + 1;
  for (int i = 0; i < width * width; i++) {
    x->generator[i] = 0.0;
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      x->generator[i * width + j] = rates[i * n + j];
    }
  }
  x->generator[dosing * width + n] = 1.0;
  for (int line = 0; line < s->lines; line++) {
    double interval = s->steady_state_interval[line];
    if (interval == 0) {
      continue;
    }
    double duration = s->duration[line];
    double lag = s->line_lag[line];
    // Phi = exp(K tau): the first n rows and columns of the last exponential or product.
    const double* phi = x->first;
    if (duration == 0) {
      // A bolus (the only line without a duration).
      vp_matrix_exponential(width, x->generator, interval - lag, x->first, x->powers, x->work);
      int compartment = s->line_compartment[line];
      for (int i = 0; i < n; i++) {
        x->one_interval[i] = x->first[i * width + compartment] * dose_mg[line];
      }
    } else {
      double rate = dose_mg[line] / duration;
      vp_matrix_exponential(width, x->generator, duration, x->first, x->powers, x->work);
      for (int i = 0; i < n; i++) {
        x->at_end[i] = x->first[i * width + n] * rate;
      }
      if (interval - lag > duration) {
        vp_matrix_exponential(width, x->generator, interval - lag - duration, x->second, x->powers, x->work);
        for (int i = 0; i < n; i++) {
          double sum = 0;
          for (int j = 0; j < n; j++) {
            sum += x->second[i * width + j] * x->at_end[j];
          }
          x->one_interval[i] = sum;
        }
        vp_multiply(width, x->second, x->first, x->product);
        phi = x->product;
      } else {
        // An infusion that lasts the whole interval: a constant rate.
        for (int i = 0; i < n; i++) {
          x->one_interval[i] = x->at_end[i];
        }
      }
    }
    if (lag > 0) {
      vp_matrix_exponential(width, x->generator, lag, x->second, x->powers, x->work);
      double* lagged = phi == x->product ? x->first : x->product;
      vp_multiply(width, phi, x->second, lagged);
      phi = lagged;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        x->shifted[i * n + j] = phi[i * width + j] - (i == j ? 1.0 : 0.0);
      }
    }
    // vp_decay_factor takes the negation of its matrix: Phi - I gives the factors of I - Phi.
    if (!(vp_decay_factor(&x->factors, n, x->shifted) > 0)) {
      for (int i = 0; i < n; i++) {
        amounts[i] = NAN;
      }
      return;
    }
    vp_decay_solve(&x->factors, x->one_interval, x->one_interval);
    for (int i = 0; i < n; i++) {
      amounts[i] += x->one_interval[i];
    }
  }
}

// ExactSolver's fields: one thread's work arrays. The point vectors hold [A, R, y, slopes].
struct VpExact {
  int n;
  int width;
  int outputs;
  int size;
  int point_length;
  int falling_rows;
  int values_at;
  int slopes_at;
  double rates[VP_MAX_STATES * VP_MAX_STATES];
  double output_weights[VP_MAX_OUTPUTS * VP_MAX_STATES];
  double reduced[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double augmented[VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  double augmented_propagator[VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  double slope_weights[VP_MAX_OUTPUTS * VP_MAX_REDUCED];
  double curvature_weights[VP_MAX_OUTPUTS * VP_MAX_REDUCED];
  double steps[VP_MAX_LENGTHS][VP_MAX_REDUCED * VP_MAX_STEP_ROWS];
  double falling_steps[VP_MAX_LENGTHS][VP_MAX_STATES * VP_MAX_FALLING_ROWS];
  double falling_point[VP_MAX_STATES + VP_MAX_OUTPUTS];
  double falling_next[VP_MAX_STATES + VP_MAX_OUTPUTS];
  bool stepping_falls;  // ExactSolver.steppingFalls
  double propagator[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double integral_rows[VP_MAX_LENGTHS][VP_MAX_OUTPUTS * VP_MAX_REDUCED];
  bool step_ready[VP_MAX_LENGTHS];
  double powers[4 * VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  double work[VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  double point[VP_MAX_POINT];
  double next_point[VP_MAX_POINT];
  double integrals[VP_MAX_OUTPUTS];
  double carried[VP_MAX_OUTPUTS];
  double integral_scale[VP_MAX_OUTPUTS];
  double area_input[VP_MAX_STATES];
  double given[VP_MAX_STATES];
  double arriving[VP_MAX_LINES];
  VpSteadyState steady_state;
  double tails[VP_MAX_OUTPUTS];
  VpDecayTail tail;
  bool closed_form_integrals;
  double infused;
  double peak_state[VP_MAX_REDUCED];
  double peak_start[VP_MAX_REDUCED];
  double peak_propagator[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double series_rows[VP_MAX_OUTPUTS * (VP_PEAK_SERIES_DEGREE + 1) * VP_MAX_REDUCED];
  bool series_rows_ready[VP_MAX_OUTPUTS];
  double product[VP_MAX_REDUCED];
  double series_slope[VP_PEAK_SERIES_DEGREE + 1];
  double levels[VP_MAX_LEVELS][VP_MAX_REDUCED * VP_MAX_REDUCED];
  double jumps[VP_JUMP_LEVELS][VP_MAX_REDUCED * VP_MAX_REDUCED];
  bool decay_persists;
  int rising_amount;
  int jumps_length;
  int jump_levels;
  int levels_held;
  int levels_length;
  int level_base;
  int level_count;
  double level_unit;
  double series_centre;
  double series_reach;
  double series_value;
  int peak_output;
  double search_sign;
  double extremum_at;     // ExactSolver.extremumAt
  double extremum_value;  // ExactSolver.extremumValue
  double crossing_level;  // ExactSolver.Crossing's level, sign and slope
  double crossing_sign;
  double crossing_slope;
  double peak_curvature;
  double peak_at;
  double reduced_norm;
  VpMetrics metrics;
};

// ExactSolver.assembleAugmented
__host__ __device__ inline void vp_exact_assemble_augmented(VpExact* x, int dosing) {
  int n = x->n;
  int size = x->size;
  for (int i = 0; i < size * size; i++) {
    x->augmented[i] = 0.0;
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      x->augmented[i * size + j] = x->rates[i * n + j];
    }
  }
  x->augmented[dosing * size + size - 1] = 1.0;
  for (int k = 0; k < x->outputs; k++) {
    double row_sum = 0;
    for (int i = 0; i < n; i++) {
      row_sum += fabs(x->output_weights[k * n + i]);
    }
    x->integral_scale[k] = row_sum > 0 ? 1.0 / row_sum : 1.0;
    for (int i = 0; i < n; i++) {
      x->augmented[(n + k) * size + i] = x->output_weights[k * n + i] * x->integral_scale[k];
    }
  }
}

// ExactSolver.assemble
__host__ __device__ inline void vp_exact_assemble(VpExact* x, const VpModel* m, const double* parameters) {
  int n = x->n;
  int width = x->width;
  int outputs = x->outputs;
  vp_rate_matrix(m, parameters, x->rates);
  vp_output_matrix(m, parameters, x->output_weights);
  int dosing = m->dosing;
  for (int i = 0; i < width * width; i++) {
    x->reduced[i] = 0.0;
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      x->reduced[i * width + j] = x->rates[i * n + j];
    }
  }
  x->reduced[dosing * width + n] = 1.0;
  for (int k = 0; k < outputs; k++) {
    for (int j = 0; j <= n; j++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += x->output_weights[k * n + i] * x->reduced[i * width + j];
      }
      x->slope_weights[k * width + j] = sum;
    }
    for (int j = 0; j <= n; j++) {
      double sum = 0;
      for (int i = 0; i <= n; i++) {
        sum += x->slope_weights[k * width + i] * x->reduced[i * width + j];
      }
      x->curvature_weights[k * width + j] = sum;
    }
  }
  x->reduced_norm = 0;
  for (int j = 0; j <= n; j++) {
    double column = 0;
    for (int i = 0; i <= n; i++) {
      column += fabs(x->reduced[i * width + j]);
    }
    x->reduced_norm = vp_max(x->reduced_norm, column);
  }
  double pivot = vp_decay_factor(&x->tail, n, x->rates);
  x->closed_form_integrals = pivot > 0 && pivot >= VP_CLOSED_FORM_PIVOT;
  if (!x->closed_form_integrals) {
    vp_exact_assemble_augmented(x, dosing);
  }
  // With every flow between compartments non-negative, exp(K t) >= 0 entrywise, so amounts that all fall with no
  // input, A' = K A <= 0, fall for good: A'(t) = exp(K t) A'(0); and outputs that weigh amounts with non-negative
  // weights fall with them.
  x->decay_persists = x->closed_form_integrals;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      x->decay_persists &= i == j || x->rates[i * n + j] >= 0;
    }
  }
  for (int i = 0; i < outputs * n; i++) {
    x->decay_persists &= x->output_weights[i] >= 0;
  }
}

__host__ __device__ inline int vp_exact_levels_of_common_length(VpExact* x, const VpSchedule* s);

// ExactSolver.blockEntry: where entry (row, j) of a step matrix with `columns` columns lies: rows in blocks of
// VP_STEP_BLOCK, each block column by column with its rows side by side.
__host__ __device__ inline int vp_block_entry(int row, int j, int columns) {
  return ((row / VP_STEP_BLOCK) * columns + j) * VP_STEP_BLOCK + row % VP_STEP_BLOCK;
}

// ExactSolver.prepare: the step matrix of a segment length from the propagator P = exp(R h): its first rows are
// P's, the value and slope rows W P and S P.
__host__ __device__ inline void vp_exact_prepare(VpExact* x, const VpSchedule* s, int length) {
  if (x->step_ready[length]) {
    return;
  }
  int n = x->n;
  int width = x->width;
  int size = x->size;
  double h = s->distinct_length[length];
  double* p = x->propagator;
  int halvings = s->halvings[length];
  if (x->closed_form_integrals && halvings >= 0 && vp_exact_levels_of_common_length(x, s) >= halvings) {
    // exp(R h) from the common length's dyadic propagators (the peak search needs them anyway) instead of an
    // exponential of its own: the square of exp(R h / 2), or one of them.
    if (halvings == 0) {
      vp_multiply(width, x->levels[0], x->levels[0], p);
    } else {
      p = x->levels[halvings - 1];
    }
  } else if (x->closed_form_integrals) {
    vp_matrix_exponential(width, x->reduced, h, p, x->powers, x->work);
  } else {
    vp_matrix_exponential(size, x->augmented, h, x->augmented_propagator, x->powers, x->work);
    double* rows = x->integral_rows[length];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i * width + j] = x->augmented_propagator[i * size + j];
      }
      p[i * width + n] = x->augmented_propagator[i * size + size - 1];
    }
    for (int k = 0; k < x->outputs; k++) {
      for (int j = 0; j < n; j++) {
        rows[k * width + j] = x->augmented_propagator[(n + k) * size + j] / x->integral_scale[k];
      }
      rows[k * width + n] = x->augmented_propagator[(n + k) * size + size - 1] / x->integral_scale[k];
    }
  }
  double* c = x->steps[length];
  for (int j = 0; j <= n; j++) {
    for (int i = 0; i < n; i++) {
      c[vp_block_entry(i, j, width)] = p[i * width + j];
    }
    // The rate carries over exactly.
    c[vp_block_entry(n, j, width)] = j == n ? 1.0 : 0.0;
    for (int k = 0; k < x->outputs; k++) {
      double value = 0;
      for (int i = 0; i < n; i++) {
        value += x->output_weights[k * n + i] * p[i * width + j];
      }
      c[vp_block_entry(x->values_at + k, j, width)] = value;
    }
    for (int k = 0; k < x->outputs; k++) {
      double slope = 0;
      for (int i = 0; i < n; i++) {
        slope += x->slope_weights[k * width + i] * p[i * width + j];
      }
      if (j == n) {
        slope += x->slope_weights[k * width + n];
      }
      c[vp_block_entry(x->slopes_at + k, j, width)] = slope;
    }
  }
  if (x->stepping_falls) {
    // The same entries without the input's row and column, for runs with no input.
    double* f = x->falling_steps[length];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        f[vp_block_entry(i, j, n)] = c[vp_block_entry(i, j, width)];
      }
      for (int k = 0; k < x->outputs; k++) {
        f[vp_block_entry(n + k, j, n)] = c[vp_block_entry(x->values_at + k, j, width)];
      }
    }
  }
  x->step_ready[length] = true;
}

// ExactSolver.readIntegrals: W (-K)^-1 (b D + G - A) for the state z, G the bolus amounts given into each compartment
// so far, or the carried sums.
__host__ __device__ inline void vp_exact_read_integrals(VpExact* x, int dosing, const double* z) {
  int n = x->n;
  if (!x->closed_form_integrals) {
    for (int k = 0; k < x->outputs; k++) {
      x->integrals[k] = x->carried[k];
    }
    return;
  }
  for (int i = 0; i < n; i++) {
    // -(A - G) rather than G - A: the same bits as -A where nothing was given (G = +0).
    x->area_input[i] = -(z[i] - x->given[i]);
  }
  x->area_input[dosing] += x->infused;
  vp_decay_solve(&x->tail, x->area_input, x->area_input);
  for (int k = 0; k < x->outputs; k++) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x->output_weights[k * n + i] * x->area_input[i];
    }
    x->integrals[k] = sum;
  }
}

// ExactSolver.slopesOf: each output's slope, into the point vector v.
__host__ __device__ inline void vp_exact_slopes(const VpExact* x, double* v) {
  int n = x->n;
  int width = x->width;
  for (int k = 0; k < x->outputs; k++) {
    double sum = 0;
    for (int j = 0; j <= n; j++) {
      sum += x->slope_weights[k * width + j] * v[j];
    }
    v[x->slopes_at + k] = sum;
  }
}

// ExactSolver.step: the first rows entries of out = C [A, R] for a step matrix C, the point vector at the segment's
// end; rows in blocks of four summed side by side, so that their additions overlap.
__host__ __device__ inline void vp_exact_step(const double* c, int rows, int columns, const double* v, double* out) {
  int blocks = rows / VP_STEP_BLOCK;
  int at = 0;
  for (int b = 0; b < blocks; b++) {
    double sum0 = 0;
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    for (int j = 0; j < columns; j++) {
      double vj = v[j];
      sum0 += c[at] * vj;
      sum1 += c[at + 1] * vj;
      sum2 += c[at + 2] * vj;
      sum3 += c[at + 3] * vj;
      at += VP_STEP_BLOCK;
    }
    int r = b * VP_STEP_BLOCK;
    out[r] = sum0;
    out[r + 1] = sum1;
    out[r + 2] = sum2;
    out[r + 3] = sum3;
  }
  for (int r = blocks * VP_STEP_BLOCK; r < rows; r++) {
    double sum = 0;
    for (int j = 0; j < columns; j++) {
      sum += c[vp_block_entry(r, j, columns)] * v[j];
    }
    out[r] = sum;
  }
}

// ExactSolver.carry: adds the output integrals over a segment from its start state z.
__host__ __device__ inline void vp_exact_carry(VpExact* x, const double* rows, const double* z) {
  int n = x->n;
  int width = x->width;
  for (int k = 0; k < x->outputs; k++) {
    double sum = 0;
    for (int j = 0; j <= n; j++) {
      sum += rows[k * width + j] * z[j];
    }
    x->carried[k] += sum;
  }
}

// ExactSolver.levelCountFor: the number of dyadic levels that bring a segment of h hours within the polynomial's
// reach.
__host__ __device__ inline int vp_exact_level_count_for(const VpExact* x, double h) {
  int count = 1;
  while (count < VP_MAX_LEVELS && x->reduced_norm * ldexp(h, -count) > VP_PEAK_SERIES_REACH) {
    count++;
  }
  return count;
}

// ExactSolver.holdLevels: levels[k] = exp(R h / 2^(k + 1)), k = 0..count - 1, for a segment length, unless held;
// their unit h / 2^count is level_unit.
__host__ __device__ inline void vp_exact_hold_levels(VpExact* x, const VpSchedule* s, int length, int count) {
  if (x->levels_held == length) {
    return;
  }
  x->level_unit = ldexp(s->distinct_length[length], -count);
  vp_matrix_exponential(x->width, x->reduced, x->level_unit, x->levels[count - 1], x->powers, x->work);
  for (int k = count - 2; k >= 0; k--) {
    vp_multiply(x->width, x->levels[k + 1], x->levels[k + 1], x->levels[k]);
  }
  x->levels_held = length;
}

// ExactSolver.prepareLevels: levels[level_base + k], k = 0..level_count - 1, the dyadic propagators of a segment
// length; a halving of the common length takes the common length's from the halving's level on.
__host__ __device__ inline void vp_exact_prepare_levels(VpExact* x, const VpSchedule* s, int length) {
  if (x->levels_length == length) {
    return;
  }
  int count = vp_exact_level_count_for(x, s->distinct_length[length]);
  int halvings = s->halvings[length];
  int common = s->common_length;
  if (halvings > 0 && vp_exact_level_count_for(x, s->distinct_length[common]) == count + halvings) {
    vp_exact_hold_levels(x, s, common, count + halvings);
    x->level_base = halvings;
  } else {
    vp_exact_hold_levels(x, s, length, count);
    x->level_base = 0;
  }
  x->level_count = count;
  x->levels_length = length;
}

// ExactSolver.levelsOfCommonLength: the dyadic propagators of the schedule's common segment length; their number.
__host__ __device__ inline int vp_exact_levels_of_common_length(VpExact* x, const VpSchedule* s) {
  vp_exact_prepare_levels(x, s, s->common_length);
  return x->level_count;
}

// ExactSolver.apply: z := P z for a propagator P of the reduced system and the first width entries of z.
__host__ __device__ inline void vp_exact_apply(VpExact* x, const double* propagator, double* z) {
  int n = x->n;
  int width = x->width;
  for (int i = 0; i <= n; i++) {
    double sum = 0;
    for (int j = 0; j <= n; j++) {
      sum += propagator[i * width + j] * z[j];
    }
    x->product[i] = sum;
  }
  for (int i = 0; i < width; i++) {
    z[i] = x->product[i];
  }
}

// ExactSolver.moveTo: the segment's start state propagated to the multiple of level_unit at or below offset, and
// on to offset by an exponential of the rest when exactly or when the rest is beyond the polynomial's reach.
__host__ __device__ inline void vp_exact_move_to(VpExact* x, double offset, bool exactly) {
  int width = x->width;
  long long last = (1LL << x->level_count) - 1;
  double ratio = offset / x->level_unit;
  // A NaN or negative ratio stays at the start; beyond the last unit, at the last.
  long long units = ratio >= 1 ? (long long)vp_min(ratio, (double)last) : 0;
  for (int i = 0; i < width; i++) {
    x->peak_state[i] = x->peak_start[i];
  }
  for (int k = 0; k < x->level_count; k++) {
    if (((units >> (x->level_count - 1 - k)) & 1) != 0) {
      vp_exact_apply(x, x->levels[x->level_base + k], x->peak_state);
    }
  }
  x->peak_at = units * x->level_unit;
  double rest = offset - x->peak_at;
  if (rest > 0 && (exactly || !(rest * x->reduced_norm <= VP_PEAK_SERIES_REACH))) {
    vp_matrix_exponential(width, x->reduced, rest, x->peak_propagator, x->powers, x->work);
    vp_exact_apply(x, x->peak_propagator, x->peak_state);
    x->peak_at = offset;
  }
}

// ExactSolver.exactSlope: the slope, offset hours into the segment, from the state propagated there.
__host__ __device__ inline double vp_exact_slope(VpExact* x, double offset) {
  int n = x->n;
  int width = x->width;
  vp_exact_move_to(x, offset, true);
  double slope = 0;
  double curvature = 0;
  for (int j = 0; j <= n; j++) {
    slope += x->slope_weights[x->peak_output * width + j] * x->peak_state[j];
    curvature += x->curvature_weights[x->peak_output * width + j] * x->peak_state[j];
  }
  x->peak_curvature = x->search_sign * curvature;
  return x->search_sign * slope;
}

// ExactSolver.withinSeries
__host__ __device__ inline bool vp_exact_within_series(const VpExact* x, double offset) {
  return fabs(offset - x->series_centre) <= x->series_reach;
}

__host__ __device__ inline void vp_exact_expand_at(VpExact* x, double centre);

// ExactSolver.value: the slope of the output searched, offset hours into the segment, times the search's sign.
__host__ __device__ inline double vp_exact_value(VpExact* x, double offset) {
  if (!vp_exact_within_series(x, offset)) {
    // The polynomial moves to where the search has gone: the next iterates land near it.
    vp_exact_expand_at(x, offset);
    if (!vp_exact_within_series(x, offset)) {
      // No polynomial (its coefficients overflowed): the exact slope, its curvature set.
      return vp_exact_slope(x, offset);
    }
  }
  double delta = offset - x->series_centre;
  double slope = 0;
  double curvature = 0;
  for (int j = VP_PEAK_SERIES_DEGREE; j >= 0; j--) {
    slope = slope * delta + x->series_slope[j];
    if (j > 0) {
      curvature = curvature * delta + j * x->series_slope[j];
    }
  }
  x->peak_curvature = x->search_sign * curvature;
  return x->search_sign * slope;
}

// ExactSolver.hermiteRoot
__host__ __device__ inline double vp_hermite_root(double s0, double c0, double s1, double c1, double h) {
  double d0 = c0 * h;
  double d1 = c1 * h;
  double a = 2 * s0 + d0 - 2 * s1 + d1;
  double b = -3 * s0 - 2 * d0 + 3 * s1 - d1;
  double low = 0;
  double high = 1;
  double u = s0 / (s0 - s1);
  for (int iteration = 0; iteration < VP_HERMITE_ITERATIONS; iteration++) {
    double p = ((a * u + b) * u + d0) * u + s0;
    if (p > 0) {
      low = u;
    } else if (p < 0) {
      high = u;
    } else if (p == 0) {
      break;
    }
    // A NaN (slopes out of range) moves no bound: the step below falls back to bisection.
    double slope = (3 * a * u + 2 * b) * u + d0;
    double candidate = slope < 0 ? u - p / slope : NAN;
    if (!(candidate > low && candidate < high)) {
      candidate = 0.5 * (low + high);
    }
    bool converged = fabs(candidate - u) <= VP_PEAK_TIME_TOLERANCE_H / h;
    u = candidate;
    if (converged) {
      break;
    }
  }
  return u * h;
}

// ExactSolver.prepareSeriesRows: output k's S R^j / j!, j = 0..VP_PEAK_SERIES_DEGREE, once per patient.
__host__ __device__ inline void vp_exact_prepare_series_rows(VpExact* x, int k) {
  if (x->series_rows_ready[k]) {
    return;
  }
  int n = x->n;
  int width = x->width;
  int row = k * (VP_PEAK_SERIES_DEGREE + 1) * width;
  for (int i = 0; i < width; i++) {
    x->series_rows[row + i] = x->slope_weights[k * width + i];
  }
  for (int j = 1; j <= VP_PEAK_SERIES_DEGREE; j++) {
    int previous = row;
    row += width;
    for (int m = 0; m <= n; m++) {
      double sum = 0;
      for (int i = 0; i <= n; i++) {
        sum += x->series_rows[previous + i] * x->reduced[i * width + m];
      }
      x->series_rows[row + m] = sum / j;
    }
  }
  x->series_rows_ready[k] = true;
}

// ExactSolver.expandAt
__host__ __device__ inline void vp_exact_expand_at(VpExact* x, double centre) {
  int n = x->n;
  int width = x->width;
  vp_exact_move_to(x, centre, false);
  x->series_centre = x->peak_at;
  x->series_value = 0;
  for (int i = 0; i < n; i++) {
    x->series_value += x->output_weights[x->peak_output * n + i] * x->peak_state[i];
  }
  vp_exact_prepare_series_rows(x, x->peak_output);
  int row = x->peak_output * (VP_PEAK_SERIES_DEGREE + 1) * width;
  for (int j = 0; j <= VP_PEAK_SERIES_DEGREE; j++) {
    double coefficient = 0;
    for (int i = 0; i <= n; i++) {
      coefficient += x->series_rows[row + i] * x->peak_state[i];
    }
    x->series_slope[j] = coefficient;
    row += width;
  }
  // Rates so large that powers of the matrix overflow (absurd parameters) leave no polynomial.
  bool finite = isfinite(x->series_value);
  for (int j = 0; j <= VP_PEAK_SERIES_DEGREE; j++) {
    finite = finite && isfinite(x->series_slope[j]);
  }
  x->series_reach = finite ? VP_PEAK_SERIES_REACH / x->reduced_norm : -1;
}

__host__ __device__ inline double vp_exact_crossing_value(VpExact* x, double offset);

// RootFinder.newton, for the exact solver's slope function (ExactSolver itself) or, where crossing, its
// ExactSolver.Crossing.
__host__ __device__ inline double vp_newton(VpExact* x, bool crossing, double low, double high, double start,
                                            double tolerance) {
  double at = start;
  for (int iteration = 0; iteration < VP_NEWTON_MAX_ITERATIONS; iteration++) {
    double value = crossing ? vp_exact_crossing_value(x, at) : vp_exact_value(x, at);
    if (value > 0) {
      low = at;
    } else if (value < 0) {
      high = at;
    } else {
      return at;
    }
    double derivative = crossing ? x->crossing_slope : x->peak_curvature;
    double next = derivative < 0 ? at - value / derivative : NAN;
    if (!(next > low && next < high)) {
      next = 0.5 * (low + high);
    }
    if (fabs(next - at) <= tolerance || high - low <= tolerance) {
      return next;
    }
    at = next;
  }
  return at;
}

// ExactSolver.beginSearch: a search on output k in a segment of length index length, from [amounts, rate].
__host__ __device__ inline void vp_exact_begin_search(VpExact* x, const VpSchedule* s, int k, int length,
                                                      const double* amounts, double rate) {
  x->peak_output = k;
  vp_exact_prepare_levels(x, s, length);
  for (int i = 0; i < x->n; i++) {
    x->peak_start[i] = amounts[i];
  }
  x->peak_start[x->n] = rate;
}

// ExactSolver.valueAt: the value of the output searched, offset hours into the segment.
__host__ __device__ inline double vp_exact_value_at(VpExact* x, double offset) {
  int n = x->n;
  if (vp_exact_within_series(x, offset)) {
    double delta = offset - x->series_centre;
    double integral = 0;
    for (int j = VP_PEAK_SERIES_DEGREE; j >= 0; j--) {
      integral = integral * delta + x->series_slope[j] / (j + 1);
    }
    return x->series_value + integral * delta;
  }
  vp_exact_move_to(x, offset, true);
  double value = 0;
  for (int i = 0; i < n; i++) {
    value += x->output_weights[x->peak_output * n + i] * x->peak_state[i];
  }
  return value;
}

// ExactSolver.Crossing.value: the value of the output searched minus the level, times the crossing's sign; its
// derivative (the slope times the sign) in crossing_slope.
__host__ __device__ inline double vp_exact_crossing_value(VpExact* x, double offset) {
  int n = x->n;
  int width = x->width;
  if (!vp_exact_within_series(x, offset)) {
    // The polynomial moves to where the search has gone, as for a maximum.
    vp_exact_expand_at(x, offset);
  }
  double value = vp_exact_value_at(x, offset);
  double slope_here = 0;
  if (vp_exact_within_series(x, offset)) {
    double delta = offset - x->series_centre;
    for (int j = VP_PEAK_SERIES_DEGREE; j >= 0; j--) {
      slope_here = slope_here * delta + x->series_slope[j];
    }
  } else {
    // vp_exact_value_at propagated the state to the offset.
    for (int j = 0; j <= n; j++) {
      slope_here += x->slope_weights[x->peak_output * width + j] * x->peak_state[j];
    }
  }
  x->crossing_slope = x->crossing_sign * slope_here;
  return x->crossing_sign * (value - x->crossing_level);
}

// ExactSolver.locateExtremum: the interior maximum (sign VP_MAXIMUM) or minimum (VP_MINIMUM) of output k on a
// segment, between the point vectors start and end; the search runs on the slope times the sign.
__host__ __device__ inline void vp_exact_locate_extremum(VpExact* x, const VpSchedule* s, int k, int segment,
                                                         double h, const double* start, const double* end,
                                                         double sign) {
  int n = x->n;
  int width = x->width;
  vp_exact_begin_search(x, s, k, s->length_index[segment], start, start[n]);
  x->search_sign = sign;
  double start_curvature = 0;
  double end_curvature = 0;
  for (int j = 0; j <= n; j++) {
    start_curvature += x->curvature_weights[k * width + j] * start[j];
    end_curvature += x->curvature_weights[k * width + j] * end[j];
  }
  double guess = vp_hermite_root(sign * start[x->slopes_at + k], sign * start_curvature, sign * end[x->slopes_at + k],
                                 sign * end_curvature, h);
  vp_exact_expand_at(x, guess);
  x->extremum_at = vp_newton(x, false, 0.0, h, guess, VP_PEAK_TIME_TOLERANCE_H);
  x->extremum_value = vp_exact_value_at(x, x->extremum_at);
}

// ExactSolver.locateCrossing: where the output searched crosses level between a and b hours into the segment.
__host__ __device__ inline double vp_exact_locate_crossing(VpExact* x, double a, double b, double ya, double yb,
                                                           double level) {
  x->crossing_level = level;
  x->crossing_sign = ya > level ? 1 : -1;
  double guess = a + (b - a) * (ya - level) / (ya - yb);
  vp_exact_expand_at(x, guess);
  return vp_newton(x, true, a, b, guess, VP_PEAK_TIME_TOLERANCE_H);
}

// ExactSolver.pieceAbove: the part of a monotone piece [a, b] of a segment above output k's threshold.
__host__ __device__ inline void vp_exact_piece_above(VpExact* x, int k, double a, double b, double ya, double yb) {
  double level = x->metrics.threshold[k];
  double at = vp_crosses(ya, yb, level) ? vp_exact_locate_crossing(x, a, b, ya, yb, level) : NAN;
  vp_metrics_add_time_above(&x->metrics, k, vp_time_above(a, b, ya, level, at));
}

// PatientResult.metricsFinite over one patient's (strided) metrics.
__host__ __device__ inline bool vp_metrics_finite(int outputs, const double* metrics, size_t stride) {
  for (int i = 0; i < outputs * VP_METRICS; i++) {
    bool infinite_area = i % VP_METRICS == VP_AUC_0_INF && metrics[i * stride] == INFINITY;
    if (!isfinite(metrics[i * stride]) && !infinite_area) {
      return false;
    }
  }
  return true;
}

// PatientResult.fail
__host__ __device__ inline int vp_fail(int status, int outputs, int grid_size, double* metrics,
                                       double* concentrations, size_t stride) {
  for (int i = 0; i < outputs * VP_METRICS; i++) {
    metrics[i * stride] = NAN;
  }
  if (concentrations == NULL) {
    return status;
  }
  for (int i = 0; i < outputs * grid_size; i++) {
    concentrations[i * stride] = NAN;
  }
  return status;
}

// ExactSolver.decaying: whether every amount falls at the start of an input-free segment (v[n] = 0), K A <= 0; the
// outputs' slopes first, then the amounts from the one found rising last.
__host__ __device__ inline bool vp_exact_decaying(VpExact* x, const double* v) {
  int n = x->n;
  for (int k = 0; k < x->outputs; k++) {
    if (!(v[x->slopes_at + k] <= 0)) {
      return false;
    }
  }
  for (int checked = 0; checked < n; checked++) {
    int i = x->rising_amount + checked < n ? x->rising_amount + checked : x->rising_amount + checked - n;
    double change = 0;
    for (int j = 0; j < n; j++) {
      change += x->rates[i * n + j] * v[j];
    }
    if (!(change <= 0)) {
      x->rising_amount = i;
      return false;
    }
  }
  return true;
}

// ExactSolver.prepareJumps: exp(R h 2^j) of a segment length up to the level a jump of segments needs, kept for the
// patient's last jump length: the first is the step matrix's first rows, the others its squares.
__host__ __device__ inline void vp_exact_prepare_jumps(VpExact* x, int length, int segments) {
  if (x->jumps_length != length) {
    x->jumps_length = length;
    x->jump_levels = 0;
  }
  int bits = 0;
  while (bits < 32 && (segments >> bits) != 0) {
    bits++;
  }
  int needed = bits < VP_JUMP_LEVELS ? bits : VP_JUMP_LEVELS;
  for (; x->jump_levels < needed; x->jump_levels++) {
    if (x->jump_levels == 0) {
      for (int i = 0; i <= x->n; i++) {
        for (int j = 0; j <= x->n; j++) {
          x->jumps[0][i * x->width + j] = x->steps[length][vp_block_entry(i, j, x->width)];
        }
      }
    } else {
      vp_multiply(x->width, x->jumps[x->jump_levels - 1], x->jumps[x->jump_levels - 1], x->jumps[x->jump_levels]);
    }
  }
}

// ExactSolver.jump: out = the point vector segments input-free segments of length index length after v, by the
// dyadic propagators: the binary digits of the count, the longest level as often as it fits.
__host__ __device__ inline void vp_exact_jump(VpExact* x, int length, int segments, const double* v, double* out) {
  int n = x->n;
  vp_exact_prepare_jumps(x, length, segments);
  for (int i = 0; i < x->width; i++) {
    out[i] = v[i];
  }
  int remaining = segments;
  for (int level = x->jump_levels - 1; level >= 0; level--) {
    while (remaining >= 1 << level) {
      vp_exact_apply(x, x->jumps[level], out);
      remaining -= 1 << level;
    }
  }
  for (int k = 0; k < x->outputs; k++) {
    double value = 0;
    for (int i = 0; i < n; i++) {
      value += x->output_weights[k * n + i] * out[i];
    }
    out[x->values_at + k] = value;
  }
  vp_exact_slopes(x, out);
}

// ExactSolver.record
__host__ __device__ inline void vp_exact_record(VpExact* x, const VpSchedule* s, int dosing, int p, const double* v,
                                                int values, double* concentrations, size_t stride) {
  if (p == s->last_interval_start || p == s->last_interval_end) {
    // The only points whose integrals the metrics read (auc_tau); the horizon's come at the end.
    vp_exact_read_integrals(x, dosing, v);
  }
  vp_metrics_at_point(&x->metrics, s, p, v, values, x->integrals, concentrations, stride);
}

// ExactSolver.refresh: the outputs and slopes of the point vector v from its amounts and rate.
__host__ __device__ inline void vp_exact_refresh(VpExact* x, double* v) {
  for (int k = 0; k < x->outputs; k++) {
    double value = 0;
    for (int i = 0; i < x->n; i++) {
      value += x->output_weights[k * x->n + i] * v[i];
    }
    v[x->values_at + k] = value;
  }
  vp_exact_slopes(x, v);
}

// ExactSolver.arrive: the boluses of point p go into their compartments (and into the amounts given so far), the
// outputs and slopes follow, and then the point is recorded.
__host__ __device__ inline void vp_exact_arrive(VpExact* x, const VpSchedule* s, int dosing, int p, double* v,
                                                const double* arriving_mg, double* concentrations, size_t stride) {
  uint64_t boluses = (uint64_t)s->bolus_lines[p];
  if (boluses != 0) {
    vp_metrics_before_bolus(&x->metrics, s, p, v, x->values_at);
    while (boluses != 0) {
      int line = vp_lowest_line(boluses);
      int compartment = s->line_compartment[line];
      v[compartment] += arriving_mg[line];
      x->given[compartment] += arriving_mg[line];
      boluses &= boluses - 1;
    }
    vp_exact_refresh(x, v);
  }
  vp_exact_record(x, s, dosing, p, v, x->values_at, concentrations, stride);
}

// ExactSolver.solve: one patient. Metric (k, m) goes to metrics[(k * VP_METRICS + m) * stride] and grid value
// (k, g) to concentrations[(k * grid_size + g) * stride], unless concentrations is NULL (metrics only: then runs
// where every amount falls are jumped); returns the status.
__host__ __device__ inline int vp_exact_solve(VpExact* x, const VpModel* m, const VpSchedule* s,
                                              const double* parameters, const double* dose_mg, double* metrics,
                                              double* concentrations, size_t stride) {
  x->n = m->states;
  x->width = m->states + 1;
  x->outputs = m->outputs;
  x->size = m->states + m->outputs + 1;
  x->point_length = x->width + 2 * m->outputs;
  x->falling_rows = m->states + m->outputs;
  x->values_at = x->width;
  x->slopes_at = x->width + m->outputs;
  int n = x->n;
  int outputs = x->outputs;
  vp_exact_assemble(x, m, parameters);
  // From here on, the amounts that arrive (F times the dose, where the compartment has an F).
  double* arriving_mg = x->arriving;
  vp_bioavailable_doses(s, parameters, dose_mg, arriving_mg);
  for (int i = 0; i < s->distinct_lengths; i++) {
    x->step_ready[i] = false;
  }
  for (int k = 0; k < outputs; k++) {
    x->series_rows_ready[k] = false;
  }
  x->levels_held = -1;
  x->levels_length = -1;
  x->jumps_length = -1;
  x->rising_amount = 0;
  bool jumping = concentrations == NULL;
  // The point vectors [A, R, y, slopes] at a segment's start and end, which swap every segment.
  double* v = x->point;
  double* v_next = x->next_point;
  // No drug yet: amounts, and so outputs, are 0.
  for (int i = 0; i < x->point_length; i++) {
    v[i] = 0.0;
  }
  for (int k = 0; k < outputs; k++) {
    x->carried[k] = 0.0;
  }
  for (int i = 0; i < n; i++) {
    x->given[i] = 0.0;
  }
  x->infused = 0;
  vp_metrics_reset(&x->metrics, s, outputs);
  bool thresholds = vp_metrics_any_threshold(&x->metrics);
  x->stepping_falls = !jumping || thresholds;
  if (vp_starts_at_steady_state(s)) {
    // The steady-state amounts count as given at 0 h, like boluses, for the closed-form integrals.
    vp_steady_state_add(&x->steady_state, n, s, x->rates, m->dosing, arriving_mg, v);
    for (int i = 0; i < n; i++) {
      x->given[i] = v[i];
    }
    vp_exact_refresh(x, v);
  }

  vp_exact_arrive(x, s, m->dosing, 0, v, arriving_mg, concentrations, stride);
  double previous_rate = NAN;
  int last = s->points - 1;
  for (int segment = 0; segment < last;) {
    double rate = vp_rate(s, segment, arriving_mg);
    v[n] = rate;
    if (rate != previous_rate) {
      // A new input changes the slopes at this start; otherwise the last step's end has them.
      vp_exact_slopes(x, v);
    }
    previous_rate = rate;
    int length = s->length_index[segment];
    vp_exact_prepare(x, s, length);
    int end = s->run_end[segment];
    if (x->decay_persists && end > segment + 1 && vp_exact_decaying(x, v)) {
      // No output rises again before the input changes: the run's points hold no peak and no value above this one.
      if (jumping) {
        // A metrics-only run needs none of them, unless an output falls through its threshold there: then the
        // steps below find where.
        vp_exact_jump(x, length, end - segment, v, v_next);
        if (!vp_metrics_crosses_threshold(&x->metrics, v, v_next, x->values_at)) {
          vp_metrics_add_run_above(&x->metrics, v, x->values_at, s->time[end] - s->time[segment]);
          double* swap = v;
          v = v_next;
          v_next = swap;
          segment = end;
          vp_exact_arrive(x, s, m->dosing, segment, v, arriving_mg, concentrations, stride);
          continue;
        }
      }
      // The profile needs their values, but not their slopes; and with no input, the amounts and values at a
      // point follow from the amounts alone: [A, y] moves by F.
      double* f = x->falling_point;
      double* f_next = x->falling_next;
      for (int i = 0; i < n; i++) {
        f[i] = v[i];
      }
      for (int k = 0; k < outputs; k++) {
        f[n + k] = v[x->values_at + k];
      }
      for (; segment < end; segment++) {
        vp_exact_step(x->falling_steps[length], x->falling_rows, n, f, f_next);
        // Asked once for the run, not per output and step: most runs have no threshold.
        for (int k = 0; thresholds && k < outputs; k++) {
          if (vp_metrics_has_threshold(&x->metrics, k)) {
            vp_exact_begin_search(x, s, k, length, f, 0);
            vp_exact_piece_above(x, k, 0, s->time[segment + 1] - s->time[segment], f[n + k], f_next[n + k]);
          }
        }
        double* swap = f;
        f = f_next;
        f_next = swap;
        if (segment + 1 < end) {
          vp_exact_record(x, s, m->dosing, segment + 1, f, n, concentrations, stride);
        }
      }
      for (int i = 0; i < n; i++) {
        v[i] = f[i];
      }
      for (int k = 0; k < outputs; k++) {
        v[x->values_at + k] = f[n + k];
      }
      vp_exact_slopes(x, v);
      // The run's end may hold a bolus, given before its values are recorded.
      vp_exact_arrive(x, s, m->dosing, end, v, arriving_mg, concentrations, stride);
      continue;
    }
    if (!x->closed_form_integrals) {
      vp_exact_carry(x, x->integral_rows[length], v);
    }
    vp_exact_step(x->steps[length], x->point_length, x->width, v, v_next);
    double h = s->time[segment + 1] - s->time[segment];
    x->infused += rate * h;
    bool last_interval = segment >= s->last_interval_start && segment < s->last_interval_end;
    for (int k = 0; k < outputs; k++) {
      double d0 = v[x->slopes_at + k];
      double d1 = v_next[x->slopes_at + k];
      bool threshold = vp_metrics_has_threshold(&x->metrics, k);
      bool peak = vp_peak_inside(d0, d1);
      bool minimum = !peak && (last_interval || threshold) && vp_minimum_inside(d0, d1);
      if (peak) {
        vp_exact_locate_extremum(x, s, k, segment, h, v, v_next, VP_MAXIMUM);
        vp_metrics_at_peak(&x->metrics, k, s->time[segment] + x->extremum_at, x->extremum_value);
      } else if (minimum) {
        vp_exact_locate_extremum(x, s, k, segment, h, v, v_next, VP_MINIMUM);
        if (last_interval) {
          vp_metrics_at_minimum(&x->metrics, k, x->extremum_value);
        }
      }
      if (threshold) {
        double y0 = v[x->values_at + k];
        double y1 = v_next[x->values_at + k];
        if (peak || minimum) {
          // Monotone on either side of the turn: at most one crossing in each part.
          vp_exact_piece_above(x, k, 0, x->extremum_at, y0, x->extremum_value);
          vp_exact_piece_above(x, k, x->extremum_at, h, x->extremum_value, y1);
        } else {
          vp_exact_begin_search(x, s, k, length, v, rate);
          vp_exact_piece_above(x, k, 0, h, y0, y1);
        }
      }
    }
    double* swap = v;
    v = v_next;
    v_next = swap;
    segment++;
    vp_exact_arrive(x, s, m->dosing, segment, v, arriving_mg, concentrations, stride);
  }
  vp_exact_read_integrals(x, m->dosing, v);
  vp_decay_areas(&x->tail, outputs, v, x->output_weights, x->tails);
  vp_metrics_finish(&x->metrics, x->integrals, x->tails, metrics, stride);
  if (!vp_metrics_grid_finite(&x->metrics) || !vp_metrics_finite(outputs, metrics, stride)) {
    return vp_fail(VP_NON_FINITE, outputs, s->grid_size, metrics, concentrations, stride);
  }
  return VP_OK;
}

// Java's Math.ulp for finite values: the distance to the next double larger in magnitude (the next bit pattern).
__host__ __device__ inline double vp_ulp(double x) {
  double magnitude = fabs(x);
  int64_t bits;
  memcpy(&bits, &magnitude, sizeof bits);
  bits += 1;
  double next;
  memcpy(&next, &bits, sizeof next);
  return next - magnitude;
}

// Java's Math.getExponent for normal doubles: the unbiased binary exponent.
__host__ __device__ inline int vp_exponent(double x) {
  int exponent;
  frexp(x, &exponent);
  return exponent - 1;
}

// Constants of DormandPrinceSolver (Hairer, Norsett, Wanner, Table 5.2; dense output of DOPRI5's CONTD5).
#define VP_A21 (1.0 / 5)
#define VP_A31 (3.0 / 40)
#define VP_A32 (9.0 / 40)
#define VP_A41 (44.0 / 45)
#define VP_A42 (-56.0 / 15)
#define VP_A43 (32.0 / 9)
#define VP_A51 (19372.0 / 6561)
#define VP_A52 (-25360.0 / 2187)
#define VP_A53 (64448.0 / 6561)
#define VP_A54 (-212.0 / 729)
#define VP_A61 (9017.0 / 3168)
#define VP_A62 (-355.0 / 33)
#define VP_A63 (46732.0 / 5247)
#define VP_A64 (49.0 / 176)
#define VP_A65 (-5103.0 / 18656)
#define VP_A71 (35.0 / 384)
#define VP_A73 (500.0 / 1113)
#define VP_A74 (125.0 / 192)
#define VP_A75 (-2187.0 / 6784)
#define VP_A76 (11.0 / 84)
#define VP_E1 (71.0 / 57600)
#define VP_E3 (-71.0 / 16695)
#define VP_E4 (71.0 / 1920)
#define VP_E5 (-17253.0 / 339200)
#define VP_E6 (22.0 / 525)
#define VP_E7 (-1.0 / 40)
#define VP_D1 (-12715105075.0 / 11282082432.0)
#define VP_D3 (87487479700.0 / 32700410799.0)
#define VP_D4 (-10690763975.0 / 1880347072.0)
#define VP_D5 (701980252875.0 / 199316789632.0)
#define VP_D6 (-1453857185.0 / 822651844.0)
#define VP_D7 (69997945.0 / 29380423.0)
#define VP_SAFETY 0.9
#define VP_MIN_FACTOR 0.2
#define VP_MAX_FACTOR 10.0
#define VP_FIFTH_ROOT_ITERATIONS 12
#define VP_STEP_ALLOWANCE 100000
#define VP_MIN_STEP_RELATIVE 1e-12
#define VP_BRENT_MAX_ITERATIONS 100
#define VP_MAX_DIM (VP_MAX_STATES + VP_MAX_OUTPUTS)

// DormandPrinceSolver.fifthRoot
__host__ __device__ inline double vp_fifth_root(double x) {
  if (!(x > 0) || x == INFINITY) {
    return x;
  }
  double clamped = vp_max(x, 2.2250738585072014e-308);
  double y = ldexp(1.0, vp_exponent(clamped) / 5);
  for (int iteration = 0; iteration < VP_FIFTH_ROOT_ITERATIONS; iteration++) {
    double y2 = y * y;
    y = (4 * y + clamped / (y2 * y2)) / 5;
  }
  return y;
}

// DormandPrinceSolver's fields: one thread's work arrays.
struct VpDopri {
  int n;
  int outputs;
  int dim;
  int dosing;
  double relative_tolerance;
  double absolute_tolerance;
  double max_step;
  double rates[VP_MAX_STATES * VP_MAX_STATES];
  double output_weights[VP_MAX_OUTPUTS * VP_MAX_STATES];
  double output_slopes[VP_MAX_OUTPUTS * VP_MAX_STATES];
  double output_input_slope[VP_MAX_OUTPUTS];
  double y[VP_MAX_DIM];
  double y_new[VP_MAX_DIM];
  double stage[VP_MAX_DIM];
  double k1[VP_MAX_DIM];
  double k2[VP_MAX_DIM];
  double k3[VP_MAX_DIM];
  double k4[VP_MAX_DIM];
  double k5[VP_MAX_DIM];
  double k6[VP_MAX_DIM];
  double k7[VP_MAX_DIM];
  double dense[5 * VP_MAX_DIM];
  double interpolated[VP_MAX_DIM];
  double values[VP_MAX_OUTPUTS];
  double next_values[VP_MAX_OUTPUTS];
  double integrals[VP_MAX_OUTPUTS];
  double peak_time[VP_MAX_OUTPUTS];
  double peak_value[VP_MAX_OUTPUTS];
  double tails[VP_MAX_OUTPUTS];
  VpDecayTail tail;
  VpSteadyState steady_state;
  double arriving[VP_MAX_LINES];
  double rate;
  double step_length;
  int peak_output;
  int crossing_output;    // DormandPrinceSolver.crossingOutput
  double crossing_level;  // DormandPrinceSolver.crossingLevel
  VpMetrics metrics;
};

// DormandPrinceSolver.derivatives
__host__ __device__ inline void vp_dopri_derivatives(VpDopri* x, const double* state, double* out) {
  int n = x->n;
  for (int i = 0; i < n; i++) {
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += x->rates[i * n + j] * state[j];
    }
    out[i] = sum;
  }
  out[x->dosing] += x->rate;
  for (int k = 0; k < x->outputs; k++) {
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += x->output_weights[k * n + j] * state[j];
    }
    out[n + k] = sum;
  }
}

// DormandPrinceSolver.attempt: one step of length h from y (k1 = f(y)); returns the error norm.
__host__ __device__ inline double vp_dopri_attempt(VpDopri* x, double h) {
  int dim = x->dim;
  for (int i = 0; i < dim; i++) {
    x->stage[i] = x->y[i] + h * VP_A21 * x->k1[i];
  }
  vp_dopri_derivatives(x, x->stage, x->k2);
  for (int i = 0; i < dim; i++) {
    x->stage[i] = x->y[i] + h * (VP_A31 * x->k1[i] + VP_A32 * x->k2[i]);
  }
  vp_dopri_derivatives(x, x->stage, x->k3);
  for (int i = 0; i < dim; i++) {
    x->stage[i] = x->y[i] + h * (VP_A41 * x->k1[i] + VP_A42 * x->k2[i] + VP_A43 * x->k3[i]);
  }
  vp_dopri_derivatives(x, x->stage, x->k4);
  for (int i = 0; i < dim; i++) {
    x->stage[i] = x->y[i] + h * (VP_A51 * x->k1[i] + VP_A52 * x->k2[i] + VP_A53 * x->k3[i] + VP_A54 * x->k4[i]);
  }
  vp_dopri_derivatives(x, x->stage, x->k5);
  for (int i = 0; i < dim; i++) {
    x->stage[i] = x->y[i] + h * (VP_A61 * x->k1[i] + VP_A62 * x->k2[i] + VP_A63 * x->k3[i] + VP_A64 * x->k4[i] +
                                 VP_A65 * x->k5[i]);
  }
  vp_dopri_derivatives(x, x->stage, x->k6);
  for (int i = 0; i < dim; i++) {
    x->y_new[i] = x->y[i] + h * (VP_A71 * x->k1[i] + VP_A73 * x->k3[i] + VP_A74 * x->k4[i] + VP_A75 * x->k5[i] +
                                 VP_A76 * x->k6[i]);
  }
  vp_dopri_derivatives(x, x->y_new, x->k7);
  double sum = 0;
  for (int i = 0; i < dim; i++) {
    double estimate = h * (VP_E1 * x->k1[i] + VP_E3 * x->k3[i] + VP_E4 * x->k4[i] + VP_E5 * x->k5[i] +
                           VP_E6 * x->k6[i] + VP_E7 * x->k7[i]);
    double scale = x->absolute_tolerance + x->relative_tolerance * vp_max(fabs(x->y[i]), fabs(x->y_new[i]));
    double ratio = estimate / scale;
    sum += ratio * ratio;
  }
  return sqrt(sum / dim);
}

// DormandPrinceSolver.prepareDense
__host__ __device__ inline void vp_dopri_prepare_dense(VpDopri* x, double h) {
  int dim = x->dim;
  for (int i = 0; i < dim; i++) {
    double difference = x->y_new[i] - x->y[i];
    double spline = h * x->k1[i] - difference;
    x->dense[i] = x->y[i];
    x->dense[dim + i] = difference;
    x->dense[2 * dim + i] = spline;
    x->dense[3 * dim + i] = difference - h * x->k7[i] - spline;
    x->dense[4 * dim + i] = h * (VP_D1 * x->k1[i] + VP_D3 * x->k3[i] + VP_D4 * x->k4[i] + VP_D5 * x->k5[i] +
                                 VP_D6 * x->k6[i] + VP_D7 * x->k7[i]);
  }
}

// DormandPrinceSolver.interpolate
__host__ __device__ inline void vp_dopri_interpolate(const VpDopri* x, double theta, double* out) {
  int dim = x->dim;
  double rest = 1 - theta;
  for (int i = 0; i < dim; i++) {
    out[i] = x->dense[i] +
             theta * (x->dense[dim + i] +
                      rest * (x->dense[2 * dim + i] + theta * (x->dense[3 * dim + i] + rest * x->dense[4 * dim + i])));
  }
}

// DormandPrinceSolver.value: the slope of the output searched, offset hours into the step.
__host__ __device__ inline double vp_dopri_value(VpDopri* x, double offset) {
  int n = x->n;
  vp_dopri_interpolate(x, offset / x->step_length, x->interpolated);
  double slope = x->output_input_slope[x->peak_output] * x->rate;
  for (int j = 0; j < n; j++) {
    slope += x->output_slopes[x->peak_output * n + j] * x->interpolated[j];
  }
  return slope;
}

// RootFinder.brent, for the Dormand-Prince slope function.
__host__ __device__ inline double vp_dopri_crossing_value(VpDopri* x, double offset);

// RootFinder.brent, for the Dormand-Prince solver's slope function (DormandPrinceSolver itself) or, where
// crossing, its crossing function.
__host__ __device__ inline double vp_brent(VpDopri* x, bool crossing, double a, double b, double fa, double fb,
                                           double tolerance) {
  double c = a;
  double fc = fa;
  double d = b - a;
  double e = d;
  for (int iteration = 0; iteration < VP_BRENT_MAX_ITERATIONS; iteration++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (fabs(fc) < fabs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    double tol = 2 * vp_ulp(b) + 0.5 * tolerance;
    double m = 0.5 * (c - b);
    if (fabs(m) <= tol || fb == 0) {
      return b;
    }
    if (fabs(e) >= tol && fabs(fa) > fabs(fb)) {
      double s = fb / fa;
      double p;
      double q;
      if (a == c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        double r = fb / fc;
        double t = fa / fc;
        p = s * (2 * m * t * (t - r) - (b - a) * (r - 1));
        q = (t - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      if (2 * p < vp_min(3 * m * q - fabs(tol * q), fabs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += fabs(d) > tol ? d : (m > 0 ? tol : -tol);
    fb = crossing ? vp_dopri_crossing_value(x, b) : vp_dopri_value(x, b);
  }
  return b;
}

// DormandPrinceSolver.slopeOf
__host__ __device__ inline double vp_dopri_slope_of(const VpDopri* x, int k, const double* derivative) {
  double slope = 0;
  for (int i = 0; i < x->n; i++) {
    slope += x->output_weights[k * x->n + i] * derivative[i];
  }
  return slope;
}

// DormandPrinceSolver.slopeRoot: where output k's slope passes through 0 in the step, hours into it.
__host__ __device__ inline double vp_dopri_slope_root(VpDopri* x, int k, double h, double slope, double next_slope) {
  x->peak_output = k;
  return vp_brent(x, false, 0.0, h, slope, next_slope, VP_PEAK_TIME_TOLERANCE_H);
}

// DormandPrinceSolver.outputAt: output k's value offset hours into the step, from the dense output.
__host__ __device__ inline double vp_dopri_output_at(VpDopri* x, int k, double offset) {
  int n = x->n;
  vp_dopri_interpolate(x, offset / x->step_length, x->interpolated);
  double value = 0;
  for (int i = 0; i < n; i++) {
    value += x->output_weights[k * n + i] * x->interpolated[i];
  }
  return value;
}

// DormandPrinceSolver.crossing: the output searched minus its threshold, offset hours into the step.
__host__ __device__ inline double vp_dopri_crossing_value(VpDopri* x, double offset) {
  return vp_dopri_output_at(x, x->crossing_output, offset) - x->crossing_level;
}

// DormandPrinceSolver.pieceAbove: the part of a monotone piece [a, b] of the step above output k's threshold.
__host__ __device__ inline void vp_dopri_piece_above(VpDopri* x, int k, double a, double b, double ya, double yb) {
  double level = x->metrics.threshold[k];
  double at = NAN;
  if (vp_crosses(ya, yb, level)) {
    x->crossing_output = k;
    x->crossing_level = level;
    at = vp_brent(x, true, a, b, ya - level, yb - level, VP_PEAK_TIME_TOLERANCE_H);
  }
  vp_metrics_add_time_above(&x->metrics, k, vp_time_above(a, b, ya, level, at));
}

// DormandPrinceSolver.locatePeaks
__host__ __device__ inline void vp_dopri_locate_peaks(VpDopri* x, double t, double h) {
  for (int k = 0; k < x->outputs; k++) {
    x->peak_time[k] = NAN;
    double slope = vp_dopri_slope_of(x, k, x->k1);
    double next_slope = vp_dopri_slope_of(x, k, x->k7);
    if (vp_peak_inside(slope, next_slope)) {
      double offset = vp_dopri_slope_root(x, k, h, slope, next_slope);
      x->peak_time[k] = t + offset;
      x->peak_value[k] = vp_dopri_output_at(x, k, offset);
    }
  }
}

// DormandPrinceSolver.locateMinima: the interior minima of the outputs in a step of the last dosing interval.
__host__ __device__ inline void vp_dopri_locate_minima(VpDopri* x, double h) {
  for (int k = 0; k < x->outputs; k++) {
    double slope = vp_dopri_slope_of(x, k, x->k1);
    double next_slope = vp_dopri_slope_of(x, k, x->k7);
    if (vp_minimum_inside(slope, next_slope)) {
      vp_metrics_at_minimum(&x->metrics, k, vp_dopri_output_at(x, k, vp_dopri_slope_root(x, k, h, slope, next_slope)));
    }
  }
}

// DormandPrinceSolver.timeAboveInStep: the step's hours above their thresholds, split at its interior maximum or
// minimum into monotone pieces.
__host__ __device__ inline void vp_dopri_time_above_in_step(VpDopri* x, double t, double h) {
  for (int k = 0; k < x->outputs; k++) {
    if (!vp_metrics_has_threshold(&x->metrics, k)) {
      continue;
    }
    double slope = vp_dopri_slope_of(x, k, x->k1);
    double next_slope = vp_dopri_slope_of(x, k, x->k7);
    double turn = NAN;
    double turn_value = NAN;
    if (vp_peak_inside(slope, next_slope)) {
      turn = x->peak_time[k] - t;
      turn_value = x->peak_value[k];
    } else if (vp_minimum_inside(slope, next_slope)) {
      turn = vp_dopri_slope_root(x, k, h, slope, next_slope);
      turn_value = vp_dopri_output_at(x, k, turn);
    }
    if (turn == turn) {
      vp_dopri_piece_above(x, k, 0, turn, x->values[k], turn_value);
      vp_dopri_piece_above(x, k, turn, h, turn_value, x->next_values[k]);
    } else {
      vp_dopri_piece_above(x, k, 0, h, x->values[k], x->next_values[k]);
    }
  }
}

// DormandPrinceSolver.registerPeaksBefore
__host__ __device__ inline void vp_dopri_register_peaks_before(VpDopri* x, double time) {
  for (int k = 0; k < x->outputs; k++) {
    if (x->peak_time[k] < time) {
      vp_metrics_at_peak(&x->metrics, k, x->peak_time[k], x->peak_value[k]);
      x->peak_time[k] = NAN;
    }
  }
}

// DormandPrinceSolver.initialStep
__host__ __device__ inline double vp_dopri_initial_step(VpDopri* x) {
  int dim = x->dim;
  double norm_f = 0;
  double norm_y = 0;
  for (int i = 0; i < dim; i++) {
    double scale = x->absolute_tolerance + x->relative_tolerance * fabs(x->y[i]);
    norm_f += (x->k1[i] / scale) * (x->k1[i] / scale);
    norm_y += (x->y[i] / scale) * (x->y[i] / scale);
  }
  double h = (norm_f <= 1e-10 || norm_y <= 1e-10) ? 1e-6 : 0.01 * sqrt(norm_y / norm_f);
  h = vp_min(h, x->max_step);
  for (int i = 0; i < dim; i++) {
    x->stage[i] = x->y[i] + h * x->k1[i];
  }
  vp_dopri_derivatives(x, x->stage, x->k2);
  double second = 0;
  for (int i = 0; i < dim; i++) {
    double scale = x->absolute_tolerance + x->relative_tolerance * fabs(x->y[i]);
    double difference = (x->k2[i] - x->k1[i]) / scale;
    second += difference * difference;
  }
  second = sqrt(second) / h;
  double larger = vp_max(second, sqrt(norm_f));
  double h1 = larger <= 1e-15 ? vp_max(1e-6, h * 1e-3) : vp_fifth_root(0.01 / larger);
  return vp_min(vp_min(100 * h, h1), x->max_step);
}

// DormandPrinceSolver.record
__host__ __device__ inline void vp_dopri_record(VpDopri* x, const VpSchedule* s, int p, const double* state,
                                                const double* values, double* concentrations, size_t stride) {
  for (int k = 0; k < x->outputs; k++) {
    x->integrals[k] = state[x->n + k];
  }
  vp_metrics_at_point(&x->metrics, s, p, values, 0, x->integrals, concentrations, stride);
}

// DormandPrinceSolver.solve: one patient, outputs as vp_exact_solve; returns the status.
// DormandPrinceSolver.give: the boluses of point p into the state; whether there were any.
__host__ __device__ inline bool vp_dopri_give(const VpSchedule* s, int p, const double* arriving_mg, double* state) {
  uint64_t boluses = (uint64_t)s->bolus_lines[p];
  if (boluses == 0) {
    return false;
  }
  while (boluses != 0) {
    int line = vp_lowest_line(boluses);
    state[s->line_compartment[line]] += arriving_mg[line];
    boluses &= boluses - 1;
  }
  return true;
}

__host__ __device__ inline int vp_dopri_solve(VpDopri* x, const VpModel* m, const VpSchedule* s,
                                              double relative_tolerance, double absolute_tolerance,
                                              const double* parameters, const double* dose_mg, double* metrics,
                                              double* concentrations, size_t stride) {
  int n = m->states;
  int outputs = m->outputs;
  x->n = n;
  x->outputs = outputs;
  x->dim = n + outputs;
  x->relative_tolerance = relative_tolerance;
  x->absolute_tolerance = absolute_tolerance;
  x->max_step = s->max_grid_step;
  int dim = x->dim;
  vp_rate_matrix(m, parameters, x->rates);
  vp_output_matrix(m, parameters, x->output_weights);
  // From here on, the amounts that arrive (F times the dose, where the compartment has an F).
  double* arriving_mg = x->arriving;
  vp_bioavailable_doses(s, parameters, dose_mg, arriving_mg);
  x->dosing = m->dosing;
  for (int k = 0; k < outputs; k++) {
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += x->output_weights[k * n + i] * x->rates[i * n + j];
      }
      x->output_slopes[k * n + j] = sum;
    }
    x->output_input_slope[k] = x->output_weights[k * n + x->dosing];
  }
  for (int i = 0; i < dim; i++) {
    x->y[i] = 0.0;
  }
  vp_metrics_reset(&x->metrics, s, outputs);

  if (vp_starts_at_steady_state(s)) {
    vp_steady_state_add(&x->steady_state, n, s, x->rates, x->dosing, arriving_mg, x->y);
  }
  double t = 0;
  vp_dopri_give(s, 0, arriving_mg, x->y);
  vp_output_values(m, x->output_weights, x->y, x->values);
  vp_dopri_record(x, s, 0, x->y, x->values, concentrations, stride);
  int point = 1;
  long long steps_left = VP_STEP_ALLOWANCE + 4LL * s->points;
  double h = NAN;
  int from = 0;
  while (from < s->points - 1) {
    int to = from + 1;
    while (!s->stop[to]) {
      to++;
    }
    x->rate = vp_rate(s, from, arriving_mg);
    double end = s->time[to];
    vp_dopri_derivatives(x, x->y, x->k1);
    if (h != h) {
      h = vp_dopri_initial_step(x);
    }
    bool rejected = false;
    while (t < end) {
      h = vp_min(h, x->max_step);
      bool last = t + 1.01 * h >= end;
      if (last) {
        h = end - t;
      }
      if (--steps_left < 0) {
        return vp_fail(VP_STEP_LIMIT, outputs, s->grid_size, metrics, concentrations, stride);
      }
      double error = vp_dopri_attempt(x, h);
      if (!isfinite(error)) {
        return vp_fail(VP_NON_FINITE, outputs, s->grid_size, metrics, concentrations, stride);
      }
      double factor = vp_min(VP_MAX_FACTOR, vp_max(VP_MIN_FACTOR, VP_SAFETY / vp_fifth_root(error)));
      if (error <= 1.0) {
        double t_new = last ? end : t + h;
        vp_dopri_prepare_dense(x, h);
        x->step_length = t_new - t;
        vp_output_values(m, x->output_weights, x->y_new, x->next_values);
        vp_dopri_locate_peaks(x, t, t_new - t);
        if (from >= s->last_interval_start && from < s->last_interval_end) {
          vp_dopri_locate_minima(x, t_new - t);
        }
        vp_dopri_time_above_in_step(x, t, t_new - t);
        while (point < s->points && s->time[point] <= t_new) {
          double point_time = s->time[point];
          vp_dopri_register_peaks_before(x, point_time);
          if (point_time == t_new) {
            // A bolus is at a stop, where a step ends: the integration restarts after it.
            if (s->bolus_lines[point] != 0) {
              vp_metrics_before_bolus(&x->metrics, s, point, x->next_values, 0);
            }
            if (vp_dopri_give(s, point, arriving_mg, x->y_new)) {
              vp_output_values(m, x->output_weights, x->y_new, x->next_values);
            }
            vp_dopri_record(x, s, point, x->y_new, x->next_values, concentrations, stride);
          } else {
            vp_dopri_interpolate(x, (point_time - t) / (t_new - t), x->interpolated);
            vp_output_values(m, x->output_weights, x->interpolated, x->values);
            vp_dopri_record(x, s, point, x->interpolated, x->values, concentrations, stride);
          }
          point++;
        }
        vp_dopri_register_peaks_before(x, INFINITY);
        t = t_new;
        for (int i = 0; i < dim; i++) {
          x->y[i] = x->y_new[i];
          x->k1[i] = x->k7[i];
        }
        for (int k = 0; k < outputs; k++) {
          x->values[k] = x->next_values[k];
        }
        h = rejected ? vp_min(h, h * factor) : h * factor;
        rejected = false;
      } else {
        h *= factor;
        rejected = true;
      }
      if (h < VP_MIN_STEP_RELATIVE * vp_max(1.0, fabs(t))) {
        return vp_fail(VP_STEP_SIZE_UNDERFLOW, outputs, s->grid_size, metrics, concentrations, stride);
      }
    }
    from = to;
  }
  for (int k = 0; k < outputs; k++) {
    x->integrals[k] = x->y[n + k];
  }
  vp_decay_tail(&x->tail, n, outputs, x->rates, x->y, x->output_weights, x->tails);
  vp_metrics_finish(&x->metrics, x->integrals, x->tails, metrics, stride);
  if (!vp_metrics_grid_finite(&x->metrics) || !vp_metrics_finite(outputs, metrics, stride)) {
    return vp_fail(VP_NON_FINITE, outputs, s->grid_size, metrics, concentrations, stride);
  }
  return VP_OK;
}

// ---- Band buckets (io.vpop.batch.BandBuckets) ----

// 64 buckets per power of two from 2^-64 to 2^64, one below and one above: the bucket is read from the bits of
// the value alone (no floating-point arithmetic), so host, device and Java agree bit for bit.
#define VP_BAND_SUB_BUCKET_BITS 6
#define VP_BAND_MIN_EXPONENT (-64)
#define VP_BAND_MAX_EXPONENT 64
#define VP_BAND_BUCKETS ((VP_BAND_MAX_EXPONENT - VP_BAND_MIN_EXPONENT) * (1 << VP_BAND_SUB_BUCKET_BITS) + 2)
#define VP_BAND_SIGNIFICAND_BITS 52
#define VP_BAND_EXPONENT_BIAS 1023

// BandBuckets.of: 0 below 2^-64 (zero, negative, NaN), VP_BAND_BUCKETS - 1 from 2^64 on.
__host__ __device__ inline int vp_band_bucket(double value) {
  const double lowest = 0x1p-64;
  const double highest = 0x1p64;
  if (!(value >= lowest)) {
    return 0;
  }
  if (value >= highest) {
    return VP_BAND_BUCKETS - 1;
  }
  const int64_t first_key = (int64_t)(VP_BAND_EXPONENT_BIAS + VP_BAND_MIN_EXPONENT) << VP_BAND_SUB_BUCKET_BITS;
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return (int)((int64_t)(bits >> (VP_BAND_SIGNIFICAND_BITS - VP_BAND_SUB_BUCKET_BITS)) - first_key) + 1;
}

#endif  // VPOP_SOLVE_CUH
