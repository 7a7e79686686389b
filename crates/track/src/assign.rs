//! Sparse linear assignment with optional non-assignment, by connected components and
//! shortest augmenting paths.
//!
//! The problem: rows (tracks) and columns (detections); a sparse set of allowed pairs
//! `(i, j)` with cost `cᵢⱼ`; leaving row `i` unassigned costs `aᵢ`, column `j` costs `bⱼ`.
//! Find the partial one-to-one assignment of least total cost.
//!
//! Method: with `c'ᵢⱼ = cᵢⱼ − aᵢ − bⱼ` the total is `Σa + Σb + Σ_assigned c'`, so only pairs
//! with `c' < 0` can help and all others are dropped. The remaining bipartite graph is split
//! into connected components (union–find); each is solved on its own as a rectangular
//! problem in which every row also owns a private "unassigned" column of cost 0. Each
//! component is solved by successive shortest augmenting paths with dual potentials
//! (Dijkstra on reduced costs over the sparse edges) — the augmentation phase of
//! Jonker & Volgenant (1987) in its sparse form — so the work follows the gated pairs, not
//! rows × columns. Costs must be finite.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// An allowed pair and its cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Row index.
    pub row: u32,
    /// Column index.
    pub col: u32,
    /// Cost of assigning `row` to `col` (finite).
    pub cost: f64,
}

/// The rows and columns of one connected component, and its edges (indices into the
/// caller's edge list).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Component {
    /// Rows, ascending.
    pub rows: Vec<u32>,
    /// Columns, ascending.
    pub cols: Vec<u32>,
    /// Indices of the component's edges in the input slice, ascending.
    pub edges: Vec<usize>,
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

/// Connected components of the bipartite graph given by `edges` (rows and columns without
/// edges are left out). Deterministic: components are ordered by their smallest row.
pub fn connected_components(n_rows: usize, n_cols: usize, edges: &[Edge]) -> Vec<Component> {
    let n = n_rows + n_cols;
    let mut parent: Vec<u32> = (0..n as u32).collect();
    for e in edges {
        let a = find(&mut parent, e.row);
        let b = find(&mut parent, n_rows as u32 + e.col);
        if a != b {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            parent[hi as usize] = lo;
        }
    }
    let mut comp_of_root = vec![u32::MAX; n];
    let mut comps: Vec<Component> = Vec::new();
    let mut comp_id = |parent: &mut [u32], node: u32, comps: &mut Vec<Component>| -> usize {
        let r = find(parent, node) as usize;
        if comp_of_root[r] == u32::MAX {
            comp_of_root[r] = comps.len() as u32;
            comps.push(Component::default());
        }
        comp_of_root[r] as usize
    };
    let mut row_seen = vec![false; n_rows];
    let mut col_seen = vec![false; n_cols];
    // Rows first in ascending order so components are ordered by smallest row.
    let mut rows_with_edges: Vec<u32> = edges.iter().map(|e| e.row).collect();
    rows_with_edges.sort_unstable();
    rows_with_edges.dedup();
    for &r in &rows_with_edges {
        let c = comp_id(&mut parent, r, &mut comps);
        comps[c].rows.push(r);
        row_seen[r as usize] = true;
    }
    for (k, e) in edges.iter().enumerate() {
        let c = comp_id(&mut parent, e.row, &mut comps);
        comps[c].edges.push(k);
        if !col_seen[e.col as usize] {
            col_seen[e.col as usize] = true;
            comps[c].cols.push(e.col);
        }
    }
    for c in &mut comps {
        c.cols.sort_unstable();
    }
    comps
}

/// The result of an assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The column assigned to each row, if any.
    pub col_of_row: Vec<Option<u32>>,
    /// The row assigned to each column, if any.
    pub row_of_col: Vec<Option<u32>>,
    /// Total cost, non-assignment costs included.
    pub cost: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct HeapItem {
    dist: f64,
    col: u32,
}
impl Eq for HeapItem {}
impl Ord for HeapItem {
    fn cmp(&self, other: &Self) -> Ordering {
        // min-heap on dist, then on column for determinism
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.col.cmp(&self.col))
    }
}
impl PartialOrd for HeapItem {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

const NONE: u32 = u32::MAX;

/// Reusable work space for [`SparseAssignmentSolver::solve`].
#[derive(Debug, Default, Clone)]
pub struct SparseAssignmentSolver {
    // local CSR of the current component: row -> (col, cost)
    row_start: Vec<usize>,
    adj: Vec<(u32, f64)>,
    u: Vec<f64>,
    v: Vec<f64>,
    dist: Vec<f64>,
    pred: Vec<u32>,
    done: Vec<bool>,
    row_of_col: Vec<u32>,
    col_of_row: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<HeapItem>,
    local_col: Vec<u32>,
    local_row: Vec<u32>,
    scanned: Vec<u32>,
    // the reduced edges that are components of their own, and the others
    lone: Vec<Edge>,
    rest: Vec<Edge>,
    // the edges with their non-assignment costs taken off, those worth taking
    reduced: Vec<Edge>,
}

impl SparseAssignmentSolver {
    /// A solver with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Solves the problem described in the module documentation. `row_unassigned[i]` and
    /// `col_unassigned[j]` are the non-assignment costs (use 0 when leaving a side
    /// unassigned is free). Edges with duplicate `(row, col)` keep the cheapest.
    pub fn solve(
        &mut self,
        n_rows: usize,
        n_cols: usize,
        edges: &[Edge],
        row_unassigned: &[f64],
        col_unassigned: &[f64],
    ) -> Assignment {
        debug_assert_eq!(row_unassigned.len(), n_rows);
        debug_assert_eq!(col_unassigned.len(), n_cols);
        let base: f64 = row_unassigned.iter().sum::<f64>() + col_unassigned.iter().sum::<f64>();
        let mut reduced = std::mem::take(&mut self.reduced);
        reduced.clear();
        reduced.extend(edges.iter().filter_map(|e| {
            let c = e.cost - row_unassigned[e.row as usize] - col_unassigned[e.col as usize];
            (c < 0.0).then_some(Edge {
                row: e.row,
                col: e.col,
                cost: c,
            })
        }));
        let mut out = Assignment {
            col_of_row: vec![None; n_rows],
            row_of_col: vec![None; n_cols],
            cost: base,
        };
        // Degrees in the remaining graph (`local_row` / `local_col` as counters here).
        self.local_row.clear();
        self.local_row.resize(n_rows, 0);
        self.local_col.clear();
        self.local_col.resize(n_cols, 0);
        for e in &reduced {
            self.local_row[e.row as usize] += 1;
            self.local_col[e.col as usize] += 1;
        }
        // An edge whose row and column have no other (the usual pair when scoring
        // well-separated targets) is a component of its own, and taking it beats leaving
        // both ends unassigned: it needs no search. Only the rest go through the
        // components.
        let mut lone = std::mem::take(&mut self.lone);
        let mut rest = std::mem::take(&mut self.rest);
        lone.clear();
        rest.clear();
        for e in &reduced {
            if self.local_row[e.row as usize] == 1 && self.local_col[e.col as usize] == 1 {
                lone.push(*e);
            } else {
                rest.push(*e);
            }
        }
        lone.sort_unstable_by_key(|e| e.row);
        self.local_col.fill(NONE);
        self.local_row.fill(NONE);
        // The cost is summed component by component in order of smallest row, as over
        // the components of all the edges: the lone edges go in between by their row.
        // A lone edge's component would add 0.0 + c', which is c' itself.
        let mut lone_edges = lone.iter().peekable();
        let take = |e: &Edge, out: &mut Assignment| {
            out.col_of_row[e.row as usize] = Some(e.col);
            out.row_of_col[e.col as usize] = Some(e.row);
            out.cost += e.cost;
        };
        if !rest.is_empty() {
            for comp in connected_components(n_rows, n_cols, &rest) {
                while let Some(e) = lone_edges.next_if(|e| e.row < comp.rows[0]) {
                    take(e, &mut out);
                }
                out.cost += self.solve_component(&comp, &rest, &mut out);
            }
        }
        for e in lone_edges {
            take(e, &mut out);
        }
        self.lone = lone;
        self.rest = rest;
        self.reduced = reduced;
        out
    }

    /// Solves one component; writes the pairs into `out`; returns `Σ c'` of the pairs.
    fn solve_component(&mut self, comp: &Component, edges: &[Edge], out: &mut Assignment) -> f64 {
        let r = comp.rows.len();
        let c = comp.cols.len();
        for (k, &row) in comp.rows.iter().enumerate() {
            self.local_row[row as usize] = k as u32;
        }
        for (k, &col) in comp.cols.iter().enumerate() {
            self.local_col[col as usize] = k as u32;
        }
        // CSR with a private zero-cost "unassigned" column c + i for each row i
        self.row_start.clear();
        self.row_start.resize(r + 1, 0);
        for &k in &comp.edges {
            self.row_start[self.local_row[edges[k].row as usize] as usize + 1] += 1;
        }
        for i in 0..r {
            self.row_start[i + 1] += self.row_start[i] + 1;
        }
        // row_start[i+1] - row_start[i] = edges of row i + 1 dummy
        self.adj.clear();
        self.adj.resize(self.row_start[r], (0, 0.0));
        let mut fill: Vec<usize> = self.row_start[..r].to_vec();
        for (i, f) in fill.iter_mut().enumerate() {
            self.adj[*f] = ((c + i) as u32, 0.0);
            *f += 1;
        }
        for &k in &comp.edges {
            let e = &edges[k];
            let i = self.local_row[e.row as usize] as usize;
            self.adj[fill[i]] = (self.local_col[e.col as usize], e.cost);
            fill[i] += 1;
        }
        let nc = c + r;
        self.u.clear();
        self.u.resize(r, 0.0);
        self.v.clear();
        self.v.resize(nc, 0.0);
        self.dist.clear();
        self.dist.resize(nc, f64::INFINITY);
        self.pred.clear();
        self.pred.resize(nc, NONE);
        self.done.clear();
        self.done.resize(nc, false);
        self.row_of_col.clear();
        self.row_of_col.resize(nc, NONE);
        self.col_of_row.clear();
        self.col_of_row.resize(r, NONE);

        for s in 0..r {
            self.augment_from(s);
        }
        let mut total = 0.0;
        for i in 0..r {
            let j = self.col_of_row[i] as usize;
            if j < c {
                let row = comp.rows[i];
                let col = comp.cols[j];
                out.col_of_row[row as usize] = Some(col);
                out.row_of_col[col as usize] = Some(row);
                let (a, b) = (self.row_start[i], self.row_start[i + 1]);
                total += self.adj[a..b]
                    .iter()
                    .filter(|(cc, _)| *cc as usize == j)
                    .map(|(_, cost)| *cost)
                    .fold(f64::INFINITY, f64::min);
            }
        }
        total
    }

    /// Finds a shortest augmenting path from free row `s` and augments along it.
    fn augment_from(&mut self, s: usize) {
        let (a, b) = (self.row_start[s], self.row_start[s + 1]);
        // row potential making all reduced costs out of s non-negative
        self.u[s] = self.adj[a..b]
            .iter()
            .map(|&(j, cost)| cost - self.v[j as usize])
            .fold(f64::INFINITY, f64::min);
        self.heap.clear();
        self.touched.clear();
        for k in a..b {
            let (j, cost) = self.adj[k];
            let d = cost - self.v[j as usize] - self.u[s];
            let ju = j as usize;
            if d < self.dist[ju] {
                if self.dist[ju] == f64::INFINITY {
                    self.touched.push(j);
                }
                self.dist[ju] = d;
                self.pred[ju] = s as u32;
                self.heap.push(HeapItem { dist: d, col: j });
            }
        }
        let mut scanned = std::mem::take(&mut self.scanned);
        scanned.clear();
        let (sink, big_d) = self.shortest_path(&mut scanned);
        self.update_duals(s, big_d, &scanned);
        self.scanned = scanned;
        self.flip_path(s, sink);
        for &col in &self.touched {
            self.dist[col as usize] = f64::INFINITY;
            self.done[col as usize] = false;
        }
    }

    /// Dijkstra over reduced costs from the columns already labelled to the nearest free
    /// column: returns it and its distance; the columns finalised are pushed to `scanned`.
    fn shortest_path(&mut self, scanned: &mut Vec<u32>) -> (usize, f64) {
        loop {
            let Some(HeapItem { dist, col }) = self.heap.pop() else {
                unreachable!("every row owns a free column");
            };
            let j = col as usize;
            if self.done[j] || dist > self.dist[j] {
                continue;
            }
            self.done[j] = true;
            scanned.push(col);
            let i = self.row_of_col[j];
            if i == NONE {
                break (j, dist);
            }
            let i = i as usize;
            let (a, b) = (self.row_start[i], self.row_start[i + 1]);
            for k in a..b {
                let (kk, cost) = self.adj[k];
                let ku = kk as usize;
                if self.done[ku] {
                    continue;
                }
                let nd = dist + cost - self.v[ku] - self.u[i];
                if nd < self.dist[ku] {
                    if self.dist[ku] == f64::INFINITY {
                        self.touched.push(kk);
                    }
                    self.dist[ku] = nd;
                    self.pred[ku] = i as u32;
                    self.heap.push(HeapItem { dist: nd, col: kk });
                }
            }
        }
    }

    /// Dual update on the `scanned` (finalised) columns and the rows matched to them, and
    /// on the free row `s`, after a shortest path of length `big_d`.
    fn update_duals(&mut self, s: usize, big_d: f64, scanned: &[u32]) {
        for &col in scanned {
            let j = col as usize;
            let delta = big_d - self.dist[j];
            self.v[j] -= delta;
            let i = self.row_of_col[j];
            if i != NONE {
                self.u[i as usize] += delta;
            }
        }
        self.u[s] += big_d;
    }

    /// Augments the matching along the shortest path from free row `s` to column `sink`.
    fn flip_path(&mut self, s: usize, sink: usize) {
        let mut j = sink;
        loop {
            let i = self.pred[j] as usize;
            let next = self.col_of_row[i];
            self.row_of_col[j] = i as u32;
            self.col_of_row[i] = j as u32;
            if i == s {
                break;
            }
            j = next as usize;
        }
    }
}

/// Convenience wrapper: [`SparseAssignmentSolver::solve`] with a fresh solver.
pub fn solve_sparse(
    n_rows: usize,
    n_cols: usize,
    edges: &[Edge],
    row_unassigned: &[f64],
    col_unassigned: &[f64],
) -> Assignment {
    SparseAssignmentSolver::new().solve(n_rows, n_cols, edges, row_unassigned, col_unassigned)
}

/// Exhaustive search for the optimum (exponential; for tests and tiny problems).
pub fn brute_force(
    n_rows: usize,
    n_cols: usize,
    edges: &[Edge],
    row_unassigned: &[f64],
    col_unassigned: &[f64],
) -> f64 {
    let mut cost = vec![vec![f64::INFINITY; n_cols]; n_rows];
    for e in edges {
        let c = &mut cost[e.row as usize][e.col as usize];
        *c = c.min(e.cost);
    }
    fn rec(
        i: usize,
        used: &mut Vec<bool>,
        cost: &[Vec<f64>],
        ra: &[f64],
        ca: &[f64],
        acc: f64,
        best: &mut f64,
    ) {
        if i == cost.len() {
            let free: f64 = used
                .iter()
                .zip(ca)
                .filter(|(u, _)| !**u)
                .map(|(_, c)| *c)
                .sum();
            *best = best.min(acc + free);
            return;
        }
        rec(i + 1, used, cost, ra, ca, acc + ra[i], best);
        for j in 0..used.len() {
            if !used[j] && cost[i][j].is_finite() {
                used[j] = true;
                rec(i + 1, used, cost, ra, ca, acc + cost[i][j], best);
                used[j] = false;
            }
        }
    }
    let mut best = f64::INFINITY;
    rec(
        0,
        &mut vec![false; n_cols],
        &cost,
        row_unassigned,
        col_unassigned,
        0.0,
        &mut best,
    );
    best
}
