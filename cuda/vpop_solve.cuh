// vpop's per-patient math for the GPU, mirroring the Java package io.vpop.solve line for line:
//   vp_rate_matrix / vp_output_matrix / vp_output_values  <->  CompartmentSystem
//   vp_matrix_exponential                                  <->  MatrixExponential
//   vp_newton                                              <->  RootFinder.newton
//   VpMetrics (vp_metrics_*)                               <->  MetricAccumulator
//   vp_decay_tail                                          <->  DecayTail
//   vp_exact_solve                                         <->  ExactSolver
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
#define VP_METRICS 6

// Status codes of PatientResult.Status.
#define VP_OK 0
#define VP_NON_FINITE 1
#define VP_STEP_SIZE_UNDERFLOW 2
#define VP_STEP_LIMIT 3

// Constants of MatrixExponential, ExactSolver and MetricAccumulator (same values, same meaning).
#define VP_THETA 0.5
#define VP_DEGREE 14
#define VP_PEAK_TIME_TOLERANCE_H 1e-10
#define VP_TAYLOR_DEGREE 12
#define VP_TAYLOR_STEP_NORM 0.25
#define VP_MAX_TAYLOR_SUBSTEPS 8
#define VP_TIE_TOLERANCE 1e-7
#define VP_NEWTON_MAX_ITERATIONS 100
#define VP_SINGULAR 1e-13

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
  int eliminations;
  int elimination_compartment[VP_MAX_FLOWS];
  int elimination_clearance[VP_MAX_FLOWS];
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
// Java): ints = states, outputs, parameters, dosing, volume[states], distributions, first[], second[],
// clearance[], eliminations, compartment[], clearance[], formations, from[], to[], clearance[], fraction[],
// terms, output[], compartment[], per_volume[]; doubles = molar_ratio[formations], factor[terms]. Returns false
// when a count exceeds the header's bounds.
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
  m->eliminations = ints[at++];
  if (m->eliminations > VP_MAX_FLOWS) {
    return false;
  }
  for (int i = 0; i < m->eliminations; i++) {
    m->elimination_compartment[i] = ints[at++];
  }
  for (int i = 0; i < m->eliminations; i++) {
    m->elimination_clearance[i] = ints[at++];
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
  int distinct_lengths;
  const double* distinct_length;
  int last_interval_start;
  int last_interval_end;
  int lines;
  const double* duration;
  int grid_size;
};

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
  for (int e = 0; e < m->eliminations; e++) {
    int i = m->elimination_compartment[e];
    k[i * states + i] -= p[m->elimination_clearance[e]] / p[m->volume[i]];
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

// Schedule.rate
__host__ __device__ inline double vp_rate(const VpSchedule* s, int segment, const double* dose_mg) {
  double rate = 0;
  uint64_t active = (uint64_t)s->active_lines[segment];
  while (active != 0) {
    int line = 0;
    while (((active >> line) & 1u) == 0) {
      line++;
    }
    rate += dose_mg[line] / s->duration[line];
    active &= active - 1;
  }
  return rate;
}

// Java's Math.max: NaN if either argument is NaN (fmax would drop the NaN).
__host__ __device__ inline double vp_max(double a, double b) {
  if (a != a || b != b) {
    return NAN;
  }
  return a >= b ? a : b;
}

// MatrixExponential.multiply: c = a b, row-major n x n.
__host__ __device__ inline void vp_multiply(int n, const double* a, const double* b, double* c) {
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += a[i * n + k] * b[k * n + j];
      }
      c[i * n + j] = sum;
    }
  }
}

// MatrixExponential.compute: out = exp(matrix t); scaled and work are n x n scratch.
__host__ __device__ inline void vp_matrix_exponential(int n, const double* matrix, double t, double* out,
                                                      double* scaled, double* work) {
  int size = n * n;
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
  for (int i = 0; i < size; i++) {
    scaled[i] = matrix[i] * scale;
  }
  for (int i = 0; i < size; i++) {
    out[i] = scaled[i] / VP_DEGREE;
  }
  for (int i = 0; i < n; i++) {
    out[i * n + i] += 1.0;
  }
  for (int k = VP_DEGREE - 1; k >= 1; k--) {
    vp_multiply(n, scaled, out, work);
    double inverse = 1.0 / k;
    for (int i = 0; i < size; i++) {
      out[i] = work[i] * inverse;
    }
    for (int i = 0; i < n; i++) {
      out[i * n + i] += 1.0;
    }
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
};

// MetricAccumulator.reset
__host__ __device__ inline void vp_metrics_reset(VpMetrics* a, int outputs) {
  a->outputs = outputs;
  for (int k = 0; k < outputs; k++) {
    a->cmax[k] = -INFINITY;
    a->tmax[k] = 0.0;
    a->value_at_tmax[k] = -INFINITY;
    a->integral_at_last_interval_start[k] = NAN;
    a->auc_tau[k] = NAN;
    a->trough[k] = NAN;
  }
}

// MetricAccumulator.candidate
__host__ __device__ inline void vp_metrics_candidate(VpMetrics* a, int k, double t, double value) {
  a->cmax[k] = vp_max(a->cmax[k], value);
  if (value > a->value_at_tmax[k] * (1 + VP_TIE_TOLERANCE)) {
    a->value_at_tmax[k] = value;
    a->tmax[k] = t;
  }
}

// MetricAccumulator.atPoint; grid value (k, g) goes to concentrations[(k * grid_size + g) * stride]: stride 1 for
// one patient's block, the batch capacity for the structure-of-arrays layout of BatchResult.
__host__ __device__ inline void vp_metrics_at_point(VpMetrics* a, const VpSchedule* s, int p, const double* values,
                                                    const double* integrals, double* concentrations, int stride) {
  double t = s->time[p];
  int g = s->grid_index[p];
  if (g >= 0) {
    for (int k = 0; k < a->outputs; k++) {
      concentrations[(k * s->grid_size + g) * stride] = values[k];
    }
  }
  for (int k = 0; k < a->outputs; k++) {
    vp_metrics_candidate(a, k, t, values[k]);
  }
  if (p == s->last_interval_start) {
    for (int k = 0; k < a->outputs; k++) {
      a->integral_at_last_interval_start[k] = integrals[k];
    }
  }
  if (p == s->last_interval_end) {
    for (int k = 0; k < a->outputs; k++) {
      a->auc_tau[k] = integrals[k] - a->integral_at_last_interval_start[k];
      a->trough[k] = values[k];
    }
  }
}

// MetricAccumulator.peakInside
__host__ __device__ inline bool vp_peak_inside(double d0, double d1) { return d0 > 0 && d1 < 0; }

// MetricAccumulator.atPeak
__host__ __device__ inline void vp_metrics_at_peak(VpMetrics* a, int k, double t, double value) {
  vp_metrics_candidate(a, k, t, value);
}

// MetricAccumulator.finish; metric (k, m) goes to metrics[(k * VP_METRICS + m) * stride].
__host__ __device__ inline void vp_metrics_finish(const VpMetrics* a, const double* integrals, const double* tails,
                                                  double* metrics, int stride) {
  for (int k = 0; k < a->outputs; k++) {
    int base = k * VP_METRICS;
    metrics[(base + VP_AUC_0_T) * stride] = integrals[k];
    metrics[(base + VP_AUC_0_INF) * stride] = integrals[k] + tails[k];
    metrics[(base + VP_AUC_TAU) * stride] = a->auc_tau[k];
    metrics[(base + VP_CMAX) * stride] = a->cmax[k];
    metrics[(base + VP_TMAX) * stride] = a->tmax[k];
    metrics[(base + VP_TROUGH) * stride] = a->trough[k];
  }
}

// DecayTail.compute: tails[k] = W_k (-K)^-1 A; matrix (n x n) and solution (n) are scratch.
__host__ __device__ inline void vp_decay_tail(int n, int outputs, const double* rates, const double* amounts,
                                              const double* weights, double* tails, double* matrix,
                                              double* solution) {
  double largest = 0;
  for (int i = 0; i < n * n; i++) {
    matrix[i] = -rates[i];
    largest = vp_max(largest, fabs(matrix[i]));
  }
  for (int i = 0; i < n; i++) {
    solution[i] = amounts[i];
  }
  bool singular = !(largest > 0);
  for (int column = 0; column < n && !singular; column++) {
    int pivot = column;
    for (int row = column + 1; row < n; row++) {
      if (fabs(matrix[row * n + column]) > fabs(matrix[pivot * n + column])) {
        pivot = row;
      }
    }
    if (!(fabs(matrix[pivot * n + column]) > VP_SINGULAR * largest)) {
      singular = true;
      break;
    }
    if (pivot != column) {
      for (int j = 0; j < n; j++) {
        double swap = matrix[column * n + j];
        matrix[column * n + j] = matrix[pivot * n + j];
        matrix[pivot * n + j] = swap;
      }
      double swap = solution[column];
      solution[column] = solution[pivot];
      solution[pivot] = swap;
    }
    for (int row = column + 1; row < n; row++) {
      double factor = matrix[row * n + column] / matrix[column * n + column];
      if (factor != 0) {
        for (int j = column; j < n; j++) {
          matrix[row * n + j] -= factor * matrix[column * n + j];
        }
        solution[row] -= factor * solution[column];
      }
    }
  }
  if (singular) {
    for (int k = 0; k < outputs; k++) {
      tails[k] = INFINITY;
    }
    return;
  }
  for (int row = n - 1; row >= 0; row--) {
    double sum = solution[row];
    for (int j = row + 1; j < n; j++) {
      sum -= matrix[row * n + j] * solution[j];
    }
    solution[row] = sum / matrix[row * n + row];
  }
  for (int k = 0; k < outputs; k++) {
    double tail = 0;
    for (int i = 0; i < n; i++) {
      tail += weights[k * n + i] * solution[i];
    }
    tails[k] = tail;
  }
}

// ExactSolver's fields: one thread's work arrays.
struct VpExact {
  int n;
  int outputs;
  int size;
  double rates[VP_MAX_STATES * VP_MAX_STATES];
  double output_weights[VP_MAX_OUTPUTS * VP_MAX_STATES];
  double augmented[VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  double reduced[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double slope_weights[VP_MAX_OUTPUTS * VP_MAX_REDUCED];
  double curvature_weights[VP_MAX_OUTPUTS * VP_MAX_REDUCED];
  double integral_scale[VP_MAX_OUTPUTS];
  double propagators[VP_MAX_LENGTHS][VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  bool propagator_ready[VP_MAX_LENGTHS];
  double scratch[VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  double work[VP_MAX_AUGMENTED * VP_MAX_AUGMENTED];
  double state[VP_MAX_AUGMENTED];
  double next[VP_MAX_AUGMENTED];
  double values[VP_MAX_OUTPUTS];
  double next_values[VP_MAX_OUTPUTS];
  double slopes[VP_MAX_OUTPUTS];
  double next_slopes[VP_MAX_OUTPUTS];
  double integrals[VP_MAX_OUTPUTS];
  double tails[VP_MAX_OUTPUTS];
  double peak_state[VP_MAX_REDUCED];
  double peak_start[VP_MAX_REDUCED];
  double peak_propagator[VP_MAX_REDUCED * VP_MAX_REDUCED];
  double taylor_term[VP_MAX_REDUCED];
  double taylor_next[VP_MAX_REDUCED];
  int peak_output;
  double peak_curvature;
  double peak_at;
  double reduced_norm;
  VpMetrics metrics;
};

// ExactSolver.assemble
__host__ __device__ inline void vp_exact_assemble(VpExact* x, const VpModel* m, const double* parameters) {
  int n = x->n;
  int size = x->size;
  int outputs = x->outputs;
  vp_rate_matrix(m, parameters, x->rates);
  vp_output_matrix(m, parameters, x->output_weights);
  int dosing = m->dosing;
  for (int i = 0; i < size * size; i++) {
    x->augmented[i] = 0.0;
  }
  for (int i = 0; i < (n + 1) * (n + 1); i++) {
    x->reduced[i] = 0.0;
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      x->augmented[i * size + j] = x->rates[i * n + j];
      x->reduced[i * (n + 1) + j] = x->rates[i * n + j];
    }
  }
  x->augmented[dosing * size + size - 1] = 1.0;
  x->reduced[dosing * (n + 1) + n] = 1.0;
  for (int k = 0; k < outputs; k++) {
    double row_sum = 0;
    for (int i = 0; i < n; i++) {
      row_sum += fabs(x->output_weights[k * n + i]);
    }
    x->integral_scale[k] = row_sum > 0 ? 1.0 / row_sum : 1.0;
    for (int i = 0; i < n; i++) {
      x->augmented[(n + k) * size + i] = x->output_weights[k * n + i] * x->integral_scale[k];
    }
  }
  for (int k = 0; k < outputs; k++) {
    for (int j = 0; j <= n; j++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += x->output_weights[k * n + i] * x->reduced[i * (n + 1) + j];
      }
      x->slope_weights[k * (n + 1) + j] = sum;
    }
    for (int j = 0; j <= n; j++) {
      double sum = 0;
      for (int i = 0; i <= n; i++) {
        sum += x->slope_weights[k * (n + 1) + i] * x->reduced[i * (n + 1) + j];
      }
      x->curvature_weights[k * (n + 1) + j] = sum;
    }
  }
  x->reduced_norm = 0;
  for (int j = 0; j <= n; j++) {
    double column = 0;
    for (int i = 0; i <= n; i++) {
      column += fabs(x->reduced[i * (n + 1) + j]);
    }
    x->reduced_norm = vp_max(x->reduced_norm, column);
  }
}

// ExactSolver.propagator
__host__ __device__ inline const double* vp_exact_propagator(VpExact* x, const VpSchedule* s, int length_index) {
  if (!x->propagator_ready[length_index]) {
    vp_matrix_exponential(x->size, x->augmented, s->distinct_length[length_index], x->propagators[length_index],
                          x->scratch, x->work);
    x->propagator_ready[length_index] = true;
  }
  return x->propagators[length_index];
}

// ExactSolver.multiply: out = a z (size x size).
__host__ __device__ inline void vp_exact_multiply(const VpExact* x, const double* a, const double* z, double* out) {
  for (int i = 0; i < x->size; i++) {
    double sum = 0;
    for (int j = 0; j < x->size; j++) {
      sum += a[i * x->size + j] * z[j];
    }
    out[i] = sum;
  }
}

// ExactSolver.slopesOf
__host__ __device__ inline void vp_exact_slopes(const VpExact* x, const double* z, double* out) {
  int n = x->n;
  for (int k = 0; k < x->outputs; k++) {
    double sum = x->slope_weights[k * (n + 1) + n] * z[x->size - 1];
    for (int i = 0; i < n; i++) {
      sum += x->slope_weights[k * (n + 1) + i] * z[i];
    }
    out[k] = sum;
  }
}

// ExactSolver.readIntegrals
__host__ __device__ inline void vp_exact_read_integrals(VpExact* x) {
  for (int k = 0; k < x->outputs; k++) {
    x->integrals[k] = x->state[x->n + k] / x->integral_scale[k];
  }
}

// ExactSolver.advance
__host__ __device__ inline void vp_exact_advance(VpExact* x, double* z, double delta) {
  int n = x->n;
  double count = ceil(x->reduced_norm * fabs(delta) / VP_TAYLOR_STEP_NORM);
  int substeps = (int)(count > 1 ? count : 1);
  double step = delta / substeps;
  for (int sub = 0; sub < substeps; sub++) {
    for (int i = 0; i <= n; i++) {
      x->taylor_term[i] = z[i];
    }
    for (int degree = 1; degree <= VP_TAYLOR_DEGREE; degree++) {
      double factor = step / degree;
      for (int i = 0; i <= n; i++) {
        double sum = 0;
        for (int j = 0; j <= n; j++) {
          sum += x->reduced[i * (n + 1) + j] * x->taylor_term[j];
        }
        x->taylor_next[i] = sum * factor;
      }
      for (int i = 0; i <= n; i++) {
        x->taylor_term[i] = x->taylor_next[i];
        z[i] += x->taylor_next[i];
      }
    }
  }
}

// ExactSolver.value: the slope of the output searched, offset hours into the segment.
__host__ __device__ inline double vp_exact_value(VpExact* x, double offset) {
  int n = x->n;
  if (offset < x->peak_at) {
    for (int i = 0; i <= n; i++) {
      x->peak_state[i] = x->peak_start[i];
    }
    x->peak_at = 0;
  }
  double delta = offset - x->peak_at;
  if (x->reduced_norm * delta > VP_TAYLOR_STEP_NORM * VP_MAX_TAYLOR_SUBSTEPS) {
    vp_matrix_exponential(n + 1, x->reduced, delta, x->peak_propagator, x->scratch, x->work);
    for (int i = 0; i <= n; i++) {
      double sum = 0;
      for (int j = 0; j <= n; j++) {
        sum += x->peak_propagator[i * (n + 1) + j] * x->peak_state[j];
      }
      x->taylor_next[i] = sum;
    }
    for (int i = 0; i <= n; i++) {
      x->peak_state[i] = x->taylor_next[i];
    }
  } else {
    vp_exact_advance(x, x->peak_state, delta);
  }
  x->peak_at = offset;
  double slope = 0;
  double curvature = 0;
  for (int j = 0; j <= n; j++) {
    slope += x->slope_weights[x->peak_output * (n + 1) + j] * x->peak_state[j];
    curvature += x->curvature_weights[x->peak_output * (n + 1) + j] * x->peak_state[j];
  }
  x->peak_curvature = curvature;
  return slope;
}

// RootFinder.newton, for the exact solver's slope function.
__host__ __device__ inline double vp_newton(VpExact* x, double low, double high, double start, double tolerance) {
  double at = start;
  for (int iteration = 0; iteration < VP_NEWTON_MAX_ITERATIONS; iteration++) {
    double value = vp_exact_value(x, at);
    if (value > 0) {
      low = at;
    } else if (value < 0) {
      high = at;
    } else {
      return at;
    }
    double derivative = x->peak_curvature;
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

// ExactSolver.locatePeak
__host__ __device__ inline void vp_exact_locate_peak(VpExact* x, const VpSchedule* s, int k, int segment,
                                                     double h) {
  int n = x->n;
  x->peak_output = k;
  for (int i = 0; i < n; i++) {
    x->peak_start[i] = x->state[i];
  }
  x->peak_start[n] = x->state[x->size - 1];
  for (int i = 0; i <= n; i++) {
    x->peak_state[i] = x->peak_start[i];
  }
  x->peak_at = 0;
  double start = h * x->slopes[k] / (x->slopes[k] - x->next_slopes[k]);
  double offset = vp_newton(x, 0.0, h, start, VP_PEAK_TIME_TOLERANCE_H);
  vp_exact_value(x, offset);
  double peak = 0;
  for (int i = 0; i < n; i++) {
    peak += x->output_weights[k * n + i] * x->peak_state[i];
  }
  vp_metrics_at_peak(&x->metrics, k, s->time[segment] + offset, peak);
}

// PatientResult.allFinite over one patient's (strided) values.
__host__ __device__ inline bool vp_all_finite(int outputs, int grid_size, const double* metrics,
                                              const double* concentrations, int stride) {
  for (int i = 0; i < outputs * VP_METRICS; i++) {
    bool infinite_area = i % VP_METRICS == VP_AUC_0_INF && metrics[i * stride] == INFINITY;
    if (!isfinite(metrics[i * stride]) && !infinite_area) {
      return false;
    }
  }
  for (int i = 0; i < outputs * grid_size; i++) {
    if (!isfinite(concentrations[i * stride])) {
      return false;
    }
  }
  return true;
}

// PatientResult.fail
__host__ __device__ inline int vp_fail(int status, int outputs, int grid_size, double* metrics,
                                       double* concentrations, int stride) {
  for (int i = 0; i < outputs * VP_METRICS; i++) {
    metrics[i * stride] = NAN;
  }
  for (int i = 0; i < outputs * grid_size; i++) {
    concentrations[i * stride] = NAN;
  }
  return status;
}

// ExactSolver.record
__host__ __device__ inline void vp_exact_record(VpExact* x, const VpSchedule* s, int p, const double* values,
                                                double* concentrations, int stride) {
  vp_exact_read_integrals(x);
  vp_metrics_at_point(&x->metrics, s, p, values, x->integrals, concentrations, stride);
}

// ExactSolver.solve: one patient. Metric (k, m) goes to metrics[(k * VP_METRICS + m) * stride] and grid value
// (k, g) to concentrations[(k * grid_size + g) * stride]; returns the status.
__host__ __device__ inline int vp_exact_solve(VpExact* x, const VpModel* m, const VpSchedule* s,
                                              const double* parameters, const double* dose_mg, double* metrics,
                                              double* concentrations, int stride) {
  x->n = m->states;
  x->outputs = m->outputs;
  x->size = m->states + m->outputs + 1;
  int size = x->size;
  int outputs = x->outputs;
  vp_exact_assemble(x, m, parameters);
  for (int i = 0; i < s->distinct_lengths; i++) {
    x->propagator_ready[i] = false;
  }
  for (int i = 0; i < size; i++) {
    x->state[i] = 0.0;
  }
  vp_metrics_reset(&x->metrics, outputs);

  vp_output_values(m, x->output_weights, x->state, x->values);
  vp_exact_record(x, s, 0, x->values, concentrations, stride);
  for (int segment = 0; segment < s->points - 1; segment++) {
    x->state[size - 1] = vp_rate(s, segment, dose_mg);
    double h = s->time[segment + 1] - s->time[segment];
    vp_exact_multiply(x, vp_exact_propagator(x, s, s->length_index[segment]), x->state, x->next);
    vp_exact_slopes(x, x->state, x->slopes);
    vp_exact_slopes(x, x->next, x->next_slopes);
    vp_output_values(m, x->output_weights, x->next, x->next_values);
    for (int k = 0; k < outputs; k++) {
      if (vp_peak_inside(x->slopes[k], x->next_slopes[k])) {
        vp_exact_locate_peak(x, s, k, segment, h);
      }
    }
    for (int i = 0; i < size; i++) {
      x->state[i] = x->next[i];
    }
    for (int k = 0; k < outputs; k++) {
      x->values[k] = x->next_values[k];
    }
    vp_exact_record(x, s, segment + 1, x->values, concentrations, stride);
  }
  vp_exact_read_integrals(x);
  vp_decay_tail(x->n, outputs, x->rates, x->state, x->output_weights, x->tails, x->scratch, x->work);
  vp_metrics_finish(&x->metrics, x->integrals, x->tails, metrics, stride);
  if (!vp_all_finite(outputs, s->grid_size, metrics, concentrations, stride)) {
    return vp_fail(VP_NON_FINITE, outputs, s->grid_size, metrics, concentrations, stride);
  }
  return VP_OK;
}

#endif  // VPOP_SOLVE_CUH
