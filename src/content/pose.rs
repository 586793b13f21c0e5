//! Checks of `[[poses]]` that the types alone cannot make: known joints,
//! angles a body can reach, props that suit the base posture. Unknown keys
//! and unknown bases, views or props are already reported by the parser.

use crate::diagnostic::Diagnostic;
use crate::pose::spec::{JOINTS, PoseSpec, joint_index};
use crate::pose::svg::{animatable, num};
use crate::suggest::did_you_mean;
use crate::toml_doc::{Seg, TomlRegion};

fn fmt_deg(x: f64) -> String {
    num(x)
}

pub fn check(poses: &[PoseSpec], r: &TomlRegion) -> Vec<Diagnostic> {
    let file = &r.file;
    let mut out = Vec::new();
    for (i, pose) in poses.iter().enumerate() {
        fn at<'a>(i: usize, rest: &[Seg<'a>]) -> Vec<Seg<'a>> {
            let mut path = vec![Seg::Key("poses"), Seg::Index(i)];
            path.extend_from_slice(rest);
            path
        }
        if pose.label.trim().is_empty() {
            out.push(
                Diagnostic::error("E0193", format!("pose {} has an empty `label`", i + 1))
                    .at(file, r.span_of(&at(i, &[Seg::Key("label")])))
                    .label("write a short name here")
                    .help("name the position in a word or two, such as label = \"Start\" or label = \"Cat\""),
            );
        }
        if let Some(alt) = &pose.alt
            && alt.trim().is_empty()
        {
            out.push(
                Diagnostic::error("E0194", format!("pose {} has an empty `alt`", i + 1))
                    .at(file, r.span_of(&at(i, &[Seg::Key("alt")])))
                    .label("empty alt")
                    .help("describe the position for people who cannot see the picture, or remove `alt` and limber writes one"),
            );
        }
        for (name, &value) in &pose.angles {
            let Some(j) = joint_index(name) else {
                let help = match did_you_mean(name, JOINTS.iter().map(|j| j.name)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "the joints are: {}",
                        JOINTS.iter().map(|j| j.name).collect::<Vec<_>>().join(", ")
                    ),
                };
                out.push(
                    Diagnostic::error("E0190", format!("`{name}` is not a joint limber knows"))
                        .at(
                            file,
                            r.key_span_of(&at(i, &[Seg::Key("angles"), Seg::Key(name)])),
                        )
                        .label("unknown joint")
                        .help(help),
                );
                continue;
            };
            let joint = &JOINTS[j];
            if !(value.is_finite() && joint.min <= value && value <= joint.max) {
                let shown = if value.is_finite() {
                    fmt_deg(value)
                } else {
                    value.to_string()
                };
                out.push(
                    Diagnostic::error(
                        "E0191",
                        format!("`{name} = {shown}` is outside what a body can do"),
                    )
                    .at(
                        file,
                        r.span_of(&at(i, &[Seg::Key("angles"), Seg::Key(name)])),
                    )
                    .label(format!(
                        "expected {} to {} degrees",
                        fmt_deg(joint.min),
                        fmt_deg(joint.max)
                    ))
                    .help(format!(
                        "`{name}` goes from {} ({}) to {} ({})",
                        fmt_deg(joint.min),
                        joint.min_words,
                        fmt_deg(joint.max),
                        joint.max_words
                    )),
                );
            }
        }
        let mut chairs = 0;
        for (k, prop) in pose.props.iter().enumerate() {
            let span = r.span_of(&at(i, &[Seg::Key("props"), Seg::Index(k)]));
            let base = pose.base.slug();
            if !prop.fits(pose.base) {
                let help = if prop.is_chair() {
                    format!(
                        "a chair is for sitting on: use base = \"seated\", or remove \"{}\"",
                        prop.name()
                    )
                } else {
                    "a seated figure sits on a seat, not on the floor: remove \"mat\" (without a chair it sits on a stool), or choose another base".to_owned()
                };
                out.push(
                    Diagnostic::error(
                        "E0192",
                        format!("a `{base}` pose cannot use the prop `{}`", prop.name()),
                    )
                    .at(file, span)
                    .label(format!("only for {}", prop.bases()))
                    .help(help),
                );
            } else if prop.is_chair() {
                chairs += 1;
                if chairs == 2 {
                    out.push(
                        Diagnostic::error("E0195", "a pose can sit on only one chair".to_owned())
                            .at(file, span)
                            .label("second chair")
                            .help("keep one of \"chair\", \"chair-back-left\" and \"chair-back-right\""),
                    );
                }
            } else if pose.props[..k].contains(prop) {
                out.push(
                    Diagnostic::error(
                        "E0195",
                        format!("the prop `{}` is given twice", prop.name()),
                    )
                    .at(file, span)
                    .label("given twice")
                    .help("give each prop once"),
                );
            }
        }
    }
    if poses.len() >= 2 && !animatable(poses) {
        let first = &poses[0];
        let odd = poses
            .iter()
            .position(|p| p.base != first.base || p.view != first.view)
            .or_else(|| poses.iter().position(|p| p.props != first.props))
            .unwrap_or(1);
        out.push(
            Diagnostic::warning(
                "W0190",
                "these poses are drawn differently, so they are shown side by side but not animated".to_owned(),
            )
            .at(file, r.span_of(&[Seg::Key("poses"), Seg::Index(odd)]))
            .label("its base, view or props differ from the first pose's")
            .help("the animation moves the figure between poses with the same `base`, `view` and `props`; give every pose the same three to animate them"),
        );
    }
    out
}
