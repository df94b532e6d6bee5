//! Typed indexes into the site model's lists.
//!
//! The model holds articles, events and outlets in three lists, and many lists of indexes into
//! them (an event's members, an outlet's events, each article's event). With plain `usize`s an
//! article index could be passed where an event index is meant and nothing would complain; each
//! kind of index is its own type here, so a field or function says which it takes and the compiler
//! holds every caller to it. Any list can be indexed by them, since several lists run parallel to
//! each kind (`related` to events, `event_of` to articles). They are 32 bits wide: the model holds
//! millions of them on a large archive.

use std::ops::{Index, IndexMut};

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The index of position `i`; a site holds far fewer than 2³² of anything.
            pub fn new(i: usize) -> Self {
                Self(u32::try_from(i).expect("fewer than 2^32 items"))
            }

            /// The position as a plain number, for lists outside the model that follow the same
            /// order (the clusterer's input, page numbers).
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// Every index of a list of `n` items, in order.
            pub fn all(n: usize) -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator {
                (0..n).map(Self::new)
            }
        }

        impl<T> Index<$name> for [T] {
            type Output = T;
            fn index(&self, i: $name) -> &T {
                &self[i.index()]
            }
        }

        impl<T> IndexMut<$name> for [T] {
            fn index_mut(&mut self, i: $name) -> &mut T {
                &mut self[i.index()]
            }
        }

        // Indexing a `Vec` finds `Vec`'s own impl first, so it needs impls of its own.
        impl<T> Index<$name> for Vec<T> {
            type Output = T;
            fn index(&self, i: $name) -> &T {
                &self[i.index()]
            }
        }

        impl<T> IndexMut<$name> for Vec<T> {
            fn index_mut(&mut self, i: $name) -> &mut T {
                &mut self[i.index()]
            }
        }
    };
}

index_type!(
    /// An article's position in [`Site::articles`](super::Site::articles) (sorted by id), and in
    /// every list parallel to it.
    ArticleIx
);

index_type!(
    /// An event's position in [`Site::events`](super::Site::events): display order, most recently
    /// updated first. The clusterer numbers events in the order they were founded; the model
    /// converts that numbering once, when it is built, so only this one is ever seen.
    EventIx
);

index_type!(
    /// An outlet's position in [`Site::outlets`](super::Site::outlets), A to Z.
    OutletIx
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_reads_its_position_in_vectors_and_slices() {
        let mut v: Vec<&str> = ["a", "b", "c"].into();
        assert_eq!(v[ArticleIx::new(1)], "b");
        assert_eq!(v.as_slice()[EventIx::new(2)], "c");
        v[OutletIx::new(0)] = "z";
        v.as_mut_slice()[OutletIx::new(1)] = "y";
        assert_eq!(v[..2], ["z", "y"], "plain positions still work");
        assert_eq!(EventIx::all(3).map(EventIx::index).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert!(ArticleIx::new(2) < ArticleIx::new(10), "ordered as their positions");
    }
}
