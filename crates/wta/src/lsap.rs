//! Rectangular linear sum assignment (minimisation) by shortest augmenting paths with
//! dual potentials (the Hungarian method in its O(r²·c) form).
//!
//! Used by the large-neighbourhood move of the heuristic and by the lower bound of the
//! exact method. Costs must be finite. Both solvers give up at their deadline (if set).

use std::time::Instant;

/// Columns from which the dense solver reads the clock at every pass over them.
const CLOCK_EVERY: usize = 4096;

/// Whether `deadline` has passed.
#[inline]
fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
}

/// Reusable buffers for [`Lsap::solve`], so repeated solves do not allocate.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lsap {
    /// Wall-clock deadline: a solve still running then gives up (returns `None`).
    pub(crate) deadline: Option<Instant>,
    u: Vec<f64>,
    v: Vec<f64>,
    row_of_col: Vec<usize>,
    way: Vec<usize>,
    min_slack: Vec<f64>,
    used: Vec<bool>,
    col_of_row: Vec<usize>,
}

impl Lsap {
    /// A solver that gives up at `deadline`.
    pub(crate) fn with_deadline(deadline: Option<Instant>) -> Self {
        Self {
            deadline,
            ..Self::default()
        }
    }

    /// Assigns each of `rows` rows to a distinct column out of `cols` (`rows <= cols`)
    /// minimising the total cost; `cost[r * cols + c]` is the cost of row `r` in column `c`.
    /// Returns the column of every row and the minimum total cost, or `None` if the
    /// deadline passed first.
    pub(crate) fn solve(
        &mut self,
        rows: usize,
        cols: usize,
        cost: &[f64],
    ) -> Option<(&[usize], f64)> {
        debug_assert!(rows <= cols);
        debug_assert_eq!(cost.len(), rows * cols);
        // 1-based rows and columns; column 0 and row 0 are the virtual root.
        self.u.clear();
        self.u.resize(rows + 1, 0.0);
        self.v.clear();
        self.v.resize(cols + 1, 0.0);
        self.row_of_col.clear();
        self.row_of_col.resize(cols + 1, 0);
        self.way.clear();
        self.way.resize(cols + 1, 0);
        self.min_slack.resize(cols + 1, 0.0);
        self.used.resize(cols + 1, false);
        for i in 1..=rows {
            if past(self.deadline) {
                return None;
            }
            self.row_of_col[0] = i;
            let mut j0 = 0usize;
            self.min_slack.fill(f64::INFINITY);
            self.used.fill(false);
            loop {
                // One pass over the columns between clock readings (cheap next to it).
                if cols >= CLOCK_EVERY && past(self.deadline) {
                    return None;
                }
                self.used[j0] = true;
                let i0 = self.row_of_col[j0];
                let row = &cost[(i0 - 1) * cols..i0 * cols];
                let ui0 = self.u[i0];
                let mut delta = f64::INFINITY;
                let mut j1 = 0usize;
                for j in 1..=cols {
                    if !self.used[j] {
                        let cur = row[j - 1] - ui0 - self.v[j];
                        if cur < self.min_slack[j] {
                            self.min_slack[j] = cur;
                            self.way[j] = j0;
                        }
                        if self.min_slack[j] < delta {
                            delta = self.min_slack[j];
                            j1 = j;
                        }
                    }
                }
                if j1 == 0 {
                    // Only reachable with non-finite costs; leave the row unassigned.
                    break;
                }
                for j in 0..=cols {
                    if self.used[j] {
                        self.u[self.row_of_col[j]] += delta;
                        self.v[j] -= delta;
                    } else {
                        self.min_slack[j] -= delta;
                    }
                }
                j0 = j1;
                if self.row_of_col[j0] == 0 {
                    break;
                }
            }
            // Augment along the alternating path back to the root.
            while j0 != 0 {
                let j1 = self.way[j0];
                self.row_of_col[j0] = self.row_of_col[j1];
                j0 = j1;
            }
        }
        self.col_of_row.clear();
        self.col_of_row.resize(rows, usize::MAX);
        let mut total = 0.0;
        for j in 1..=cols {
            let i = self.row_of_col[j];
            if i != 0 {
                self.col_of_row[i - 1] = j - 1;
                total += cost[(i - 1) * cols + (j - 1)];
            }
        }
        Some((&self.col_of_row, total))
    }
}

/// Sparse linear sum assignment: every row lists its allowed columns, plus optionally a
/// number of *dummy* rows of cost 0 that may take any column (they stand for "this column
/// stays empty"). One Dijkstra shortest-augmenting-path search with dual potentials runs
/// per unmatched row (successive shortest paths), visiting only listed edges; all dummy
/// rows are one node of the search graph.
///
/// Invariants (row potential `u_i`, column potential `v_j`, reduced cost
/// `c_ij − u_i − v_j`, dummy rows sharing one potential `u_d`): reduced costs `>= 0` on every
/// edge and `0` on matched edges. When every row and dummy is matched they make the
/// assignment optimal (LP duality). Without dummies the problem may be rectangular
/// (`rows <= cols`); then it starts from zero potentials, which keeps every free column at
/// potential 0 as optimality requires.
///
/// **Warm start.** With dummies making the problem square, the column potentials of the
/// previous solve are kept (in the heuristic, columns are targets and keep their meaning
/// between calls). Given a hint (a column per row, e.g. the current solution), rows whose
/// hinted column is tight under those potentials are matched at once, dummies take free
/// columns of maximal potential, and only the rest are augmented. The result is optimal
/// whatever the hint.
#[derive(Debug, Default, Clone)]
pub(crate) struct SparseLsap {
    /// Wall-clock deadline: a solve still running then gives up (returns `None`).
    pub(crate) deadline: Option<Instant>,
    /// Column potentials (kept between calls for warm starts).
    v: Vec<f64>,
    /// Row potentials.
    u: Vec<f64>,
    /// Potential shared by the dummy rows.
    ud: f64,
    col_of_row: Vec<usize>,
    /// Row of every column: a row index, [`FREE`] or [`DUMMY`].
    row_of_col: Vec<usize>,
    /// Cost of the matched edge of every row.
    matched_cost: Vec<f64>,
    dist: Vec<f64>,
    /// Row (or [`DUMMY`]) from which every column was reached, and the cost of that edge.
    pred: Vec<usize>,
    pred_cost: Vec<f64>,
    /// Per column: the search that last touched it, and whether settled.
    stamp: Vec<usize>,
    search: usize,
    settled: Vec<bool>,
    settled_list: Vec<usize>,
    heap: std::collections::BinaryHeap<HeapItem>,
}

/// Min-heap entry (distance, column), ordered so the smallest distance pops first.
#[derive(Debug, Clone, Copy)]
struct HeapItem(f64, usize);

impl PartialEq for HeapItem {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for HeapItem {}
impl PartialOrd for HeapItem {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for HeapItem {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// Column not matched.
const FREE: usize = usize::MAX;
/// Column matched to a dummy row; also the predecessor mark "reached from the dummy node".
const DUMMY: usize = usize::MAX - 1;

/// Where a search starts.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Row(usize),
    Dummy,
}

impl SparseLsap {
    /// A solver that gives up at `deadline`.
    pub(crate) fn with_deadline(deadline: Option<Instant>) -> Self {
        Self {
            deadline,
            ..Self::default()
        }
    }

    /// Assigns each row to a distinct column minimising the total cost, using only the
    /// edges listed: row `r` may take the columns of `edges[start[r]..start[r + 1]]`,
    /// `(column, cost)` pairs with finite costs, columns below `cols`, no column twice in a
    /// row. `dummies` zero-cost rows may take any column; if non-zero, rows + dummies must
    /// equal `cols`. `hint[r]`, if given with dummies, is a column of row `r`'s list,
    /// distinct across rows, tried first (see the type's documentation). Returns the column
    /// of every (non-dummy) row and the total cost, or `None` if no assignment exists.
    pub(crate) fn solve(
        &mut self,
        cols: usize,
        start: &[usize],
        edges: &[(usize, f64)],
        dummies: usize,
        hint: Option<&[usize]>,
    ) -> Option<(&[usize], f64)> {
        let rows = start.len().saturating_sub(1);
        if rows + dummies > cols || (dummies > 0 && rows + dummies != cols) {
            return None;
        }
        let warm = rows + dummies == cols && hint.is_some() && self.v.len() == cols;
        if !warm {
            self.v.clear();
            self.v.resize(cols, 0.0);
        }
        self.u.clear();
        self.u.resize(rows, 0.0);
        self.col_of_row.clear();
        self.col_of_row.resize(rows, FREE);
        self.matched_cost.clear();
        self.matched_cost.resize(rows, 0.0);
        self.row_of_col.clear();
        self.row_of_col.resize(cols, FREE);
        self.dist.resize(cols, 0.0);
        self.pred.resize(cols, 0);
        self.pred_cost.resize(cols, 0.0);
        if self.stamp.len() != cols {
            self.stamp.clear();
            self.stamp.resize(cols, 0);
            self.search = 0;
        }
        self.settled.clear();
        self.settled.resize(cols, false);

        // Row potentials: minimum reduced cost, so that all reduced costs are >= 0.
        for r in 0..rows {
            let mut ur = f64::INFINITY;
            for &(j, c) in &edges[start[r]..start[r + 1]] {
                ur = ur.min(c - self.v[j]);
            }
            if !ur.is_finite() {
                return None;
            }
            self.u[r] = ur;
        }
        let vmax = self.v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        self.ud = if dummies > 0 { -vmax } else { 0.0 };
        let mut free_dummies = dummies;
        if warm && let Some(hint) = hint {
            for r in 0..rows {
                let j = hint[r];
                if j >= cols || self.row_of_col[j] != FREE {
                    continue;
                }
                if let Some(&(_, c)) = edges[start[r]..start[r + 1]].iter().find(|e| e.0 == j) {
                    let reduced = c - self.u[r] - self.v[j];
                    if reduced <= 1e-10 * (c.abs() + self.v[j].abs() + self.u[r].abs()) {
                        self.u[r] = c - self.v[j];
                        self.col_of_row[r] = j;
                        self.row_of_col[j] = r;
                        self.matched_cost[r] = c;
                    }
                }
            }
            for j in 0..cols {
                if free_dummies == 0 {
                    break;
                }
                if self.row_of_col[j] == FREE && self.v[j] >= vmax {
                    self.row_of_col[j] = DUMMY;
                    free_dummies -= 1;
                }
            }
        }
        for r in 0..rows {
            if self.col_of_row[r] == FREE
                && (past(self.deadline) || !self.augment(Source::Row(r), cols, start, edges))
            {
                return None;
            }
        }
        for _ in 0..free_dummies {
            if past(self.deadline) || !self.augment(Source::Dummy, cols, start, edges) {
                return None;
            }
        }
        let total = self.matched_cost.iter().sum();
        Some((&self.col_of_row, total))
    }

    /// Relaxes the edges leaving a row (or the dummy node) reached at distance `d`.
    #[inline]
    fn relax(&mut self, from: usize, d: f64, cols: usize, start: &[usize], edges: &[(usize, f64)]) {
        let tag = self.search;
        let update = |this: &mut Self, j: usize, nd: f64, c: f64| {
            if this.stamp[j] != tag {
                this.stamp[j] = tag;
                this.settled[j] = false;
            } else if this.settled[j] || nd >= this.dist[j] {
                return;
            }
            this.dist[j] = nd;
            this.pred[j] = from;
            this.pred_cost[j] = c;
            this.heap.push(HeapItem(nd, j));
        };
        if from == DUMMY {
            // The dummy node reaches every column. A path through a column costs at least
            // its edge, so only columns cheaper than the cheapest free one are worth
            // queueing (usually none: free columns tend to have the maximal potential).
            let ud = self.ud;
            let mut best_free = f64::INFINITY;
            let mut best_j = FREE;
            for j in 0..cols {
                if self.row_of_col[j] == FREE {
                    let rc = (-ud - self.v[j]).max(0.0);
                    if rc < best_free {
                        best_free = rc;
                        best_j = j;
                    }
                }
            }
            for j in 0..cols {
                let rc = (-ud - self.v[j]).max(0.0);
                if rc < best_free || j == best_j {
                    update(self, j, d + rc, 0.0);
                }
            }
        } else {
            let ui = self.u[from];
            for &(j, c) in &edges[start[from]..start[from + 1]] {
                let nd = d + (c - ui - self.v[j]).max(0.0);
                update(self, j, nd, c);
            }
        }
    }

    /// One shortest augmenting path from `source` to a free column; updates potentials and
    /// the matching. Returns false if no free column is reachable.
    fn augment(
        &mut self,
        source: Source,
        cols: usize,
        start: &[usize],
        edges: &[(usize, f64)],
    ) -> bool {
        self.search += 1;
        self.heap.clear();
        self.settled_list.clear();
        let mut dummy_reached = source == Source::Dummy;
        let mut dummy_via = FREE;
        let mut dummy_dist = 0.0;
        match source {
            Source::Row(r) => self.relax(r, 0.0, cols, start, edges),
            Source::Dummy => self.relax(DUMMY, 0.0, cols, start, edges),
        }
        let mut end = FREE;
        let mut total = 0.0;
        while let Some(HeapItem(d, j)) = self.heap.pop() {
            if self.settled[j] || d > self.dist[j] {
                continue;
            }
            self.settled[j] = true;
            let owner = self.row_of_col[j];
            if owner == FREE {
                end = j;
                total = d;
                break;
            }
            self.settled_list.push(j);
            if owner == DUMMY {
                if !dummy_reached {
                    dummy_reached = true;
                    dummy_via = j;
                    dummy_dist = d;
                    self.relax(DUMMY, d, cols, start, edges);
                }
            } else {
                self.relax(owner, d, cols, start, edges);
            }
        }
        if end == FREE {
            return false;
        }
        // Potentials of everything settled before the free column.
        for &j in &self.settled_list {
            let shift = total - self.dist[j];
            self.v[j] -= shift;
            let owner = self.row_of_col[j];
            if owner != DUMMY {
                self.u[owner] += shift;
            }
            self.settled[j] = false;
        }
        self.settled[end] = false;
        if dummy_reached {
            self.ud += total - dummy_dist;
        }
        if let Source::Row(r) = source {
            self.u[r] += total;
        }
        // Flip the path.
        let mut j = end;
        loop {
            let p = self.pred[j];
            if p == DUMMY {
                self.row_of_col[j] = DUMMY;
                if dummy_via == FREE {
                    break; // the dummy node was the source
                }
                j = dummy_via;
            } else {
                let previous = self.col_of_row[p];
                self.col_of_row[p] = j;
                self.row_of_col[j] = p;
                self.matched_cost[p] = self.pred_cost[j];
                if source == Source::Row(p) {
                    break;
                }
                j = previous;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(rows: usize, cols: usize, cost: &[f64]) -> f64 {
        fn rec(r: usize, rows: usize, cols: usize, cost: &[f64], used: &mut Vec<bool>) -> f64 {
            if r == rows {
                return 0.0;
            }
            let mut best = f64::INFINITY;
            for c in 0..cols {
                if !used[c] {
                    used[c] = true;
                    best = best.min(cost[r * cols + c] + rec(r + 1, rows, cols, cost, used));
                    used[c] = false;
                }
            }
            best
        }
        rec(0, rows, cols, cost, &mut vec![false; cols])
    }

    /// Edge lists (CSR: row starts, `(column, cost)`) of every entry of the dense `cost`.
    fn full_edges(rows: usize, cols: usize, cost: &[f64]) -> (Vec<usize>, Vec<(usize, f64)>) {
        let mut start = vec![0];
        let mut edges = Vec::new();
        for r in 0..rows {
            edges.extend((0..cols).map(|c| (c, cost[r * cols + c])));
            start.push(edges.len());
        }
        (start, edges)
    }

    /// A random subset of the edges of `cost` containing the diagonal, and the dense matrix
    /// of it with the other costs prohibitive.
    fn subset_edges(
        rows: usize,
        cols: usize,
        cost: &[f64],
        next: &mut impl FnMut() -> f64,
    ) -> (Vec<usize>, Vec<(usize, f64)>, Vec<f64>) {
        let mut start = vec![0];
        let mut edges = Vec::new();
        let mut dense = vec![1e6; rows * cols];
        for r in 0..rows {
            for c in 0..cols {
                if c == r || next() < 0.4 {
                    edges.push((c, cost[r * cols + c]));
                    dense[r * cols + c] = cost[r * cols + c];
                }
            }
            start.push(edges.len());
        }
        (start, edges, dense)
    }

    /// Moves about 30 % of the edge costs by up to ±2.
    fn perturb(edges: &mut [(usize, f64)], next: &mut impl FnMut() -> f64) {
        for e in edges.iter_mut() {
            if next() < 0.3 {
                e.1 += next() * 4.0 - 2.0;
            }
        }
    }

    /// Writes the edge costs into the dense matrix `dense` (`cols` columns).
    fn to_dense(cols: usize, start: &[usize], edges: &[(usize, f64)], dense: &mut [f64]) {
        for r in 0..start.len() - 1 {
            for &(c, cost) in &edges[start[r]..start[r + 1]] {
                dense[r * cols + c] = cost;
            }
        }
    }

    /// Checks the dense solver's assignment and total against brute force; returns the total.
    fn dense_checked(lsap: &mut Lsap, rows: usize, cols: usize, cost: &[f64]) -> f64 {
        let (assign, total) = lsap.solve(rows, cols, cost).unwrap();
        let mut seen = vec![false; cols];
        let mut sum = 0.0;
        for (r, &c) in assign.iter().enumerate() {
            assert!(!seen[c]);
            seen[c] = true;
            sum += cost[r * cols + c];
        }
        assert!((sum - total).abs() < 1e-9);
        assert!(
            (total - brute(rows, cols, cost)).abs() < 1e-9,
            "{rows}x{cols}"
        );
        total
    }

    /// The warm-started sparse solve (column slack `cols - rows`, `hint`) matches the dense
    /// solve of `dense`.
    #[allow(clippy::too_many_arguments)]
    fn check_warm(
        sparse: &mut SparseLsap,
        lsap: &mut Lsap,
        (rows, cols): (usize, usize),
        start: &[usize],
        edges: &[(usize, f64)],
        dense: &[f64],
        hint: &[usize],
        what: &str,
    ) {
        let (_, warm_total) = sparse
            .solve(cols, start, edges, cols - rows, Some(hint))
            .unwrap();
        let (_, dense_total) = lsap.solve(rows, cols, dense).unwrap();
        assert!(
            (warm_total - dense_total).abs() < 1e-9,
            "{what} {rows}x{cols}"
        );
    }

    #[test]
    fn matches_brute_force() {
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as f64) / (1u64 << 31) as f64
        };
        let mut lsap = Lsap::default();
        let mut sparse = SparseLsap::default();
        for rows in 1..=5 {
            for cols in rows..=6 {
                for _ in 0..20 {
                    let cost: Vec<f64> = (0..rows * cols).map(|_| next() * 10.0 - 7.0).collect();
                    let total = dense_checked(&mut lsap, rows, cols, &cost);
                    // The sparse solver on the full edge lists agrees.
                    let (start, edges) = full_edges(rows, cols, &cost);
                    let (_, sparse_total) = sparse.solve(cols, &start, &edges, 0, None).unwrap();
                    assert!((sparse_total - total).abs() < 1e-9, "sparse {rows}x{cols}");
                    // And on a random subset of edges containing the diagonal it matches
                    // the dense solver with the other costs prohibitive.
                    let (start, mut edges, dense) = subset_edges(rows, cols, &cost, &mut next);
                    let (_, sparse_total) = sparse.solve(cols, &start, &edges, 0, None).unwrap();
                    let (_, dense_total) = lsap.solve(rows, cols, &dense).unwrap();
                    assert!(
                        (sparse_total - dense_total).abs() < 1e-9,
                        "subset {rows}x{cols}"
                    );
                    // Warm start with the diagonal as hint and the potentials of this solve,
                    // after perturbing some costs.
                    perturb(&mut edges, &mut next);
                    let mut dense = vec![1e6; rows * cols];
                    to_dense(cols, &start, &edges, &mut dense);
                    let hint: Vec<usize> = (0..rows).collect();
                    let (sp, ls) = (&mut sparse, &mut lsap);
                    check_warm(sp, ls, (rows, cols), &start, &edges, &dense, &hint, "warm");
                    // Again with stale potentials and a scrambled hint.
                    perturb(&mut edges, &mut next);
                    to_dense(cols, &start, &edges, &mut dense);
                    let mut hint: Vec<usize> = (0..rows).collect();
                    for i in (1..rows).rev() {
                        let j = (next() * (i + 1) as f64) as usize % (i + 1);
                        hint.swap(i, j);
                    }
                    let (sp, ls) = (&mut sparse, &mut lsap);
                    check_warm(sp, ls, (rows, cols), &start, &edges, &dense, &hint, "warm2");
                }
            }
        }
    }
}
