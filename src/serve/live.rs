//! What the server shows right now: the last good site and the errors of
//! the last build, if it failed. The builder thread writes it; the HTTP
//! loop reads it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::sync::watch;

use crate::site::lock;

/// The site as served: each file's bytes shared with the builder, which
/// keeps the files a rebuild did not change rather than copying them.
pub type Served = BTreeMap<String, Arc<[u8]>>;

#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    /// The last good site; `None` until a build has succeeded.
    #[serde(skip)]
    pub site: Option<Arc<Served>>,
    /// Names the good build being served. It changes with every good build
    /// and between runs of `serve`, so an open page knows when to reload.
    pub build: String,
    /// Changes with every build, good or not: what a waiting page waits on.
    pub version: u64,
    /// The problems of the latest build, as shown in the terminal; `None`
    /// when it succeeded.
    pub errors: Option<String>,
}

pub struct Live {
    /// Distinguishes this run of `serve` from the one before it.
    session: String,
    good_builds: Mutex<u64>,
    snapshot: Mutex<Snapshot>,
    /// The version, for held polls to wait on without a thread each.
    versions: watch::Sender<u64>,
}

impl Live {
    pub fn new() -> Live {
        let session = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default()
            .to_string();
        Live {
            snapshot: Mutex::new(Snapshot {
                site: None,
                build: format!("{session}-0"),
                version: 0,
                errors: None,
            }),
            session,
            good_builds: Mutex::new(0),
            versions: watch::Sender::new(0),
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        lock(&self.snapshot).clone()
    }

    /// The version now and every later one.
    pub fn versions(&self) -> watch::Receiver<u64> {
        self.versions.subscribe()
    }

    /// A good build: serve it, and clear any errors shown.
    pub fn publish(&self, site: Served) {
        let n = {
            let mut good = lock(&self.good_builds);
            *good += 1;
            *good
        };
        let mut s = lock(&self.snapshot);
        s.site = Some(Arc::new(site));
        s.build = format!("{}-{n}", self.session);
        s.version += 1;
        s.errors = None;
        self.versions.send_replace(s.version);
    }

    /// A failed build: keep serving the last good site, and show why.
    pub fn fail(&self, errors: String) {
        let mut s = lock(&self.snapshot);
        s.version += 1;
        s.errors = Some(errors);
        self.versions.send_replace(s.version);
    }
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}
