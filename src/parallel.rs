//! Parallel work: the one setting that every rayon loop over uneven items shares. It sits at
//! the bottom of the module graph, so every layer may use it without an arrow running back up.

/// Most items in one unit of parallel work, for loops whose items vary in cost (pages, events,
/// files). Rayon otherwise splits a loop into a few long runs, only splitting one further when
/// another thread steals from it; measured on 2 cores, one thread then sat idle for the last
/// tenth of rendering while the other finished a long run alone.
pub(crate) const PAR_LEAF: usize = 16;
