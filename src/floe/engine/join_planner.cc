#include "floe/engine/join_planner.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

namespace floe::engine {

namespace {

bool IsRegionJoin(const PlanNode& node) {
  return node.kind == PlanKind::kJoin && (node.join_kind == JoinKind::kInner || node.join_kind == JoinKind::kCross);
}

BoundExpressionPtr Shift(const BoundExpressionPtr& e, int32_t delta) {
  if (delta == 0) return e;
  auto copy = std::make_shared<BoundExpression>(*e);
  if (copy->kind == BoundKind::kColumn) copy->column += delta;
  for (auto& child : copy->children) child = Shift(child, delta);
  return copy;
}

// A copy of `e` with each column c replaced by mapping[c].
BoundExpressionPtr Remap(const BoundExpressionPtr& e, const std::vector<int32_t>& mapping) {
  auto copy = std::make_shared<BoundExpression>(*e);
  if (copy->kind == BoundKind::kColumn) copy->column = mapping[copy->column];
  for (auto& child : copy->children) child = Remap(child, mapping);
  return copy;
}

void SplitConjuncts(const BoundExpressionPtr& e, std::vector<BoundExpressionPtr>* out) {
  if (e->kind == BoundKind::kAnd) {
    for (const auto& child : e->children) SplitConjuncts(child, out);
  } else {
    out->push_back(e);
  }
}

BoundExpressionPtr AllOf(std::vector<BoundExpressionPtr> conjuncts) {
  if (conjuncts.size() == 1) return conjuncts[0];
  auto all = std::make_shared<BoundExpression>();
  all->kind = BoundKind::kAnd;
  all->type = SqlType::Of(SqlTypeKind::kBoolean);
  all->location = conjuncts[0]->location;
  all->children = std::move(conjuncts);
  return all;
}

BoundExpressionPtr Equal(BoundExpressionPtr left, BoundExpressionPtr right) {
  auto call = std::make_shared<BoundExpression>();
  call->kind = BoundKind::kCall;
  call->function = "equal";
  call->type = SqlType::Of(SqlTypeKind::kBoolean);
  call->location = left->location;
  call->children = {std::move(left), std::move(right)};
  return call;
}

double Selectivity(const BoundExpression& conjunct) {
  if (conjunct.kind == BoundKind::kCall && conjunct.function == "equal" && conjunct.children.size() == 2 &&
      (conjunct.children[0]->is_constant() || conjunct.children[1]->is_constant())) {
    return 0.1;
  }
  if (conjunct.kind == BoundKind::kInList && !conjunct.negated) return 0.2;
  if (conjunct.kind == BoundKind::kAnd) {
    double product = 1;
    for (const auto& child : conjunct.children) product *= Selectivity(*child);
    return product;
  }
  return 0.5;
}

double ScanRows(const PlanNode& scan) {
  if (!scan.metadata) return 1e6;
  iceberg::SnapshotPtr snapshot = scan.snapshot.snapshot_id ? scan.metadata->SnapshotById(*scan.snapshot.snapshot_id)
                                                            : scan.metadata->CurrentSnapshot();
  if (!snapshot) return 0;
  auto it = snapshot->summary.find("total-records");
  if (it != snapshot->summary.end()) {
    int64_t records = 0;
    auto [ptr, error] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), records);
    if (error == std::errc()) return static_cast<double>(records);
  }
  return 1e6;
}

// One region: relations (leaves) side by side, and conjuncts over their
// concatenated columns.
struct Region {
  std::vector<PlanPtr> leaves;
  std::vector<int32_t> offsets;
  std::vector<BoundExpressionPtr> conjuncts;
  int32_t width = 0;
};

PlanPtr PlanJoinRegions(const PlanPtr& plan);

void Flatten(const PlanPtr& node, Region* region) {
  if (node->kind == PlanKind::kFilter && IsRegionJoin(*node->children[0])) {
    int32_t base = region->width;
    Flatten(node->children[0], region);
    std::vector<BoundExpressionPtr> conjuncts;
    SplitConjuncts(node->predicate, &conjuncts);
    for (const auto& conjunct : conjuncts) region->conjuncts.push_back(Shift(conjunct, base));
    return;
  }
  if (IsRegionJoin(*node)) {
    int32_t base = region->width;
    Flatten(node->children[0], region);
    int32_t right_base = region->width;
    Flatten(node->children[1], region);
    for (size_t i = 0; i < node->left_keys.size(); ++i) {
      region->conjuncts.push_back(Equal(Shift(node->left_keys[i], base), Shift(node->right_keys[i], right_base)));
    }
    if (node->join_filter) {
      std::vector<BoundExpressionPtr> conjuncts;
      SplitConjuncts(node->join_filter, &conjuncts);
      for (const auto& conjunct : conjuncts) region->conjuncts.push_back(Shift(conjunct, base));
    }
    return;
  }
  region->leaves.push_back(PlanJoinRegions(node));
  region->offsets.push_back(region->width);
  region->width += static_cast<int32_t>(node->outputs.size());
}

class RegionPlanner {
 public:
  explicit RegionPlanner(Region region) : region_(std::move(region)) {
    for (int32_t i = 0; i < static_cast<int32_t>(region_.leaves.size()); ++i) {
      for (size_t c = 0; c < region_.leaves[i]->outputs.size(); ++c) leaf_of_column_.push_back(i);
    }
  }

  // The region as joins; `outputs` are the region's original outputs.
  PlanPtr Plan(const std::vector<OutputColumn>& outputs) {
    size_t n = region_.leaves.size();
    std::vector<std::vector<BoundExpressionPtr>> leaf_filters(n);
    std::vector<BoundExpressionPtr> top;
    AddImpliedEqualities();
    for (const auto& conjunct : region_.conjuncts) {
      uint64_t mask = Mask(*conjunct);
      if (mask == 0) {
        top.push_back(conjunct);
      } else if ((mask & (mask - 1)) == 0) {
        int leaf = __builtin_ctzll(mask);
        leaf_filters[leaf].push_back(Shift(conjunct, -region_.offsets[leaf]));
      } else {
        pending_.push_back({conjunct, mask});
      }
    }
    std::vector<PlanPtr> leaves(n);
    rows_.assign(n, 0);
    base_rows_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      leaves[i] = region_.leaves[i];
      base_rows_[i] = std::max(1.0, EstimateRows(*leaves[i]));
      if (!leaf_filters[i].empty()) {
        auto filter = std::make_shared<PlanNode>();
        filter->kind = PlanKind::kFilter;
        filter->outputs = leaves[i]->outputs;
        filter->predicate = AllOf(leaf_filters[i]);
        filter->children = {leaves[i]};
        leaves[i] = filter;
      }
      rows_[i] = EstimateRows(*leaves[i]);
    }
    // The probe side starts with the largest relation.
    size_t start = 0;
    for (size_t i = 1; i < n; ++i) {
      if (rows_[i] > rows_[start]) start = i;
    }
    leaves_ = leaves;
    Part current = LeafPart(start);
    uint64_t all = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    while (current.mask != all) {
      // Next: the relation connected by an equality whose join is estimated
      // to give the fewest rows (then the smallest); cross joins come last.
      int best = -1;
      bool best_connected = false;
      double best_output = 0;
      for (size_t j = 0; j < n; ++j) {
        if (current.mask & (uint64_t{1} << j)) continue;
        std::optional<double> output = JoinOutput(current, static_cast<int>(j));
        bool connected = output.has_value();
        double estimate = output.value_or(current.rows * rows_[j]);
        bool better = best < 0 || (connected && !best_connected) ||
                      (connected == best_connected &&
                       (estimate < best_output || (estimate == best_output && rows_[j] < rows_[best])));
        if (better) {
          best = static_cast<int>(j);
          best_connected = connected;
          best_output = estimate;
        }
      }
      // The build side first joins the relations that reach the joined ones
      // only through it, while each makes it smaller (a filtered dimension
      // of a dimension: Q3's customer for orders), so the hash table holds
      // fewer rows.
      Part build = Grow(LeafPart(static_cast<size_t>(best)), current, current.mask, 0);
      double output = best_connected ? best_output * build.rows / std::max(1.0, rows_[best]) : current.rows * build.rows;
      current = JoinParts(std::move(current), std::move(build), output);
    }
    PlanPtr plan = current.plan;
    const std::vector<int32_t>& layout = current.layout;
    std::vector<int32_t> position(region_.width);
    for (size_t p = 0; p < layout.size(); ++p) position[layout[p]] = static_cast<int32_t>(p);
    for (const auto& rest : pending_) top.push_back(rest.conjunct);
    if (!top.empty()) {
      std::vector<BoundExpressionPtr> remapped;
      for (const auto& conjunct : top) remapped.push_back(Remap(conjunct, position));
      auto filter = std::make_shared<PlanNode>();
      filter->kind = PlanKind::kFilter;
      filter->outputs = plan->outputs;
      filter->predicate = AllOf(std::move(remapped));
      filter->children = {plan};
      plan = filter;
    }
    bool in_order = true;
    for (size_t p = 0; p < layout.size(); ++p) in_order = in_order && layout[p] == static_cast<int32_t>(p);
    if (in_order) return plan;
    auto project = std::make_shared<PlanNode>();
    project->kind = PlanKind::kProject;
    project->outputs = outputs;
    for (int32_t c = 0; c < region_.width; ++c) {
      project->expressions.push_back(MakeColumn(position[c], outputs[c].type));
    }
    project->children = {plan};
    return project;
  }

  bool TooWide() const { return region_.leaves.size() > 63; }

 private:
  struct Pending {
    BoundExpressionPtr conjunct;
    uint64_t mask;
  };

  uint64_t Mask(const BoundExpression& e) const {
    uint64_t mask = 0;
    if (e.kind == BoundKind::kColumn) mask |= uint64_t{1} << leaf_of_column_[e.column];
    for (const auto& child : e.children) mask |= Mask(*child);
    return mask;
  }

  std::vector<int32_t> ColumnsOf(size_t leaf) const {
    std::vector<int32_t> columns;
    for (size_t c = 0; c < region_.leaves[leaf]->outputs.size(); ++c) columns.push_back(region_.offsets[leaf] + static_cast<int32_t>(c));
    return columns;
  }

  // Column equalities imply others (a = b AND b = c: a = c); adding them
  // lets a relation join through any column of the class (TPC-H Q5:
  // customer reaches nation through c_nationkey = s_nationkey = n_nationkey).
  void AddImpliedEqualities() {
    std::vector<int32_t> parent(region_.width);
    for (int32_t c = 0; c < region_.width; ++c) parent[c] = c;
    auto find = [&](int32_t c) {
      while (parent[c] != c) c = parent[c] = parent[parent[c]];
      return c;
    };
    std::set<std::pair<int32_t, int32_t>> direct;
    std::map<int32_t, BoundExpressionPtr> column_of;
    for (const auto& conjunct : region_.conjuncts) {
      const BoundExpression& e = *conjunct;
      if (e.kind != BoundKind::kCall || e.function != "equal" || e.children.size() != 2) continue;
      const BoundExpression& a = *e.children[0];
      const BoundExpression& b = *e.children[1];
      if (a.kind != BoundKind::kColumn || b.kind != BoundKind::kColumn || !(a.type == b.type)) continue;
      parent[find(a.column)] = find(b.column);
      direct.insert({std::min(a.column, b.column), std::max(a.column, b.column)});
      column_of[a.column] = e.children[0];
      column_of[b.column] = e.children[1];
    }
    std::map<int32_t, std::vector<int32_t>> classes;
    for (const auto& [column, expression] : column_of) classes[find(column)].push_back(column);
    for (const auto& [root, columns] : classes) {
      for (size_t i = 0; i < columns.size(); ++i) {
        for (size_t j = i + 1; j < columns.size(); ++j) {
          int32_t a = columns[i], b = columns[j];
          if (direct.count({a, b}) || leaf_of_column_[a] == leaf_of_column_[b]) continue;
          region_.conjuncts.push_back(Equal(column_of[a], column_of[b]));
        }
      }
    }
  }

  // Joined relations: their plan, the global column at each output
  // position, which relations, and the estimated rows.
  struct Part {
    PlanPtr plan;
    std::vector<int32_t> layout;
    uint64_t mask = 0;
    double rows = 0;
  };

  Part LeafPart(size_t leaf) const { return Part{leaves_[leaf], ColumnsOf(leaf), uint64_t{1} << leaf, rows_[leaf]}; }

  // For an equality between the relations of `a` and those of `b`: the side
  // (0/1) over `b`, or -1.
  int EquiSide(const Pending& pending, uint64_t a, uint64_t b) const {
    const BoundExpression& e = *pending.conjunct;
    if (e.kind != BoundKind::kCall || e.function != "equal" || e.children.size() != 2) return -1;
    uint64_t first = Mask(*e.children[0]), second = Mask(*e.children[1]);
    auto within = [](uint64_t m, uint64_t set) { return m != 0 && (m & ~set) == 0; };
    if (within(first, b) && within(second, a)) return 0;
    if (within(second, b) && within(first, a)) return 1;
    return -1;
  }

  // Estimated rows of joining relation `leaf` to `part` on their equalities;
  // nullopt when none connects them. Without column statistics, the side
  // whose relation is smaller before filtering is taken as the key side (a
  // foreign key joining a primary key, as in star schemas): each row of the
  // other side then matches at most one row, in the proportion of the key
  // side's rows its filters keep.
  std::optional<double> JoinOutput(const Part& part, int leaf) const {
    std::optional<double> best;
    uint64_t leaf_bit = uint64_t{1} << leaf;
    for (const auto& pending : pending_) {
      int side = EquiSide(pending, part.mask, leaf_bit);
      if (side < 0) continue;
      uint64_t probe_mask = Mask(*pending.conjunct->children[1 - side]);
      bool single = (probe_mask & (probe_mask - 1)) == 0;
      double probe_base = single ? base_rows_[__builtin_ctzll(probe_mask)] : part.rows;
      double output = base_rows_[leaf] <= probe_base ? part.rows * rows_[leaf] / base_rows_[leaf]
                                                     : rows_[leaf] * part.rows / probe_base;
      if (!best || output < *best) best = output;
    }
    return best;
  }

  // Grows a build side: joins it with the relations that reach `current`
  // only through it (recursively grown the same way), while each makes it
  // smaller, so the hash table holds fewer rows. `blocked`: relations
  // already taken by enclosing build sides.
  Part Grow(Part part, const Part& current, uint64_t blocked, int depth) {
    size_t n = region_.leaves.size();
    while (depth < 4) {
      int next = -1;
      double next_rows = 0;
      Part next_part;
      std::vector<Pending> next_pending;
      const std::vector<Pending> saved = pending_;
      for (size_t k = 0; k < n; ++k) {
        uint64_t bit = uint64_t{1} << k;
        if ((part.mask | blocked | current.mask) & bit) continue;
        if (JoinOutput(current, static_cast<int>(k))) continue;
        std::optional<double> output = JoinOutput(part, static_cast<int>(k));
        if (!output) continue;
        pending_ = saved;
        Part sub = Grow(LeafPart(k), current, blocked | part.mask, depth + 1);
        double rows = *output * sub.rows / std::max(1.0, rows_[k]);
        if (next < 0 || rows < next_rows) {
          next = static_cast<int>(k);
          next_rows = rows;
          next_part = std::move(sub);
          next_pending = pending_;
        }
      }
      pending_ = saved;
      if (next < 0 || next_rows >= part.rows) break;
      pending_ = std::move(next_pending);
      part = JoinParts(std::move(part), std::move(next_part), next_rows);
    }
    return part;
  }

  // probe JOIN build (hash table on build) on the equalities between them;
  // the other conjuncts whose relations are now all joined become the
  // join's filter.
  Part JoinParts(Part probe, Part build, double rows) {
    auto join = std::make_shared<PlanNode>();
    join->kind = PlanKind::kJoin;
    join->outputs = probe.plan->outputs;
    join->outputs.insert(join->outputs.end(), build.plan->outputs.begin(), build.plan->outputs.end());
    join->children = {probe.plan, build.plan};
    std::vector<int32_t> probe_position(region_.width, -1), build_position(region_.width, -1),
        combined_position(region_.width, -1);
    for (size_t p = 0; p < probe.layout.size(); ++p) {
      probe_position[probe.layout[p]] = static_cast<int32_t>(p);
      combined_position[probe.layout[p]] = static_cast<int32_t>(p);
    }
    for (size_t p = 0; p < build.layout.size(); ++p) {
      build_position[build.layout[p]] = static_cast<int32_t>(p);
      combined_position[build.layout[p]] = static_cast<int32_t>(probe.layout.size() + p);
    }
    uint64_t after = probe.mask | build.mask;
    std::vector<BoundExpressionPtr> residual;
    std::vector<Pending> still_pending;
    for (const auto& pending : pending_) {
      if ((pending.mask & ~after) != 0 || !(pending.mask & build.mask) || !(pending.mask & probe.mask)) {
        still_pending.push_back(pending);
        continue;
      }
      int side = EquiSide(pending, probe.mask, build.mask);
      if (side >= 0) {
        join->left_keys.push_back(Remap(pending.conjunct->children[1 - side], probe_position));
        join->right_keys.push_back(Remap(pending.conjunct->children[side], build_position));
      } else {
        residual.push_back(Remap(pending.conjunct, combined_position));
      }
    }
    pending_ = std::move(still_pending);
    if (!residual.empty()) join->join_filter = AllOf(std::move(residual));
    join->join_kind = join->left_keys.empty() && !join->join_filter ? JoinKind::kCross : JoinKind::kInner;
    Part out;
    out.plan = join;
    out.layout = std::move(probe.layout);
    out.layout.insert(out.layout.end(), build.layout.begin(), build.layout.end());
    out.mask = after;
    out.rows = std::max(1.0, rows);
    return out;
  }

  Region region_;
  std::vector<int32_t> leaf_of_column_;
  std::vector<Pending> pending_;
  std::vector<double> rows_;       // per relation, after its pushed filters
  std::vector<double> base_rows_;  // per relation, before them
  std::vector<PlanPtr> leaves_;     // per relation, with its filter
};

}  // namespace

double EstimateRows(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kTableScan: {
      double rows = ScanRows(plan);
      for (const auto& predicate : plan.scan_predicates) rows *= predicate.op == ScanPredicate::Op::kEqual ? 0.1 : 0.5;
      return rows;
    }
    case PlanKind::kValues: return static_cast<double>(plan.rows.size());
    case PlanKind::kFilter: return EstimateRows(*plan.children[0]) * Selectivity(*plan.predicate);
    case PlanKind::kProject:
    case PlanKind::kWindow:  // one row out per row in
    case PlanKind::kSort: return EstimateRows(*plan.children[0]);
    case PlanKind::kUnnest: return EstimateRows(*plan.children[0]) * 4;  // a few elements per collection
    case PlanKind::kLimit: {
      double rows = EstimateRows(*plan.children[0]);
      return plan.limit ? std::min(rows, static_cast<double>(*plan.limit)) : rows;
    }
    case PlanKind::kAggregate:
      return plan.group_keys.empty() ? 1 : std::max(1.0, EstimateRows(*plan.children[0]) / 10);
    case PlanKind::kJoin: {
      double left = EstimateRows(*plan.children[0]), right = EstimateRows(*plan.children[1]);
      switch (plan.join_kind) {
        case JoinKind::kCross: return left * right;
        case JoinKind::kLeft: return left;
        case JoinKind::kRight: return right;
        case JoinKind::kFull: return left + right;
        case JoinKind::kInner: return plan.left_keys.empty() ? left * right / 2 : std::max(left, right);
      }
      return left;
    }
    case PlanKind::kSetOperation: {
      double rows = 0;
      for (const auto& child : plan.children) rows += EstimateRows(*child);
      return rows;
    }
  }
  return 1e6;
}

namespace {

bool IsColumnPermutation(const PlanNode& node) {
  if (node.kind != PlanKind::kProject) return false;
  for (const auto& e : node.expressions) {
    if (e->kind != BoundKind::kColumn) return false;
  }
  return true;
}

// Folds a projection that only reorders columns (as join planning leaves)
// into a Project or Aggregate above it, which then read the columns directly.
PlanPtr FoldColumnPermutations(const PlanPtr& plan) {
  auto copy = std::make_shared<PlanNode>(*plan);
  for (auto& child : copy->children) child = FoldColumnPermutations(child);
  if ((copy->kind != PlanKind::kProject && copy->kind != PlanKind::kAggregate) || copy->children.empty() ||
      !IsColumnPermutation(*copy->children[0])) {
    return copy;
  }
  const PlanNode& permutation = *copy->children[0];
  std::vector<int32_t> mapping;
  for (const auto& e : permutation.expressions) mapping.push_back(e->column);
  for (auto& e : copy->expressions) e = Remap(e, mapping);
  for (auto& key : copy->group_keys) key = Remap(key, mapping);
  for (auto& call : copy->aggregates) {
    if (call.argument) call.argument = Remap(call.argument, mapping);
  }
  copy->children[0] = permutation.children[0];
  return copy;
}

PlanPtr PlanJoinRegions(const PlanPtr& plan);

}  // namespace

PlanPtr PlanJoins(const PlanPtr& plan) { return FoldColumnPermutations(PlanJoinRegions(plan)); }

namespace {

PlanPtr PlanJoinRegions(const PlanPtr& plan) {
  bool region_root = IsRegionJoin(*plan) || (plan->kind == PlanKind::kFilter && IsRegionJoin(*plan->children[0]));
  if (!region_root) {
    auto copy = std::make_shared<PlanNode>(*plan);
    for (auto& child : copy->children) child = PlanJoinRegions(child);
    return copy;
  }
  Region region;
  Flatten(plan, &region);
  RegionPlanner planner(std::move(region));
  if (planner.TooWide()) {
    auto copy = std::make_shared<PlanNode>(*plan);
    for (auto& child : copy->children) child = PlanJoinRegions(child);
    return copy;
  }
  return planner.Plan(plan->outputs);
}

}  // namespace

}  // namespace floe::engine
