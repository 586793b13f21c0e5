//! Rebuilding after a change, redoing only the phases the change touched:
//! a template edit re-renders the already loaded content, a new picture in
//! static/ re-reads static/ and re-checks images but renders nothing, and
//! an edit to an exercise parses that file alone and renders only the pages
//! that show it. The result is always what a full build would make.

use crate::content::ParseCache;
use crate::diagnostic::Report;
use crate::model::Guide;
use crate::render::Renderer;
use crate::site::{self, BuildOptions, Pages, Reusable};

use super::live::Served;

use super::watch::Changes;

/// The parts of the last good build, kept to be reused.
pub struct Builder {
    options: BuildOptions,
    guide: Option<Guide>,
    renderer: Option<Renderer>,
    pages: Option<Served>,
    /// What the last render of the pages was made from.
    reusable: Option<Reusable>,
    statics: Option<Served>,
    /// The copies of the pictures the last good guide shows.
    pictures: Option<Served>,
    cache: ParseCache,
    /// How many pages the last rebuild rendered (0 when it rendered none).
    pub rendered: usize,
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
            reusable: None,
            statics: None,
            pictures: None,
            cache: ParseCache::default(),
            rendered: 0,
            pending: Changes::ALL,
        }
    }

    /// Rebuilds for `changes`; the whole site and its warnings, or every
    /// error. On error nothing kept is replaced.
    pub fn rebuild(&mut self, changes: Changes) -> Result<(Served, Report), Report> {
        self.pending.merge(changes);
        let p = self.pending;
        let root = self.options.root.clone();
        let mut report = Report::default();

        // Whether an exercise's picture exists, and what it is, are part of
        // loading it.
        let reload_content = p.content || p.statics || self.guide.is_none();
        if p.statics {
            self.cache.clear();
        }
        let mut loaded = None;
        if reload_content {
            let (guide, r) = site::load_cached(&self.options, &mut self.cache);
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
                Ok(s) => statics = Some(shared(s)),
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
        if let Some(statics) = &statics {
            let clashes = site::pictures::clashes(statics.keys());
            if !clashes.is_empty() {
                report.extend(clashes);
                return Err(report);
            }
        }
        // The copies of the pictures, from the cache the load just filled.
        let mut pictures = None;
        if loaded.is_some() {
            match site::pictures::files(guide) {
                Ok(files) => pictures = Some(shared(files)),
                Err(ds) => {
                    report.extend(ds);
                    return Err(report);
                }
            }
        }
        let mut reusable = None;
        let mut rendered = 0;
        let pages = if reload_content || p.templates || self.pages.is_none() {
            let before = match (&self.guide, &self.reusable, &self.pages) {
                (Some(g), Some(r), Some(pages)) if !p.templates => Some((g, r, pages)),
                _ => None,
            };
            match render(guide, render_with, before) {
                Ok(made) => {
                    reusable = Some(made.reusable);
                    rendered = made.rendered;
                    Some(made.pages)
                }
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
        if let Some(p) = pictures {
            self.pictures = Some(p);
        }
        if let Some(p) = pages {
            self.pages = Some(p);
        }
        if let Some(r) = reusable {
            self.reusable = Some(r);
        }
        self.rendered = rendered;
        self.pending = Changes::default();
        // Static files win over pages of the same name, as in a build.
        let mut site = self.pages.clone().unwrap_or_default();
        if let Some(pictures) = &self.pictures {
            site.extend(pictures.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        if let Some(statics) = &self.statics {
            site.extend(statics.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Ok((site, report))
    }
}

/// Files made for the server: their bytes are shared between the builds
/// that did not change them.
fn shared(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Served {
    files.into_iter().map(|(k, v)| (k, v.into())).collect()
}

/// What one render made.
struct Made {
    /// Every page, and the files made from them.
    pages: Served,
    /// How many pages were rendered.
    rendered: usize,
    reusable: Reusable,
}

/// The pages of `guide` and the files made from them. With the guide
/// `before` replaced, what its render made and its pages, only the pages
/// that may differ are rendered, from views made again only where they may
/// differ, over the other pages as they were.
fn render(
    guide: &Guide,
    renderer: &Renderer,
    before: Option<(&Guide, &Reusable, &Served)>,
) -> Result<Made, Vec<crate::diagnostic::Diagnostic>> {
    let pages = Pages::reusing(guide, renderer, before.map(|(g, r, _)| (g, r)));
    let all = pages.all();
    let affected = before.and_then(|(old, reusable, served)| {
        Some((pages.affected_since(old, reusable.fingerprint())?, served))
    });
    let (mut made, rendered) = match affected {
        Some((affected, served)) => {
            let count = affected.len();
            let mut made = served.clone();
            made.extend(shared(pages.render_some(affected)?));
            (made, count)
        }
        None => (shared(pages.render_all()?), all.len()),
    };
    let mut paths: Vec<String> = all.into_iter().map(|(path, _)| path).collect();
    // Other languages are rendered whole: a change to an original reaches
    // every translation of it.
    for lang_guide in &guide.others {
        let out = site::InMemory::default();
        let (pages, _) = site::render_language_to(lang_guide, renderer, &out)?;
        made.extend(shared(out.into_site()));
        paths.extend(pages);
    }
    paths.sort();
    made.extend(shared(site::files_from_pages(guide, &pages, &paths)));
    Ok(Made {
        pages: made,
        rendered,
        reusable: pages.reusable(),
    })
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;
    use crate::site::Site;

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
        fs::create_dir_all(root.join("static")).unwrap();
        fs::write(
            root.join("static/reach.png"),
            crate::images::test_pictures::png_rgb(40, 30),
        )
        .unwrap();
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
        let copies: Vec<&String> = site.keys().filter(|k| k.starts_with("_img/")).collect();
        assert_eq!(copies.len(), 2, "a WebP and a PNG copy: {copies:?}");

        // A template edit that only a render would pick up...
        write(root, "templates/exercise.html", "changed");
        write(root, "static/extra.txt", "x");
        let (site, _) = b.rebuild(only(|c| c.statics = true)).unwrap();
        // ...is not picked up by a static-only rebuild, which still copies.
        assert_eq!(site["exercises/reach.html"], page);
        assert_eq!(&*site["extra.txt"], b"x");

        // A picture an exercise names is gone: an error, though no content
        // file changed.
        fs::remove_file(root.join("static/reach.png")).unwrap();
        let report = b.rebuild(only(|c| c.statics = true)).unwrap_err();
        assert_eq!(report.diagnostics[0].code, "E0151");
    }

    #[test]
    fn a_picture_replaced_in_static_gives_new_copies_and_pages() {
        let dir = guide();
        let root = dir.path();
        let mut b = builder(root);
        let (before, _) = b.rebuild(Changes::ALL).unwrap();
        fs::write(
            root.join("static/reach.png"),
            crate::images::test_pictures::png_rgb(60, 20),
        )
        .unwrap();
        let (after, _) = b.rebuild(only(|c| c.statics = true)).unwrap();
        let page = |s: &Served| String::from_utf8_lossy(&s["exercises/reach.html"]).into_owned();
        assert_ne!(page(&before), page(&after), "the page names the new copies");
        assert!(page(&after).contains("width=\"60\" height=\"20\""));
        assert!(differences(&after, &full_build(root)).is_empty());
        let copies = |s: &Served| -> Vec<String> {
            s.keys()
                .filter(|k| k.starts_with("_img/"))
                .cloned()
                .collect()
        };
        assert_eq!(copies(&after).len(), 2);
        assert!(copies(&after).iter().all(|c| !copies(&before).contains(c)));

        // Not a picture any more: an error where the exercise names it.
        fs::write(root.join("static/reach.png"), "text").unwrap();
        let report = b.rebuild(only(|c| c.statics = true)).unwrap_err();
        assert_eq!(report.diagnostics[0].code, "E0157");
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
        assert_eq!(&*site["exercises/reach.html"], b"<p>Reach</p>");
    }

    /// A full build of `root` from nothing, in memory.
    fn full_build(root: &Path) -> Site {
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let (guide, report) = site::load(&options);
        let guide = guide.unwrap_or_else(|| panic!("{:?}", report.diagnostics));
        site::render(&guide).expect("renders").0
    }

    /// The paths whose bytes differ, or that only one site has.
    fn differences(a: &Served, b: &Site) -> Vec<String> {
        let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
        paths.sort();
        paths.dedup();
        paths
            .into_iter()
            .filter(|p| a.get(*p).map(|v| &**v) != b.get(*p).map(Vec::as_slice))
            .cloned()
            .collect()
    }

    fn edit(root: &Path, rel: &str, change: impl FnOnce(&str) -> String) {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        let changed = change(&text);
        assert_ne!(text, changed, "the edit to {rel} changes nothing");
        fs::write(path, changed).unwrap();
    }

    /// `line` added among an exercise file's top-level fields.
    fn add_field(text: &str, line: &str) -> String {
        match text.strip_prefix("+++\n") {
            Some(rest) => format!("+++\n{line}\n{rest}"),
            None => format!("{line}\n{text}"),
        }
    }

    /// The value of `key = "…"` replaced.
    fn set(text: &str, key: &str, value: &str) -> String {
        text.lines()
            .map(|l| {
                if l.starts_with(&format!("{key} = ")) {
                    format!("{key} = {value}")
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    }

    #[test]
    fn every_rebuild_makes_what_a_full_build_makes() {
        let dir = tempfile::TempDir::new().unwrap();
        let root = dir.path();
        crate::synthetic::write_guide(root, 40).unwrap();
        // The home page's list in pages, so that an edit reaches one of them.
        let toml = fs::read_to_string(root.join("guide.toml")).unwrap();
        write(
            root,
            "guide.toml",
            &format!("{toml}\n[index]\npage_size = 8\n"),
        );
        let mut files: Vec<String> = fs::read_dir(root.join("content/exercises"))
            .unwrap()
            .map(|e| {
                format!(
                    "content/exercises/{}",
                    e.unwrap().file_name().to_string_lossy()
                )
            })
            .collect();
        files.sort();
        let slug = |f: &str| {
            Path::new(f)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        };
        // A routine and a related exercise, so that those pages are covered.
        write(
            root,
            "content/routines/short.toml",
            &format!(
                "title = \"Short\"\nsummary = \"Two.\"\n[[items]]\nexercise = \"{}\"\n[[items]]\nexercise = \"{}\"\n",
                slug(&files[3]),
                slug(&files[10])
            ),
        );
        let related = format!("related = [\"{}\"]", slug(&files[5]));
        edit(root, &files[7], |t| add_field(t, &related));
        // Files last changed long ago, as most of a guide's are: those are
        // not even read again while their size and time stay the same.
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for f in &files {
            fs::File::options()
                .write(true)
                .open(root.join(f))
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }

        let mut b = builder(root);
        let content = only(|c| c.content = true);
        let (site, _) = b.rebuild(Changes::ALL).unwrap();
        assert_eq!(differences(&site, &full_build(root)), Vec::<String>::new());
        let all_pages = b.rendered;
        assert!(all_pages > 40);

        // Edits that reach a few pages: those alone are rendered.
        type Edit = Box<dyn Fn(&str) -> String>;
        let few: Vec<(usize, Edit)> = vec![
            (1, Box::new(|t| set(t, "summary", "\"A summary changed.\""))),
            (
                2,
                Box::new(|t| t.replacen("then hold for a moment", "then pause", 1)),
            ),
            // Linked to from files[7] and from its neighbours.
            (
                5,
                Box::new(|t| set(t, "title", "\"Renamed but kept in order\"")),
            ),
            (
                12,
                Box::new(|t| add_field(t, "aliases = [\"Another name\"]")),
            ),
        ];
        for (i, change) in few {
            edit(root, &files[i], change);
            let (site, _) = b.rebuild(content).unwrap();
            let differ = differences(&site, &full_build(root));
            assert!(differ.is_empty(), "after editing {}: {differ:?}", files[i]);
            assert!(
                b.rendered < all_pages / 4,
                "editing {} rendered {} of {all_pages} pages",
                files[i],
                b.rendered
            );
        }

        // Edits that reach every page, or change which pages there are.
        let check = |b: &mut Builder, what: &str| {
            let (site, _) = b.rebuild(content).unwrap();
            let differ = differences(&site, &full_build(root));
            assert!(differ.is_empty(), "after {what}: {differ:?}");
        };
        // In a routine: its time changes, shown on every page's list of routines.
        edit(root, &files[3], |t| {
            t.replacen("reps = [", "reps = [1, 2]\nold_reps = [", 1)
        });
        edit(root, &files[3], |t| t.replacen("\nold_reps = [", "\n#", 1));
        check(&mut b, "a dose in a routine");
        edit(root, &files[20], |t| set(t, "areas", "[\"neck\"]"));
        check(&mut b, "a change of areas");
        edit(root, &files[21], |t| {
            set(t, "family", "\"breathing-and-control\"")
        });
        check(&mut b, "a change of family");
        fs::remove_file(root.join(&files[30])).unwrap();
        check(&mut b, "a deleted exercise");
        let copy = fs::read_to_string(root.join(&files[31]))
            .unwrap()
            .replace("title = \"", "title = \"Copy of ");
        write(root, &files[31].replace('.', "-copy."), &copy);
        check(&mut b, "a new exercise");
        edit(root, "guide.toml", |t| set(t, "title", "\"Renamed guide\""));
        check(&mut b, "new settings");

        // A broken file, then the same file mended.
        let before = fs::read_to_string(root.join(&files[2])).unwrap();
        edit(root, &files[2], |t| t.replacen("title = ", "title = = ", 1));
        assert!(b.rebuild(content).is_err());
        fs::write(root.join(&files[2]), before).unwrap();
        check(&mut b, "a broken file mended");
    }
}
