// The __global__ entry points: one thread per patient, structure-of-arrays in and out, as BatchResult and
// PatientBatch lay them out (parameter p of patient i at parameters[p * capacity + i]). All the math is in
// vpop_solve.cuh, shared with the host harness that CI checks against Java.
#include "vpop_solve.cuh"

extern "C" __global__ void vp_exact_kernel(const int* model_ints, const double* model_doubles, int points,
                                           const double* time, const int* grid_index, const unsigned char* stop,
                                           const int64_t* active_lines, const int* length_index,
                                           int distinct_lengths, const double* distinct_length,
                                           int last_interval_start, int last_interval_end, int lines,
                                           const double* duration, int grid_size, double max_grid_step,
                                           int patients, int capacity,
                                           const double* parameters, const double* doses, double* metrics,
                                           double* concentrations, int* status) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= patients) {
    return;
  }
  VpModel model;
  vp_model_from_arrays(model_ints, model_doubles, &model);
  VpSchedule schedule{points,
                      time,
                      grid_index,
                      stop,
                      active_lines,
                      length_index,
                      distinct_lengths,
                      distinct_length,
                      last_interval_start,
                      last_interval_end,
                      lines,
                      duration,
                      grid_size,
                      max_grid_step};
  double p[VP_MAX_PARAMETERS];
  for (int k = 0; k < model.parameters; k++) {
    p[k] = parameters[(size_t)k * capacity + i];
  }
  double d[VP_MAX_LINES];
  for (int line = 0; line < lines; line++) {
    d[line] = doses[(size_t)line * capacity + i];
  }
  VpExact workspace;
  status[i] = vp_exact_solve(&workspace, &model, &schedule, p, d, metrics + i, concentrations + i, capacity);
}

extern "C" __global__ void vp_dopri_kernel(const int* model_ints, const double* model_doubles, int points,
                                           const double* time, const int* grid_index, const unsigned char* stop,
                                           const int64_t* active_lines, const int* length_index,
                                           int distinct_lengths, const double* distinct_length,
                                           int last_interval_start, int last_interval_end, int lines,
                                           const double* duration, int grid_size, double max_grid_step,
                                           int patients, int capacity, const double* parameters,
                                           const double* doses, double* metrics, double* concentrations,
                                           int* status, double relative_tolerance, double absolute_tolerance) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= patients) {
    return;
  }
  VpModel model;
  vp_model_from_arrays(model_ints, model_doubles, &model);
  VpSchedule schedule{points,
                      time,
                      grid_index,
                      stop,
                      active_lines,
                      length_index,
                      distinct_lengths,
                      distinct_length,
                      last_interval_start,
                      last_interval_end,
                      lines,
                      duration,
                      grid_size,
                      max_grid_step};
  double p[VP_MAX_PARAMETERS];
  for (int k = 0; k < model.parameters; k++) {
    p[k] = parameters[(size_t)k * capacity + i];
  }
  double d[VP_MAX_LINES];
  for (int line = 0; line < lines; line++) {
    d[line] = doses[(size_t)line * capacity + i];
  }
  VpDopri workspace;
  status[i] = vp_dopri_solve(&workspace, &model, &schedule, relative_tolerance, absolute_tolerance, p, d,
                             metrics + i, concentrations + i, capacity);
}
