//! A text alternative for a pose the author gave no `alt` for, written from
//! its label, base posture and the angles that make it what it is:
//! "Cat: on hands and knees, back rounded up, head down".
//!
//! Only what the author set is described (the base posture already says the
//! rest), and limbs are described by where they end up, in everyday words,
//! rather than by joint angles.

use super::skeleton::{Skeleton, pt};
use super::spec::*;
use crate::pose::spec::Position;

/// An angle small enough to leave out of the description.
const SLIGHT: f64 = 10.0;

fn side_word(positive_is_right: f64) -> &'static str {
    if positive_is_right > 0.0 {
        "right"
    } else {
        "left"
    }
}

fn base_words(pose: &PoseSpec) -> String {
    let mut s = match pose.base {
        Position::Standing => "standing".to_owned(),
        Position::Seated => match pose.props.iter().find(|p| p.is_chair()) {
            Some(Prop::Chair) => "sitting on a chair".to_owned(),
            Some(Prop::ChairBackLeft) => {
                "sitting sideways on a chair, its back on the left".to_owned()
            }
            Some(Prop::ChairBackRight) => {
                "sitting sideways on a chair, its back on the right".to_owned()
            }
            _ => "sitting".to_owned(),
        },
        Position::Lying => "lying on the back".to_owned(),
        Position::AllFours => "on hands and knees".to_owned(),
        Position::Kneeling => "kneeling upright".to_owned(),
    };
    if pose.props.contains(&Prop::Mat) {
        s += " on a mat";
    }
    s
}

/// Where a limb points, in the figure's own frame: (forward, up the body,
/// to the right), as a unit vector.
fn limb_direction(pose: &PoseSpec, s: &Skeleton, from: usize, to: usize) -> (f64, f64, f64) {
    let v = s.p[to] - s.p[from];
    let len = v.len().max(1e-9);
    let local = Skeleton::base_frame(pose.base)
        .transpose()
        .apply(v * (1.0 / len));
    (local.x, local.y, local.z)
}

/// "reaching forward", "raised over the head", … for an arm the author
/// moved; `None` when it hangs as the base posture has it.
fn arm_words(pose: &PoseSpec, s: &Skeleton, side: usize) -> Option<String> {
    let set = [SHOULDER, SHOULDER_OUT, ELBOW]
        .iter()
        .any(|&j| pose.angle(j + side).is_some());
    if !set {
        return None;
    }
    let (fwd, up, right) = limb_direction(pose, s, pt::SHOULDER + side, pt::HAND + side);
    let own = if side == LEFT { -1.0 } else { 1.0 };
    let words = if up > 0.6 {
        match pose.base {
            Position::AllFours => "reaching forward",
            Position::Lying => "stretched out past the head",
            _ => "raised over the head",
        }
    } else if right.abs() > 0.6 {
        if right * own > 0.0 {
            "out to the side"
        } else if right > 0.0 {
            "reaching across to the right"
        } else {
            "reaching across to the left"
        }
    } else if right.abs() > 0.45 && fwd > 0.3 {
        if right > 0.0 {
            "reaching forward and to the right"
        } else {
            "reaching forward and to the left"
        }
    } else if fwd > 0.6 {
        match pose.base {
            Position::Lying => "pointing at the ceiling",
            Position::AllFours => return None,
            _ => "reaching forward",
        }
    } else {
        return None;
    };
    Some(words.to_owned())
}

fn leg_words(pose: &PoseSpec, s: &Skeleton, side: usize) -> Option<String> {
    let set = [HIP, HIP_OUT, KNEE]
        .iter()
        .any(|&j| pose.angle(j + side).is_some());
    if !set {
        return None;
    }
    let knee = pose.angle(KNEE + side).unwrap_or(0.0);
    let (fwd, up, _) = limb_direction(pose, s, pt::HIP + side, pt::ANKLE + side);
    let words = match pose.base {
        Position::AllFours if knee < 30.0 && up < -0.8 => "stretched back",
        Position::Lying | Position::Standing if knee >= 45.0 => "knee bent",
        Position::Standing | Position::Kneeling if fwd > 0.5 => "lifted forward",
        Position::Seated if knee < 30.0 => "stretched out",
        _ => return None,
    };
    Some(words.to_owned())
}

/// Both arms: reaching the same way (toward a chair back, say) is one
/// phrase, whichever side each arm starts from.
fn arms(pose: &PoseSpec, s: &Skeleton) -> Vec<String> {
    let (left, right) = (arm_words(pose, s, LEFT), arm_words(pose, s, RIGHT));
    if left.is_some() && right.is_some() {
        let l = limb_direction(pose, s, pt::SHOULDER, pt::HAND);
        let r = limb_direction(pose, s, pt::SHOULDER + RIGHT, pt::HAND + RIGHT);
        for sign in [1.0, -1.0] {
            if l.2 * sign > 0.45 && r.2 * sign > 0.45 && l.1 < 0.6 && r.1 < 0.6 {
                return vec![format!("both arms reaching to the {}", side_word(sign))];
            }
        }
    }
    pair("arm", "arms", left, right)
}

/// Left and right limbs as one phrase: "both arms …", "arms out to the
/// sides", or one phrase per side.
fn pair(limb: &str, plural: &str, left: Option<String>, right: Option<String>) -> Vec<String> {
    match (left, right) {
        (Some(l), Some(r)) if l == r && l == "out to the side" => {
            vec![format!("{plural} out to the sides")]
        }
        (Some(l), Some(r)) if l == "knee bent" && r == l => vec!["knees bent".to_owned()],
        (Some(l), Some(r)) if l == r => vec![format!("both {plural} {l}")],
        (l, r) => {
            let mut out = Vec::new();
            if let Some(r) = r {
                out.push(if r == "knee bent" {
                    "right knee bent".to_owned()
                } else {
                    format!("right {limb} {r}")
                });
            }
            if let Some(l) = l {
                out.push(if l == "knee bent" {
                    "left knee bent".to_owned()
                } else {
                    format!("left {limb} {l}")
                });
            }
            out
        }
    }
}

pub fn describe(pose: &PoseSpec, s: &Skeleton) -> String {
    let mut parts = vec![base_words(pose)];
    let get = |j: usize| pose.angle(j).unwrap_or(0.0);
    let lying = pose.base == Position::Lying;

    let bend = get(SPINE_BEND);
    if bend.abs() >= SLIGHT {
        parts.push(
            match (pose.base, bend > 0.0) {
                (Position::AllFours, true) => "back rounded up",
                (Position::AllFours, false) => "back dipped down",
                (Position::Lying, true) => "head and shoulders curled up",
                (Position::Lying, false) => "back arched",
                (_, true) => "back rounded forward",
                (_, false) => "back arched",
            }
            .to_owned(),
        );
    }
    let tilt = get(SPINE_TILT);
    if tilt.abs() >= SLIGHT {
        parts.push(format!("upper body bending to the {}", side_word(tilt)));
    }

    let legs = pair(
        "leg",
        "legs",
        leg_words(pose, s, LEFT),
        leg_words(pose, s, RIGHT),
    );
    let turn = get(SPINE_TURN);
    let knees_bent = legs.iter().any(|l| l == "knees bent");
    if turn.abs() >= SLIGHT {
        if lying {
            // The shoulders stay down, so the hips turn the other way.
            let to = side_word(-turn);
            if knees_bent {
                parts.push(format!("knees bent and dropped to the {to}"));
            } else {
                parts.push(format!("hips turned to the {to}"));
            }
        } else {
            parts.push(format!("upper body turned to the {}", side_word(turn)));
        }
    }
    for l in legs {
        if !(l == "knees bent" && lying && turn.abs() >= SLIGHT) {
            parts.push(l);
        }
    }
    parts.extend(arms(pose, s));

    let head_bend = get(NECK_BEND) + get(HEAD_BEND);
    let head_tilt = get(NECK_TILT) + get(HEAD_TILT);
    let head_turn = get(NECK_TURN) + get(HEAD_TURN);
    if head_tilt.abs() >= SLIGHT {
        parts.push(format!("head tilted to the {}", side_word(head_tilt)));
    }
    if head_turn.abs() >= SLIGHT {
        parts.push(format!("head turned to the {}", side_word(head_turn)));
    }
    if head_bend >= SLIGHT + 5.0 {
        parts.push(if head_tilt.abs() >= SLIGHT {
            "rolled forward".to_owned()
        } else {
            "head down".to_owned()
        });
    } else if head_bend <= -(SLIGHT + 5.0) {
        parts.push("looking up".to_owned());
    }

    let label = pose.label.trim();
    if label.is_empty() {
        capitalise(&parts.join(", "))
    } else {
        format!("{label}: {}", parts.join(", "))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pose::skeleton::{build, resolve};

    fn words(p: &PoseSpec) -> String {
        describe(p, &build(&resolve(p)))
    }

    #[test]
    fn the_brief_example() {
        let cat = PoseSpec::new("Cat", Position::AllFours, View::Side)
            .with("spine_bend", 40.0)
            .with("neck_bend", 35.0);
        assert_eq!(
            words(&cat),
            "Cat: on hands and knees, back rounded up, head down"
        );
    }

    #[test]
    fn limbs_are_described_by_where_they_point() {
        let reach = PoseSpec::new("Reach", Position::AllFours, View::Side)
            .with("shoulder_right", 180.0)
            .with("hip_left", 0.0)
            .with("knee_left", 0.0);
        assert_eq!(
            words(&reach),
            "Reach: on hands and knees, left leg stretched back, right arm reaching forward"
        );
        let lying = PoseSpec::new("Start", Position::Lying, View::Top)
            .with("hip_left", 60.0)
            .with("hip_right", 60.0)
            .with("knee_left", 110.0)
            .with("knee_right", 110.0)
            .with("shoulder_left_out", 80.0)
            .with("shoulder_right_out", 80.0);
        assert_eq!(
            words(&lying),
            "Start: lying on the back, knees bent, arms out to the sides"
        );
        let dropped = lying.with("spine_turn", -50.0);
        assert!(
            words(&dropped).contains("knees bent and dropped to the right"),
            "{}",
            words(&dropped)
        );
    }
}
