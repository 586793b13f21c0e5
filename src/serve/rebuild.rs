//! Rebuilding after a change, redoing only the phases the change touched:
//! a template edit re-renders the already loaded content, a new picture in
//! static/ re-reads static/ and re-checks images but renders nothing.

use crate::content::{self, Guide, check_image_file};
use crate::diagnostic::Report;
use crate::render::Renderer;
use crate::site::{self, BuildOptions, Site};

use super::watch::Changes;

/// The parts of the last good build, kept to be reused.
pub struct Builder {
    options: BuildOptions,
    guide: Option<Guide>,
    renderer: Option<Renderer>,
    pages: Option<Site>,
    statics: Option<Site>,
    /// Changes not yet built successfully: a failed build is redone in full
    /// for what it covered, even if the next edit touches something else.
    pending: Changes,
}

impl Builder {
    pub fn new(options: BuildOptions) -> Builder {
        Builder {
            options,
            guide: None,
            renderer: None,
            pages: None,
            statics: None,
            pending: Changes::ALL,
        }
    }

    /// Rebuilds for `changes`; the whole site and its warnings, or every
    /// error. On error nothing kept is replaced.
    pub fn rebuild(&mut self, changes: Changes) -> Result<(Site, Report), Report> {
        self.pending.merge(changes);
        let p = self.pending;
        let root = self.options.root.clone();
        let mut report = Report::default();

        let reload_content = p.content || self.guide.is_none();
        let mut loaded = None;
        if reload_content {
            let (guide, r) = site::load(&self.options);
            report.extend(r.diagnostics);
            loaded = guide;
        }
        let mut renderer = None;
        if p.templates || self.renderer.is_none() {
            match Renderer::new(&root) {
                Ok(r) => renderer = Some(r),
                Err(ds) => report.extend(ds),
            }
        }
        let mut statics = None;
        if p.statics || self.statics.is_none() {
            match site::static_files(&root) {
                Ok(s) => statics = Some(s),
                Err(ds) => report.extend(ds),
            }
        }
        let (Some(guide), Some(render_with)) = (
            loaded.as_ref().or(self.guide.as_ref()),
            renderer.as_ref().or(self.renderer.as_ref()),
        ) else {
            report.sort();
            return Err(report);
        };
        if report.has_errors() {
            report.sort();
            return Err(report);
        }
        if !reload_content && p.statics {
            // Content was not reloaded, but an image it names may be gone.
            let static_dir = content::static_dir(&root);
            report.extend(
                guide
                    .sources
                    .iter()
                    .filter_map(|s| check_image_file(s, &static_dir)),
            );
            if report.has_errors() {
                return Err(report);
            }
        }
        let pages = if reload_content || p.templates || self.pages.is_none() {
            match site::render_pages(guide, render_with) {
                Ok(pages) => Some(pages),
                Err(ds) => {
                    report.extend(ds);
                    return Err(report);
                }
            }
        } else {
            None
        };

        // Everything succeeded: keep the new parts.
        if let Some(g) = loaded {
            self.guide = Some(g);
        }
        if let Some(r) = renderer {
            self.renderer = Some(r);
        }
        if let Some(s) = statics {
            self.statics = Some(s);
        }
        if let Some(p) = pages {
            self.pages = Some(p);
        }
        self.pending = Changes::default();
        let site = site::with_static_files(
            self.pages.clone().unwrap_or_default(),
            self.statics.as_ref().unwrap_or(&Site::new()),
        );
        Ok((site, report))
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// A one-exercise guide with a picture in static/.
    fn guide() -> tempfile::TempDir {
        let dir = tempfile::TempDir::new().unwrap();
        let root = dir.path();
        write(
            root,
            "guide.toml",
            "title = \"G\"\ndescription = \"D\"\nauthor = \"A\"\n",
        );
        write(root, "content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
        write(
            root,
            "content/exercises/reach.toml",
            "title = \"Reach\"\nsummary = \"Reach up.\"\nkind = \"stretch\"\nareas = [\"neck\"]\n\
             positions = [\"seated\"]\nsteps = [\"Reach.\"]\ncautions = [\"Gently.\"]\n\
             [image]\nsrc = \"reach.png\"\nalt = \"Arms up.\"\n",
        );
        write(root, "static/reach.png", "png");
        dir
    }

    fn builder(root: &Path) -> Builder {
        Builder::new(BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        })
    }

    fn only(f: impl FnOnce(&mut Changes)) -> Changes {
        let mut c = Changes::default();
        f(&mut c);
        c
    }

    #[test]
    fn a_static_change_does_not_render_again_but_checks_images() {
        let dir = guide();
        let root = dir.path();
        let mut b = builder(root);
        let (site, _) = b.rebuild(Changes::ALL).unwrap();
        let page = site["exercises/reach.html"].clone();

        // A template edit that only a render would pick up...
        write(root, "templates/exercise.html", "changed");
        write(root, "static/extra.txt", "x");
        let (site, _) = b.rebuild(only(|c| c.statics = true)).unwrap();
        // ...is not picked up by a static-only rebuild, which still copies.
        assert_eq!(site["exercises/reach.html"], page);
        assert_eq!(site["extra.txt"], b"x");

        // A picture an exercise names is gone: an error, though no content
        // file changed.
        fs::remove_file(root.join("static/reach.png")).unwrap();
        let report = b.rebuild(only(|c| c.statics = true)).unwrap_err();
        assert_eq!(report.diagnostics[0].code, "E0151");
    }

    #[test]
    fn after_a_failure_the_failed_part_is_redone_whatever_changes_next() {
        let dir = guide();
        let root = dir.path();
        let mut b = builder(root);
        b.rebuild(Changes::ALL).unwrap();
        write(root, "templates/exercise.html", "{% if %}");
        assert!(b.rebuild(only(|c| c.templates = true)).is_err());
        // Fixed, but the event says only static/ changed (say the fix and
        // the event were far apart): the templates are loaded again anyway.
        write(root, "templates/exercise.html", "<p>{{ ex.title }}</p>");
        let (site, _) = b.rebuild(only(|c| c.statics = true)).unwrap();
        assert_eq!(site["exercises/reach.html"], b"<p>Reach</p>");
    }
}
