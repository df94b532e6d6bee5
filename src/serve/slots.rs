//! A counting limit on connections handled at once, so a flood of clients cannot make a
//! thread each: a connection takes a slot or is refused, and gives it back when done.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fixed number of places, shared by the accept loop and the connection threads.
#[derive(Debug, Clone)]
pub(super) struct Slots {
    taken: Arc<AtomicUsize>,
    max: usize,
}

/// One place, given back when dropped (whatever way the connection ends).
#[derive(Debug)]
pub(super) struct Slot {
    taken: Arc<AtomicUsize>,
}

impl Slots {
    /// `max` places, all free.
    pub(super) fn new(max: usize) -> Slots {
        Slots { taken: Arc::new(AtomicUsize::new(0)), max }
    }

    /// A free place, or `None` when all are taken.
    pub(super) fn try_take(&self) -> Option<Slot> {
        self.taken
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.max).then_some(n + 1))
            .ok()
            .map(|_| Slot { taken: self.taken.clone() })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.taken.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_bounded_and_given_back() {
        let slots = Slots::new(2);
        let a = slots.try_take().unwrap();
        let b = slots.try_take().unwrap();
        assert!(slots.try_take().is_none());
        drop(a);
        let c = slots.try_take().unwrap();
        assert!(slots.try_take().is_none());
        drop((b, c));
        assert!(slots.try_take().is_some() && slots.try_take().is_some());
    }

    #[test]
    fn places_are_given_back_from_other_threads() {
        let slots = Slots::new(1);
        let slot = slots.try_take().unwrap();
        std::thread::spawn(move || drop(slot)).join().unwrap();
        assert!(slots.try_take().is_some());
    }
}
