//! A small cache of recent answers by request (searches asked again: a page
//! reloaded, shared, or the next visitor typing the same words). Each entry
//! belongs to the index generation it was computed on, and lives at most
//! `ttl`; the least recently used goes first when full. Capacity 0 turns it off.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Cache<V> {
    capacity: usize,
    ttl: Duration,
    inner: Mutex<Inner<V>>,
}

struct Inner<V> {
    tick: u64,
    generation: u64,
    /// Key → (last use, made at, value).
    map: HashMap<String, (u64, Instant, Arc<V>)>,
}

impl<V> Cache<V> {
    pub fn new(capacity: usize, ttl: Duration) -> Cache<V> {
        Cache {
            capacity,
            ttl,
            inner: Mutex::new(Inner {
                tick: 0,
                generation: 0,
                map: HashMap::new(),
            }),
        }
    }

    /// The value kept for `key` if it was computed on `generation` and is
    /// not older than the time to live.
    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<V>> {
        if self.capacity == 0 {
            return None;
        }
        let mut inner = self.inner.lock().ok()?;
        if inner.generation != generation {
            inner.map.clear();
            inner.generation = generation;
            return None;
        }
        inner.tick += 1;
        let tick = inner.tick;
        let ttl = self.ttl;
        let fresh = match inner.map.get_mut(key) {
            Some(entry) if entry.1.elapsed() <= ttl => {
                entry.0 = tick;
                Some(Arc::clone(&entry.2))
            }
            Some(_) => None,
            None => return None,
        };
        if fresh.is_none() {
            inner.map.remove(key);
        }
        fresh
    }

    pub fn put(&self, key: String, generation: u64, value: Arc<V>) {
        if self.capacity == 0 {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.generation != generation {
            inner.map.clear();
            inner.generation = generation;
        }
        if inner.map.len() >= self.capacity && !inner.map.contains_key(&key) {
            let oldest = inner
                .map
                .iter()
                .min_by_key(|(_, (used, _, _))| *used)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                inner.map.remove(&k);
            }
        }
        inner.tick += 1;
        let tick = inner.tick;
        inner.map.insert(key, (tick, Instant::now(), value));
    }

    /// Forgets everything (after an ingest through this server).
    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.map.clear();
        }
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_recently_used_and_forgets_on_a_new_generation() {
        let c: Cache<u32> = Cache::new(2, Duration::from_secs(60));
        c.put("a".into(), 1, Arc::new(1));
        c.put("b".into(), 1, Arc::new(2));
        assert_eq!(c.get("a", 1).as_deref(), Some(&1));
        // "b" is now the least recently used: a third entry pushes it out.
        c.put("c".into(), 1, Arc::new(3));
        assert_eq!(c.get("b", 1), None);
        assert_eq!(c.get("a", 1).as_deref(), Some(&1));
        assert_eq!(c.get("c", 1).as_deref(), Some(&3));
        // The index moved on: nothing computed before holds.
        assert_eq!(c.get("a", 2), None);
        assert!(c.is_empty());
    }

    #[test]
    fn expires_and_can_be_off() {
        let c: Cache<u32> = Cache::new(4, Duration::ZERO);
        c.put("a".into(), 1, Arc::new(1));
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(c.get("a", 1), None);
        let off: Cache<u32> = Cache::new(0, Duration::from_secs(60));
        off.put("a".into(), 1, Arc::new(1));
        assert_eq!(off.get("a", 1), None);
    }
}
