//! Search: a Pagefind index over events, outlets and articles, written with the site, in shards
//! so that a build re-indexes only what changed and never holds more than two shards in memory.
//!
//! Records are added directly (no HTML re-parsing), so indexing costs little per article
//! (`records.rs` says what each record holds). The records are split into shards along
//! publication order (`shard.rs`), each its own Pagefind bundle under `pagefind/<shard>/`; the
//! outlets make the root bundle at `pagefind/`, the one that carries Pagefind's script and
//! WebAssembly. `pagefind/shards.json` lists the shards, and the search page merges them all
//! (Pagefind's `mergeIndex`). A shard whose records hash as in an earlier build is copied from
//! the build cache (`store.rs`) instead of being indexed again (`bundle.rs`).

mod bundle;
mod records;
mod shard;
mod store;

pub(crate) use bundle::{Stats, bundle};
