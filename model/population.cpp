// How a run's accounts are shared among its populations (population.hpp).

#include "model/population.hpp"

#include <algorithm>
#include <cmath>

namespace throng::model {

std::vector<std::size_t> population_sizes(std::span<const population_spec> ps,
                                          std::size_t accounts) {
  std::vector<std::size_t> sizes(ps.size(), 0);
  if (ps.empty())
    return sizes;
  std::size_t left = accounts;
  std::optional<std::size_t> rest;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    std::size_t want = 0;
    if (ps[i].count)
      want = *ps[i].count;
    else if (ps[i].share)
      want = static_cast<std::size_t>(std::llround(*ps[i].share * static_cast<double>(accounts)));
    else if (!rest)
      rest = i;
    sizes[i] = std::min(want, left);
    left -= sizes[i];
  }
  sizes[rest.value_or(ps.size() - 1)] += left;
  return sizes;
}

std::size_t population_of(std::span<const population_spec> ps, std::size_t accounts,
                          std::uint64_t index) {
  if (accounts == 0)
    return 0;
  auto i = index % accounts;
  const auto sizes = population_sizes(ps, accounts);
  for (std::size_t p = 0; p < sizes.size(); ++p) {
    if (i < sizes[p])
      return p;
    i -= sizes[p];
  }
  return ps.size() - 1;
}

} // namespace throng::model
