//! [`Memo`]: the one cache shape of incremental builds. A stage's result is stored under a key
//! made only of what the result was computed from (a content hash, a view hash, settings), so a
//! hit is the same value a fresh computation would give; there is no dependency list to keep
//! in step with the code. After each build the pipeline calls [`Memo::sweep`], which drops every
//! entry the build did not use, so a long `kbgen serve` holds only the current site's entries.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// The hash every cache key is made of (content hashes of inputs, hashes of page views).
/// aHash with fixed seeds: several times faster than std's SipHash on the megabytes a build
/// hashes (`perf` put SipHash at 3.6 % of a 10,000-page build), and stable within and across
/// runs; resistance to crafted collisions is not needed for a writer's own files.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    const SEEDS: ahash::RandomState = ahash::RandomState::with_seeds(
        0x6b62_6765_6e00_0001,
        0x9e37_79b9_7f4a_7c15,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
    );
    SEEDS.hash_one(value)
}

/// A memo table keyed by what its values were computed from.
#[derive(Debug)]
pub struct Memo<K, V> {
    enabled: bool,
    table: Mutex<HashMap<K, Slot<V>, ahash::RandomState>>,
}

#[derive(Debug)]
struct Slot<V> {
    value: V,
    used: bool,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            enabled: true,
            table: Mutex::new(HashMap::default()),
        }
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// A table that stores nothing: a one-shot build computes everything once anyway, and
    /// keeping copies would only raise peak memory.
    pub fn disabled() -> Self {
        Memo {
            enabled: false,
            table: Mutex::new(HashMap::default()),
        }
    }

    /// The value stored under `key`, or `make()` stored under it. Safe to call from many
    /// threads; two threads missing the same key both compute it (the results are equal).
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> V {
        match self.get_or_try_insert_with(key, || Ok::<V, std::convert::Infallible>(make())) {
            Ok(v) => v,
            Err(never) => match never {},
        }
    }

    /// [`Memo::get_or_insert_with`] for a computation that can fail; failures are not stored.
    pub fn get_or_try_insert_with<E>(
        &self,
        key: K,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if !self.enabled {
            return make();
        }
        if let Ok(mut table) = self.table.lock() {
            if let Some(slot) = table.get_mut(&key) {
                slot.used = true;
                return Ok(slot.value.clone());
            }
        }
        let value = make()?;
        if let Ok(mut table) = self.table.lock() {
            table.insert(
                key,
                Slot {
                    value: value.clone(),
                    used: true,
                },
            );
        }
        Ok(value)
    }

    /// Drops every entry not used since the previous sweep and returns how many went.
    pub fn sweep(&self) -> usize {
        let Ok(mut table) = self.table.lock() else {
            return 0;
        };
        let before = table.len();
        table.retain(|_, slot| std::mem::take(&mut slot.used));
        before - table.len()
    }

    /// Drops the entry under `key` (a value a caller knows no build will ask for again).
    pub fn remove(&self, key: &K) {
        if let Ok(mut table) = self.table.lock() {
            table.remove(key);
        }
    }

    /// Whether values are kept (a caller that only touches entries to keep them can skip that
    /// for a disabled table).
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Number of stored entries.
    pub fn len(&self) -> usize {
        self.table.lock().map_or(0, |t| t.len())
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn hits_reuse_and_sweeps_evict_what_a_build_did_not_use() {
        let memo: Memo<u32, String> = Memo::default();
        let mut computed = 0;
        for _ in 0..2 {
            memo.get_or_insert_with(1, || {
                computed += 1;
                "one".into()
            });
        }
        assert_eq!(computed, 1);
        memo.get_or_insert_with(2, || "two".into());
        assert_eq!(memo.sweep(), 0);
        memo.get_or_insert_with(2, || "two".into());
        assert_eq!(memo.sweep(), 1, "key 1 was not used by the second build");
        assert_eq!(memo.len(), 1);
        let off: Memo<u32, u32> = Memo::disabled();
        off.get_or_insert_with(1, || 1);
        assert!(off.is_empty());
    }
}
