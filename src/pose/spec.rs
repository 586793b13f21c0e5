//! A pose as an author writes it: `[[poses]]` in an exercise file, and the
//! vocabulary of joints, views and props it may use.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The posture a figure is drawn from: the five the drawing knows, whatever
/// positions a guide names for its exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    Standing,
    Seated,
    Lying,
    AllFours,
    Kneeling,
}

impl Position {
    pub const ALL: [Position; 5] = [
        Position::Standing,
        Position::Seated,
        Position::Lying,
        Position::AllFours,
        Position::Kneeling,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Position::Standing => "standing",
            Position::Seated => "seated",
            Position::Lying => "lying",
            Position::AllFours => "all-fours",
            Position::Kneeling => "kneeling",
        }
    }
}

/// One key position of an exercise.
///
/// Angles are a map rather than a struct of optional fields so that an
/// unknown joint is reported by limber's own check, with its line and a
/// "did you mean", while the rest of the file still loads.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PoseSpec {
    pub label: String,
    pub base: Position,
    #[serde(default)]
    pub view: View,
    #[serde(default)]
    pub angles: BTreeMap<String, f64>,
    #[serde(default)]
    pub props: Vec<Prop>,
    #[serde(default)]
    pub alt: Option<String>,
}

impl PoseSpec {
    /// The pose as the base posture alone (for tests and for `limber init`).
    pub fn new(label: &str, base: Position, view: View) -> PoseSpec {
        PoseSpec {
            label: label.to_owned(),
            base,
            view,
            angles: BTreeMap::new(),
            props: Vec::new(),
            alt: None,
        }
    }

    pub fn with(mut self, joint: &str, degrees: f64) -> PoseSpec {
        self.angles.insert(joint.to_owned(), degrees);
        self
    }

    pub fn prop(mut self, prop: Prop) -> PoseSpec {
        self.props.push(prop);
        self
    }

    /// The author's angle for `joint`, if given.
    pub fn angle(&self, joint: usize) -> Option<f64> {
        self.angles.get(JOINTS[joint].name).copied()
    }
}

/// Where the figure is seen from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// From the figure's right side, facing (or, lying, with the feet) to
    /// the right of the picture.
    #[default]
    Side,
    /// From in front (from the feet, for a figure lying down).
    Front,
    /// From above.
    Top,
    /// From in front and to the right, a little above: for twists, which
    /// no flat view shows well.
    ThreeQuarter,
}

/// Things drawn with the figure. Props never move in an animation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Prop {
    /// Sat on the usual way, its back behind the figure.
    Chair,
    /// Sat on sideways, its back on the figure's left.
    ChairBackLeft,
    /// Sat on sideways, its back on the figure's right.
    ChairBackRight,
    /// An exercise mat on the floor.
    Mat,
}

impl Prop {
    pub fn name(self) -> &'static str {
        match self {
            Prop::Chair => "chair",
            Prop::ChairBackLeft => "chair-back-left",
            Prop::ChairBackRight => "chair-back-right",
            Prop::Mat => "mat",
        }
    }

    pub fn is_chair(self) -> bool {
        matches!(
            self,
            Prop::Chair | Prop::ChairBackLeft | Prop::ChairBackRight
        )
    }

    /// Whether a figure in `base` can use the prop: a chair is only sat on,
    /// and a mat lies on the floor, where a seated figure is not.
    pub fn fits(self, base: Position) -> bool {
        if self.is_chair() {
            base == Position::Seated
        } else {
            base != Position::Seated
        }
    }

    /// The bases that can use the prop, for help messages.
    pub fn bases(self) -> &'static str {
        if self.is_chair() {
            "seated"
        } else {
            "standing, lying, all-fours and kneeling"
        }
    }
}

/// A named joint angle: its range in degrees and what the ends mean.
#[derive(Debug, Clone, Copy)]
pub struct Joint {
    pub name: &'static str,
    pub min: f64,
    pub max: f64,
    /// What the most negative angle looks like.
    pub min_words: &'static str,
    /// What the most positive angle looks like.
    pub max_words: &'static str,
}

const fn joint(
    name: &'static str,
    min: f64,
    max: f64,
    min_words: &'static str,
    max_words: &'static str,
) -> Joint {
    Joint {
        name,
        min,
        max,
        min_words,
        max_words,
    }
}

/// Every joint an author may set. The ranges are what a healthy adult body
/// can do; the skeleton's indices below follow this order.
pub const JOINTS: [Joint; 23] = [
    joint("head_bend", -30.0, 30.0, "chin lifted", "chin tucked"),
    joint("head_tilt", -20.0, 20.0, "tilted left", "tilted right"),
    joint("head_turn", -30.0, 30.0, "turned left", "turned right"),
    joint("neck_bend", -60.0, 50.0, "looking up", "chin to chest"),
    joint(
        "neck_tilt",
        -35.0,
        35.0,
        "ear toward the left shoulder",
        "ear toward the right shoulder",
    ),
    joint("neck_turn", -60.0, 60.0, "looking left", "looking right"),
    joint("spine_bend", -35.0, 80.0, "arched back", "rounded forward"),
    joint(
        "spine_tilt",
        -40.0,
        40.0,
        "bent to the left",
        "bent to the right",
    ),
    joint(
        "spine_turn",
        -70.0,
        70.0,
        "upper body turned left",
        "upper body turned right",
    ),
    joint(
        "shoulder_left",
        -60.0,
        180.0,
        "arm behind",
        "arm straight up",
    ),
    joint(
        "shoulder_right",
        -60.0,
        180.0,
        "arm behind",
        "arm straight up",
    ),
    joint(
        "shoulder_left_out",
        -30.0,
        180.0,
        "arm across the body",
        "arm straight up",
    ),
    joint(
        "shoulder_right_out",
        -30.0,
        180.0,
        "arm across the body",
        "arm straight up",
    ),
    joint("elbow_left", 0.0, 150.0, "straight", "fully bent"),
    joint("elbow_right", 0.0, 150.0, "straight", "fully bent"),
    joint("hip_left", -30.0, 130.0, "leg behind", "knee to chest"),
    joint("hip_right", -30.0, 130.0, "leg behind", "knee to chest"),
    joint(
        "hip_left_out",
        -30.0,
        50.0,
        "leg across the other",
        "leg out to the side",
    ),
    joint(
        "hip_right_out",
        -30.0,
        50.0,
        "leg across the other",
        "leg out to the side",
    ),
    joint("knee_left", 0.0, 150.0, "straight", "fully bent"),
    joint("knee_right", 0.0, 150.0, "straight", "fully bent"),
    joint(
        "ankle_left",
        -30.0,
        90.0,
        "toes pulled up",
        "toes pointed, foot in line with the shin",
    ),
    joint(
        "ankle_right",
        -30.0,
        90.0,
        "toes pulled up",
        "toes pointed, foot in line with the shin",
    ),
];

pub const HEAD_BEND: usize = 0;
pub const HEAD_TILT: usize = 1;
pub const HEAD_TURN: usize = 2;
pub const NECK_BEND: usize = 3;
pub const NECK_TILT: usize = 4;
pub const NECK_TURN: usize = 5;
pub const SPINE_BEND: usize = 6;
pub const SPINE_TILT: usize = 7;
pub const SPINE_TURN: usize = 8;
/// Left, then right: add [`RIGHT`] for the right side's joint.
pub const SHOULDER: usize = 9;
pub const SHOULDER_OUT: usize = 11;
pub const ELBOW: usize = 13;
pub const HIP: usize = 15;
pub const HIP_OUT: usize = 17;
pub const KNEE: usize = 19;
pub const ANKLE: usize = 21;
pub const LEFT: usize = 0;
pub const RIGHT: usize = 1;

/// One angle per joint of [`JOINTS`], in degrees.
pub type Angles = [f64; JOINTS.len()];

pub fn joint_index(name: &str) -> Option<usize> {
    JOINTS.iter().position(|j| j.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joint_indices_match_the_table() {
        for (i, name) in [
            (HEAD_BEND, "head_bend"),
            (HEAD_TILT, "head_tilt"),
            (HEAD_TURN, "head_turn"),
            (NECK_BEND, "neck_bend"),
            (NECK_TILT, "neck_tilt"),
            (NECK_TURN, "neck_turn"),
            (SPINE_BEND, "spine_bend"),
            (SPINE_TILT, "spine_tilt"),
            (SPINE_TURN, "spine_turn"),
            (SHOULDER + LEFT, "shoulder_left"),
            (SHOULDER + RIGHT, "shoulder_right"),
            (SHOULDER_OUT + RIGHT, "shoulder_right_out"),
            (ELBOW + RIGHT, "elbow_right"),
            (HIP + LEFT, "hip_left"),
            (HIP_OUT + LEFT, "hip_left_out"),
            (KNEE + RIGHT, "knee_right"),
            (ANKLE + LEFT, "ankle_left"),
        ] {
            assert_eq!(JOINTS[i].name, name);
        }
        assert!(JOINTS.iter().all(|j| j.min <= 0.0));
        assert!(JOINTS.iter().all(|j| j.min < j.max));
    }

    #[test]
    fn poses_parse_from_toml() {
        #[derive(Deserialize)]
        struct Holder {
            poses: Vec<PoseSpec>,
        }
        let h: Holder = toml::from_str(
            "[[poses]]\nlabel = \"Cat\"\nbase = \"all-fours\"\nangles = { spine_bend = 40, neck_bend = 30.5 }\nprops = [\"mat\"]\n",
        )
        .unwrap();
        let p = &h.poses[0];
        assert_eq!(p.view, View::Side);
        assert_eq!(p.angle(SPINE_BEND), Some(40.0));
        assert_eq!(p.angle(NECK_BEND), Some(30.5));
        assert_eq!(p.props, [Prop::Mat]);
        assert!(
            toml::from_str::<Holder>(
                "[[poses]]\nlabel = \"A\"\nbase = \"standing\"\nprops = [\"sofa\"]\n"
            )
            .is_err()
        );
    }
}
