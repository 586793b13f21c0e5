//! The language a set of pages is in, and the other languages of the guide.

use crate::i18n::Words;

/// One language of a guide, as its pages need it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLanguage {
    /// BCP 47, as the guide writes it (`en-GB`, `es`).
    pub code: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Where its pages are under the output: "" for the default language,
    /// `es/` for another.
    pub prefix: String,
    /// What the switcher calls it (`Español`).
    pub name: String,
    pub words: Words,
    /// Every language of the guide, the default first: for the switcher
    /// and the alternates. Empty in a guide of one language.
    pub all: Vec<LanguageEntry>,
}

/// One language of the guide as other languages' pages link to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LanguageEntry {
    pub code: String,
    pub name: String,
    pub prefix: String,
    /// Slugs of the exercises and routines with no page in it.
    pub untranslated_exercises: std::collections::HashSet<String>,
    pub untranslated_routines: std::collections::HashSet<String>,
}

impl PageLanguage {
    /// The default language of a guide, whose pages are at the top.
    pub fn default_for(code: &str, words: Words) -> PageLanguage {
        PageLanguage {
            code: code.to_owned(),
            dir: crate::i18n::direction(code),
            prefix: String::new(),
            name: words.text_or("language_name", code),
            words,
            all: Vec::new(),
        }
    }

    /// From a page whose links reach this language's folder by `root`,
    /// the way to the site's root, where the assets are.
    pub fn assets_from(&self, root: &str) -> String {
        if self.prefix.is_empty() {
            return root.to_owned();
        }
        // An absolute root (404.html under a base URL) ends in the prefix.
        if let Some(site) = root.strip_suffix(&self.prefix)
            && root.contains("://")
        {
            return site.to_owned();
        }
        let up = "../".repeat(self.prefix.matches('/').count());
        format!("{root}{up}")
    }
}
