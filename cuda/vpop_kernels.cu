// The __global__ entry points: one thread per patient, structure-of-arrays in and out, as BatchResult and
// PatientBatch lay them out (parameter p of patient i at parameters[p * capacity + i]). All the math is in
// vpop_solve.cuh, shared with the host harness that CI checks against Java.
#include "vpop_solve.cuh"

// The arguments both kernels share, in the order CudaBackend passes them.
#define VP_KERNEL_ARGUMENTS                                                                                  \
  const int *model_ints, const double *model_doubles, int points, const double *time, const int *grid_index, \
      const unsigned char *stop, const int64_t *active_lines, const int *length_index, int distinct_lengths,   \
      const double *distinct_length, int last_interval_start, int last_interval_end, int lines,               \
      const double *duration, int grid_size, double max_grid_step, int patients, int capacity,               \
      const double *parameters, const double *doses, double *metrics, double *concentrations, int *status

// One thread's patient: its model, the shared schedule, and its parameters and doses gathered from the batch.
struct VpPatient {
  VpModel model;
  VpSchedule schedule;
  double parameters[VP_MAX_PARAMETERS];
  double doses[VP_MAX_LINES];
};

__device__ inline void vp_gather(VpPatient* patient, int i, VP_KERNEL_ARGUMENTS) {
  vp_model_from_arrays(model_ints, model_doubles, &patient->model);
  patient->schedule = VpSchedule{points,          time,     grid_index,       stop,
                                 active_lines,    length_index, distinct_lengths, distinct_length,
                                 last_interval_start, last_interval_end, lines,   duration,
                                 grid_size,       max_grid_step};
  vp_gather_inputs(&patient->model, lines, parameters, doses, capacity, i, patient->parameters, patient->doses);
}

#define VP_KERNEL_ARGUMENT_NAMES                                                                             \
  model_ints, model_doubles, points, time, grid_index, stop, active_lines, length_index, distinct_lengths,   \
      distinct_length, last_interval_start, last_interval_end, lines, duration, grid_size, max_grid_step,    \
      patients, capacity, parameters, doses, metrics, concentrations, status

extern "C" __global__ void vp_exact_kernel(VP_KERNEL_ARGUMENTS) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= patients) {
    return;
  }
  VpPatient patient;
  vp_gather(&patient, i, VP_KERNEL_ARGUMENT_NAMES);
  VpExact workspace;
  status[i] = vp_exact_solve(&workspace, &patient.model, &patient.schedule, patient.parameters, patient.doses,
                             metrics + i, concentrations + i, capacity);
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
                             concentrations + i, capacity);
}
