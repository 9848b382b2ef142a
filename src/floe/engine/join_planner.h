// Join planning: turns trees of inner and cross joins with filters above them
// (what `FROM a, b, c WHERE a.x = b.y AND ...` and chains of `JOIN ... ON`
// analyze to) into left-deep hash joins on their equality conjuncts.
//
// For each such region the planner
// - flattens the joins and filters into relations and conjuncts;
// - adds the equalities that column equalities imply (a = b AND b = c:
//   a = c), so a relation can join through any column of the class;
// - pushes each conjunct that references one relation below the joins, as a
//   filter on that relation (the optimizer then pushes it into the scan);
// - estimates each relation's rows: an Iceberg scan's snapshot record count
//   ("total-records", else the data files' record counts), scaled down for
//   each pushed conjunct (1/10 for `=`, 1/2 otherwise);
// - starts from the largest relation as the probe side and adds, each step,
//   as the build side (the hash table side), the relation connected to the
//   joined ones by an equality whose join is estimated to give the fewest
//   rows (without column statistics, the equality's side over the smaller
//   relation counts as the key side). Before that, the build side joins the
//   relations that reach the joined ones only through it while each makes
//   it smaller (a filtered dimension of a dimension, recursively: TPC-H Q5's
//   orders JOIN (customer JOIN (nation JOIN region))), so hash tables hold
//   fewer rows. Equalities become join keys; the other conjuncts whose
//   relations are all joined become the join's filter. A relation connected
//   to none is cross joined only when nothing else is left, so no cross
//   product is built while an equi-join is possible;
// - restores the original column order with a projection on top.
// Outer joins and other operators are planned inside, as separate regions.
// Pure function; thread-safe.
#pragma once

#include "floe/engine/plan.h"

namespace floe::engine {

PlanPtr PlanJoins(const PlanPtr& plan);

// Estimated output rows of a plan (used for the build side choice).
double EstimateRows(const PlanNode& plan);

}  // namespace floe::engine
