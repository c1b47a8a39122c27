// The __global__ entry points: one thread per patient (and one block per band row), structure-of-arrays in
// and out, as BatchResult and PatientBatch lay them out (parameter p of patient i at
// parameters[p * capacity + i]). All the math is in vpop_solve.cuh, shared with the host harness that CI
// checks against Java.
#include "vpop_solve.cuh"

// The arguments both kernels share, in the order CudaBackend passes them.
#define VP_KERNEL_ARGUMENTS                                                                                  \
  const int *model_ints, const double *model_doubles, int points, const double *time, const int *grid_index, \
      const unsigned char *stop, const int64_t *active_lines, const int *length_index, const int *run_end,     \
      int distinct_lengths, const double *distinct_length, int common_length, const int *halvings,           \
      int last_interval_start, int last_interval_end,                                                         \
      int lines, const double *duration, const int64_t *bolus_lines, const int *line_compartment,            \
      const double *steady_state_interval, const double *line_lag, const int *line_bioavailability,          \
      const double *threshold, int grid_size,                                                                 \
      double max_grid_step, int patients, int capacity,                                                         \
      const double *parameters, const double *doses, double *metrics, double *concentrations, int profiles,  \
      int *status

// One thread's patient: its model, the shared schedule, and its parameters and doses gathered from the batch.
struct VpPatient {
  VpModel model;
  VpSchedule schedule;
  double parameters[VP_MAX_PARAMETERS];
  double doses[VP_MAX_LINES];
};

__device__ inline void vp_gather(VpPatient* patient, int i, VP_KERNEL_ARGUMENTS) {
  vp_model_from_arrays(model_ints, model_doubles, &patient->model);
  patient->schedule = VpSchedule{points,          time,          grid_index,          stop,
                                 active_lines,    length_index,  run_end,             distinct_lengths,
                                 distinct_length, common_length, halvings,            last_interval_start,
                                 last_interval_end, lines,       duration,            bolus_lines,
                                 line_compartment,  steady_state_interval, line_lag, line_bioavailability,
                                 threshold,         grid_size,         max_grid_step};
  vp_gather_inputs(&patient->model, lines, parameters, doses, capacity, i, patient->parameters, patient->doses);
}

#define VP_KERNEL_ARGUMENT_NAMES                                                                             \
  model_ints, model_doubles, points, time, grid_index, stop, active_lines, length_index, run_end,            \
      distinct_lengths, distinct_length, common_length, halvings, last_interval_start, last_interval_end,    \
      lines, duration, bolus_lines, line_compartment, steady_state_interval, line_lag, line_bioavailability, \
      threshold, grid_size, max_grid_step, patients, capacity, parameters, doses, metrics, concentrations, profiles, status

extern "C" __global__ void vp_exact_kernel(VP_KERNEL_ARGUMENTS) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= patients) {
    return;
  }
  VpPatient patient;
  vp_gather(&patient, i, VP_KERNEL_ARGUMENT_NAMES);
  VpExact workspace;
  status[i] = vp_exact_solve(&workspace, &patient.model, &patient.schedule, patient.parameters, patient.doses,
                             metrics + i, profiles ? concentrations + i : NULL, capacity);
}

extern "C" __global__ void vp_dopri_kernel(VP_KERNEL_ARGUMENTS, double relative_tolerance,
                                           double absolute_tolerance) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= patients) {
    return;
  }
  VpPatient patient;
  vp_gather(&patient, i, VP_KERNEL_ARGUMENT_NAMES);
  VpDopri workspace;
  status[i] = vp_dopri_solve(&workspace, &patient.model, &patient.schedule, relative_tolerance,
                             absolute_tolerance, patient.parameters, patient.doses, metrics + i,
                             profiles ? concentrations + i : NULL, capacity);
}

// Adds a batch to the run's band counts (BandAccumulator.add's layout): one block per row (output, grid
// time), its threads counting the row's solved patients into a shared-memory histogram of VP_BAND_BUCKETS
// buckets with atomic adds, which the block then adds to the row's running counts. Integer counts add up the
// same in any order, so the result does not depend on scheduling; the counts stay on the device until the run
// is over, and only they cross the bus, once, not the profiles.
extern "C" __global__ void vp_band_kernel(const double *concentrations, const int *status, int patients,
                                          int capacity, unsigned int *counts) {
  __shared__ unsigned int histogram[VP_BAND_BUCKETS];
  for (int b = threadIdx.x; b < VP_BAND_BUCKETS; b += blockDim.x) {
    histogram[b] = 0;
  }
  __syncthreads();
  const double *row = concentrations + (size_t)blockIdx.x * capacity;
  for (int i = threadIdx.x; i < patients; i += blockDim.x) {
    if (status[i] == VP_OK) {
      atomicAdd(&histogram[vp_band_bucket(row[i])], 1u);
    }
  }
  __syncthreads();
  // Only this block touches this row, and the band kernels of successive batches run one after another on
  // one stream: a plain add is safe.
  unsigned int *out = counts + (size_t)blockIdx.x * VP_BAND_BUCKETS;
  for (int b = threadIdx.x; b < VP_BAND_BUCKETS; b += blockDim.x) {
    out[b] += histogram[b];
  }
}
