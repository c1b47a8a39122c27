// Host harness: runs the CUDA header's per-patient math on the CPU, so CI (which has no GPU) checks it against
// the Java solvers. Reads one run from stdin and writes every patient's status, metrics and grid values, the
// run's band bucket counts, and the buckets of probe values to stdout, all little-endian (see
// CudaMathHarnessTest for the format).
// Build: g++ -O2 -std=c++17 -ffp-contract=off -I cuda cuda/harness.cpp -o vpop-harness
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "vpop_solve.cuh"

namespace {

template <typename T>
T read_value() {
  T value;
  if (std::fread(&value, sizeof(T), 1, stdin) != 1) {
    std::fprintf(stderr, "vpop-harness: input ended early\n");
    std::exit(2);
  }
  return value;
}

template <typename T>
void read_array(T* out, int count) {
  for (int i = 0; i < count; i++) {
    out[i] = read_value<T>();
  }
}

int read_count(int limit, const char* what) {
  int count = read_value<int32_t>();
  if (count < 0 || count > limit) {
    std::fprintf(stderr, "vpop-harness: %d %s exceeds the limit %d\n", count, what, limit);
    std::exit(2);
  }
  return count;
}

}  // namespace

int main() {
  if (read_value<int32_t>() != 0x504f5056) {  // "VPOP"
    std::fprintf(stderr, "vpop-harness: not a vpop harness input\n");
    return 2;
  }
  int solver = read_value<int32_t>();    // 0: exact, 1: Dormand-Prince
  int profiles = read_value<int32_t>();  // 0: metrics only (no grid values written or counted), 1: profiles
  double relative_tolerance = read_value<double>();
  double absolute_tolerance = read_value<double>();
  int int_count = read_count(1 << 16, "model integers");
  std::vector<int32_t> model_ints(int_count);
  read_array(model_ints.data(), int_count);
  int double_count = read_count(1 << 16, "model doubles");
  std::vector<double> model_doubles(double_count);
  read_array(model_doubles.data(), double_count);
  VpModel model{};
  if (!vp_model_from_arrays(model_ints.data(), model_doubles.data(), &model)) {
    std::fprintf(stderr, "vpop-harness: the model exceeds the header's bounds\n");
    return 2;
  }

  int points = read_count(1 << 24, "points");
  std::vector<double> time(points);
  std::vector<int32_t> grid_index(points);
  std::vector<unsigned char> stop(points);
  std::vector<int64_t> active_lines(points - 1);
  std::vector<int32_t> length_index(points - 1);
  std::vector<int32_t> run_end(points - 1);
  read_array(time.data(), points);
  read_array(grid_index.data(), points);
  for (int p = 0; p < points; p++) {
    stop[p] = (unsigned char)read_value<int32_t>();
  }
  read_array(active_lines.data(), points - 1);
  read_array(length_index.data(), points - 1);
  read_array(run_end.data(), points - 1);
  int distinct = read_count(VP_MAX_LENGTHS, "distinct segment lengths");
  std::vector<double> lengths(distinct);
  read_array(lengths.data(), distinct);
  int common_length = read_value<int32_t>();
  std::vector<int32_t> halvings(distinct);
  read_array(halvings.data(), distinct);
  int last_start = read_value<int32_t>();
  int last_end = read_value<int32_t>();
  int lines = read_count(VP_MAX_LINES, "regimen lines");
  std::vector<double> durations(lines);
  read_array(durations.data(), lines);
  std::vector<int64_t> bolus_lines(points);
  read_array(bolus_lines.data(), points);
  std::vector<int32_t> line_compartment(lines);
  read_array(line_compartment.data(), lines);
  for (int line = 0; line < lines; line++) {
    if (line_compartment[line] < 0 || line_compartment[line] >= model.states) {
      std::fprintf(stderr, "vpop-harness: line %d doses compartment %d of %d\n", line, line_compartment[line],
                   model.states);
      return 2;
    }
  }
  std::vector<double> steady_state_interval(lines);
  read_array(steady_state_interval.data(), lines);
  std::vector<double> line_lag(lines);
  read_array(line_lag.data(), lines);
  std::vector<int32_t> line_bioavailability(lines);
  read_array(line_bioavailability.data(), lines);
  for (int line = 0; line < lines; line++) {
    if (line_bioavailability[line] < -1 || line_bioavailability[line] >= model.parameters) {
      std::fprintf(stderr, "vpop-harness: line %d's bioavailability is parameter %d of %d\n", line,
                   line_bioavailability[line], model.parameters);
      return 2;
    }
  }
  std::vector<double> threshold(model.outputs);
  read_array(threshold.data(), model.outputs);
  int grid_size = read_value<int32_t>();
  double max_grid_step = read_value<double>();
  VpSchedule schedule{points,           time.data(),         grid_index.data(), stop.data(),
                      active_lines.data(), length_index.data(), run_end.data(),  distinct,
                      lengths.data(),   common_length,       halvings.data(),   last_start,
                      last_end,         lines,               durations.data(),  bolus_lines.data(),
                      line_compartment.data(), steady_state_interval.data(), line_lag.data(),
                      line_bioavailability.data(), threshold.data(),
                      grid_size, max_grid_step};

  // The whole run as one batch in the structure-of-arrays layout the kernels use (stride = patients), so the
  // harness exercises the same gathers and strided writes as the device.
  int patients = read_value<int32_t>();
  std::vector<double> parameter_batch((size_t)model.parameters * patients);
  std::vector<double> dose_batch((size_t)lines * patients);
  for (int patient = 0; patient < patients; patient++) {
    for (int k = 0; k < model.parameters; k++) {
      parameter_batch[(size_t)k * patients + patient] = read_value<double>();
    }
    for (int line = 0; line < lines; line++) {
      dose_batch[(size_t)line * patients + patient] = read_value<double>();
    }
  }
  std::vector<double> metrics((size_t)model.outputs * VP_METRICS * patients);
  std::vector<double> concentrations((size_t)model.outputs * grid_size * patients);
  std::vector<int32_t> statuses(patients);
  double parameters[VP_MAX_PARAMETERS];
  double doses[VP_MAX_LINES];
  VpExact* exact = new VpExact();
  VpDopri* dopri = new VpDopri();
  for (int patient = 0; patient < patients; patient++) {
    vp_gather_inputs(&model, lines, parameter_batch.data(), dose_batch.data(), patients, patient, parameters,
                     doses);
    double* profile = profiles ? concentrations.data() + patient : NULL;
    statuses[patient] =
        solver == 0 ? vp_exact_solve(exact, &model, &schedule, parameters, doses, metrics.data() + patient, profile,
                                     patients)
                    : vp_dopri_solve(dopri, &model, &schedule, relative_tolerance, absolute_tolerance, parameters,
                                     doses, metrics.data() + patient, profile, patients);
  }
  for (int patient = 0; patient < patients; patient++) {
    std::fwrite(&statuses[patient], sizeof(int32_t), 1, stdout);
    for (size_t v = 0; v < (size_t)model.outputs * VP_METRICS; v++) {
      std::fwrite(&metrics[v * patients + patient], sizeof(double), 1, stdout);
    }
    for (size_t v = 0; profiles && v < (size_t)model.outputs * grid_size; v++) {
      std::fwrite(&concentrations[v * patients + patient], sizeof(double), 1, stdout);
    }
  }
  // The band counts of the run, one row per output and grid time, as vp_band_kernel makes them for a batch:
  // solved patients only (no rows without profiles).
  int32_t buckets = VP_BAND_BUCKETS;
  std::fwrite(&buckets, sizeof(int32_t), 1, stdout);
  std::vector<int32_t> counts(VP_BAND_BUCKETS);
  for (size_t row = 0; profiles && row < (size_t)model.outputs * grid_size; row++) {
    std::fill(counts.begin(), counts.end(), 0);
    for (int patient = 0; patient < patients; patient++) {
      if (statuses[patient] == VP_OK) {
        counts[vp_band_bucket(concentrations[row * patients + patient])]++;
      }
    }
    std::fwrite(counts.data(), sizeof(int32_t), counts.size(), stdout);
  }
  // Probe values (bucket edges, zero, NaN, infinities) and their buckets.
  int probes = read_count(1 << 24, "probe values");
  for (int v = 0; v < probes; v++) {
    int32_t bucket = vp_band_bucket(read_value<double>());
    std::fwrite(&bucket, sizeof(int32_t), 1, stdout);
  }
  delete exact;
  delete dopri;
  return std::fflush(stdout) == 0 ? 0 : 1;
}
