//! Template values cut down to the fields a template can read.
//!
//! A large guide's list pages show a card's worth of each of thousands of
//! exercises; turning every field of every exercise into a template value
//! for every page would be most of the build. A template can only read a
//! field whose name it writes (`ex.title`, `ex["title"]`, `attribute="title"`),
//! so the names found in its text, and in the templates it extends, includes
//! and imports, are all it can see: the rest is left out.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

/// The field names a template may read; `None` when it may read any
/// (a subscript with a variable, `json_encode`, the whole context).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Option<HashSet<String>>);

impl Fields {
    /// Keeps every field.
    pub const ALL: Fields = Fields(None);

    pub fn only(names: HashSet<String>) -> Fields {
        Fields(Some(names))
    }

    pub fn from_names(names: Option<HashSet<String>>) -> Fields {
        Fields(names)
    }

    /// Whether a field named `name` may be read.
    pub fn may_read(&self, name: &str) -> bool {
        self.0.as_ref().is_none_or(|n| n.contains(name))
    }

    /// Whether any of `names` may be read.
    pub fn may_read_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.may_read(n))
    }

    /// Both sets' names: what either of two templates may read.
    pub fn union(&self, other: &Fields) -> Fields {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Fields(Some(a.union(b).cloned().collect())),
            _ => Fields(None),
        }
    }

    /// `value` as a template value, without the fields that cannot be read.
    pub fn value_of(&self, value: &impl Serialize) -> Value {
        // Views are plain structs of strings, numbers and lists: they always
        // serialize.
        let mut v = serde_json::to_value(value).unwrap_or_default();
        self.prune(&mut v);
        v
    }

    /// Removes from `value`, at every depth, the fields that cannot be read.
    pub fn prune(&self, value: &mut Value) {
        let Some(names) = &self.0 else { return };
        prune_with(value, names);
    }
}

fn prune_with(value: &mut Value, names: &HashSet<String>) {
    match value {
        Value::Object(map) => {
            // `{% if ex.image %}` reads no field of `image` but needs it
            // truthy: an object that had fields keeps one.
            let first = map.keys().next().cloned();
            map.retain(|k, _| names.contains(k));
            if map.is_empty()
                && let Some(k) = first
            {
                map.insert(k, Value::Bool(true));
            }
            map.values_mut().for_each(|v| prune_with(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| prune_with(v, names)),
        _ => {}
    }
}

/// A page's own template values, built up before they join its context.
#[derive(Debug, Default)]
pub struct Values {
    pub map: Map<String, Value>,
}

impl Values {
    /// Adds `value` under the variable `key`, cut down to `fields`.
    pub fn put(&mut self, fields: &Fields, key: &str, value: &impl Serialize) {
        self.map.insert(key.to_owned(), fields.value_of(value));
    }

    /// Adds a value already cut down.
    pub fn put_value(&mut self, key: &str, value: Value) {
        self.map.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_named_fields_at_every_depth() {
        let fields = Fields::only(["title", "areas", "name"].map(str::to_owned).into());
        let v = fields.value_of(&serde_json::json!({
            "title": "T", "intro": "x",
            "areas": [{"name": "Neck", "url": "u"}],
        }));
        assert_eq!(
            v,
            serde_json::json!({"title": "T", "areas": [{"name": "Neck"}]})
        );
        let all = Fields::ALL.value_of(&serde_json::json!({"a": {"b": 1}}));
        assert_eq!(all, serde_json::json!({"a": {"b": 1}}));
    }

    #[test]
    fn an_object_stays_truthy() {
        let fields = Fields::only(["image".to_owned()].into());
        let v = fields.value_of(&serde_json::json!({"image": {"src": "a.png"}}));
        assert_eq!(v, serde_json::json!({"image": {"src": true}}));
    }

    #[test]
    fn a_union_with_everything_is_everything() {
        let some = Fields::only(["a".to_owned()].into());
        assert!(some.union(&Fields::ALL).may_read("z"));
        assert!(!some.union(&some).may_read("z"));
    }
}
