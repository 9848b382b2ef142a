// Inclusive projection: turns a filter on table rows into a filter on the
// partition tuples of one partition spec (Java's Projections.inclusive,
// the transforms' project() and ProjectionUtil).
//
// Inclusive means: if a row matches the row filter, its partition tuple
// matches the projection. A partition that does not match the projection
// therefore holds no matching rows and can be skipped; one that matches may
// still hold none.
//
// Per transform (the Java rules):
//   identity        every predicate, unchanged;
//   bucket[N]       IS [NOT] NULL, = and IN (hashed values); others project to true;
//   truncate[W]     ints, longs, decimals: < v becomes <= t(v-1), > v becomes
//                   >= t(v+1), <= / >= / = use t(v), IN maps its values;
//                   strings and binary: < and <= become <= t(v), > and >=
//                   become >= t(v), = and IN use t(v); STARTS WITH a prefix
//                   shorter than W stays, of length W becomes =, longer
//                   becomes STARTS WITH t(prefix); NOT STARTS WITH projects
//                   only for prefixes up to W characters (NOT STARTS WITH /
//                   !=); != and NOT IN project to true;
//   year/month/day/hour  like truncate on ints/longs, plus Java's fix-up for
//                   values written by Iceberg <= 0.10 (pre-epoch values were
//                   off by one): a negative projected bound v of <= becomes
//                   v+1, = v becomes IN (v, v+1) and IN adds v+1 for every
//                   negative v (not applied to day(date), which was exact);
//   void, unknown   true.
// A predicate on a column with several partition fields projects to the AND
// of their projections; a column without partition fields projects to true.
// Thread-safe: free functions over immutable values.
#pragma once

#include "floe/common/result.h"
#include "floe/iceberg/expression.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

// Projects `row_filter` (bound to `schema`, or unbound and then bound here
// with `case_sensitive`) onto `spec`. The result is unbound: its predicates
// name partition fields (e.g. `ts_day >= '2017-11-16'`) and carry the
// partition field types as literal_type, ready for Bind() against
// spec.PartitionType(schema). Binding errors are returned as Bind() reports them.
Result<ExpressionPtr> ProjectInclusive(const ExpressionPtr& row_filter, const PartitionSpec& spec,
                                       const Schema& schema, bool case_sensitive = true);

// The projection of one bound predicate through one partition field, or
// nullptr when the transform cannot project it (meaning "true").
ExpressionPtr ProjectPredicateInclusive(const Expression& bound_predicate, const PartitionField& field);

}  // namespace floe::iceberg
